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
 *
 * <p>The client's executor runs its tasks inline. The JDK's client hands each exchange from the
 * calling thread to its selector thread, and by default from there to a cached pool for the
 * response's headers and body, then back to the caller: every call paid two thread wake-ups. Its
 * tasks are small and non-blocking by design (the JDK maintainers name an inline executor as a
 * supported configuration, net-dev, 2025-10), and this transport only ever gives it
 * {@link HttpClient#send} with {@code ofByteArray}, no dependent action of ours; so they now run
 * where they are raised, the selector thread. Against a server that costs nothing this halved the
 * client's CPU per call (docs/BENCHMARKS.md, "Client cost"). TLS handshake tasks then also run on
 * the selector thread: a few milliseconds per new connection, which the pool keeps. Responses of
 * all connections are read on that one thread, a few microseconds each: far above WeCom's rate limits.
 *
 * <p>{@link #close()} closes the client where the JDK can (21 and later). On JDK 17 its selector
 * thread outlives {@code close()}: it ends only once the client is garbage collected. That thread
 * waits in {@code epoll_wait}, native code, and HotSpot's exit waits up to 300 ms for threads in
 * native code to block ({@code VM_Exit::wait_for_threads_in_native_to_block}), so a JDK 17 process
 * that used this transport exits ~300 ms later; {@code wecom4j-httpclient5} has no such thread.
 */
public final class JdkHttpTransport implements HttpTransport {

    private final HttpClient client;
    private final boolean owned;

    public JdkHttpTransport(WeComHosts hosts, Duration connectTimeout) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(Runnable::run);
        if (HttpOnlyTls.allPlainHttp(hosts)) {
            builder.sslContext(HttpOnlyTls.context()).sslParameters(new SSLParameters());
        }
        this.client = builder.build();
        this.owned = true;
    }

    /**
     * A transport over a client built elsewhere (its TLS, proxy and executor settings are kept as
     * they are); {@link #close()} leaves it open, since its owner may share it.
     */
    public JdkHttpTransport(HttpClient client) {
        this.client = client;
        this.owned = false;
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
        // The request's timeout costs a selector wake-up per call (the client registers a timer), but
        // sendAsync().get(timeout) instead measured 4x the CPU per call: the public sendAsync completes
        // its future through the common ForkJoinPool, one more thread hand-off (docs/BENCHMARKS.md).
        HttpResponse<byte[]> response = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Response(response.statusCode(), response.body(), name -> response.headers().firstValue(name));
    }

    /** Closes the client this transport built, where the running JDK can close one (21 and later). */
    @Override
    public void close() {
        if (owned) {
            closeIfCloseable(client);
        }
    }

    /**
     * {@code HttpClient} implements {@link AutoCloseable} from JDK 21 on (its {@code close()} ends the
     * selector thread once exchanges are done); compiled for 17, the check happens at run time.
     */
    static void closeIfCloseable(HttpClient client) {
        if ((Object) client instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                // HttpClient.close() declares no checked exception; nothing else can arrive here.
                throw new IllegalStateException(e);
            }
        }
    }

    SSLContext sslContext() {
        return client.sslContext();
    }

    HttpClient client() {
        return client;
    }
}
