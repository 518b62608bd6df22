package io.github.wecom4j.http;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The default transport: {@link HttpClient} from the JDK, no dependency. Redirects are never
 * followed (WeCom answers its API directly; a redirect would be a misconfigured host).
 *
 * <p>When every host is plain http, the client is built without the platform's default TLS context
 * (loading it costs a few hundred milliseconds of a cold start, and it would never be used); it gets
 * {@link HttpOnlyTls} instead, which refuses every TLS use. Any https host gets the platform default,
 * verified as always.
 */
public final class JdkHttpTransport implements HttpTransport {

    private final HttpClient client;

    public JdkHttpTransport(WeComHosts hosts, Duration connectTimeout) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER);
        if (HttpOnlyTls.allPlainHttp(hosts)) {
            builder.sslContext(HttpOnlyTls.context()).sslParameters(new SSLParameters());
        }
        this.client = builder.build();
    }

    /** A transport over a client built elsewhere (its TLS and proxy settings are kept as they are). */
    public JdkHttpTransport(HttpClient client) {
        this.client = client;
    }

    @Override
    public String name() {
        return "jdk";
    }

    @Override
    public Response send(Request request) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(request.uri()).timeout(request.timeout());
        if (request.body() != null) {
            b.header("Content-Type", request.contentType())
                    .method(request.method(), HttpRequest.BodyPublishers.ofByteArray(request.body()));
        } else if (request.isGet()) {
            b.GET();
        } else {
            b.method(request.method(), HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<byte[]> response = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Response(response.statusCode(), response.body(), name -> response.headers().firstValue(name));
    }

    SSLContext sslContext() {
        return client.sslContext();
    }
}
