package io.github.wecom4j.benchmarks.versus;

import io.github.wecom4j.WeComClient;
import io.github.wecom4j.http.JdkHttpTransport;
import io.github.wecom4j.httpclient5.ApacheHttpTransport;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/** The wecom4j clients under test, one per transport. */
final class Transports {

    private Transports() {
    }

    static Map<String, WeComClient> clients(URI emulator) {
        Map<String, WeComClient> clients = new LinkedHashMap<>();
        clients.put(Contenders.WECOM4J + " (JDK)", Contenders.wecom4j(emulator, UnaryOperator.identity()));
        clients.put(Contenders.WECOM4J + " (httpclient5)", Contenders.wecom4j(emulator,
                b -> b.transport(ApacheHttpTransport::new)));
        if (Boolean.getBoolean("jdkPoolExecutor")) {
            // -DjdkPoolExecutor=true: the JDK transport as it was before it ran the client's tasks
            // inline (the JDK's default cached pool), for a before/after in one run.
            clients.put(Contenders.WECOM4J + " (JDK, pool)", Contenders.wecom4j(emulator, b -> b.transport((hosts, timeout) ->
                    new JdkHttpTransport(HttpClient.newBuilder().connectTimeout(timeout)
                            .followRedirects(HttpClient.Redirect.NEVER).build()))));
        }
        if (Boolean.getBoolean("classicHttpclient5")) {
            // -DclassicHttpclient5=true: wecom4j-httpclient5 as it was before it dropped HttpClient 5's
            // execution chain for HttpCore 5's primitives, for a before/after in one run.
            clients.put(Contenders.WECOM4J + " (httpclient5, classic)", Contenders.wecom4j(emulator,
                    b -> b.transport(ClassicApacheHttpTransport::new)));
        }
        return clients;
    }
}
