package io.github.wecom4j.benchmarks.versus;

import io.github.wecom4j.WeComClient;
import io.github.wecom4j.httpclient5.ApacheHttpTransport;

import java.net.URI;
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
        return clients;
    }
}
