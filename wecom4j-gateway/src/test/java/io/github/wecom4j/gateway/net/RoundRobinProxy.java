package io.github.wecom4j.gateway.net;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One public address in front of several gateway instances, as a load balancer without sticky
 * sessions: each request goes to the next instance in turn, a dead instance is skipped (its
 * connection is refused), and the answer says who served it ({@code X-Served-By: <index>}).
 */
public final class RoundRobinProxy implements AutoCloseable {

    private static final Set<String> NOT_FORWARDED = Set.of("connection", "content-length", "expect", "host", "upgrade",
            "keep-alive", "transfer-encoding", "te", "trailer", "proxy-connection");

    private final HttpServer server;
    private final List<Integer> backends;
    private final AtomicInteger next = new AtomicInteger();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(2))
            .executor(Executors.newCachedThreadPool()).build();

    public RoundRobinProxy(int port, List<Integer> backendPorts) throws IOException {
        this.backends = List.copyOf(backendPorts);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        server.createContext("/", this::forward);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port();
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            StringBuilder failures = new StringBuilder();
            // the next instance in turn, then the others in order (twice: a stale kept-alive connection
            // to a live instance fails once), so a request never misses a live instance
            int first = next.getAndIncrement();
            for (int tries = 0; tries < backends.size() * 2; tries++) {
                int index = Math.floorMod(first + tries, backends.size());
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + backends.get(index)
                                + exchange.getRequestURI())).timeout(Duration.ofSeconds(60))
                        .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
                exchange.getRequestHeaders().forEach((name, values) -> {
                    if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                        values.forEach(v -> b.header(name, v));
                    }
                });
                HttpResponse<byte[]> answer;
                try {
                    answer = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
                } catch (ConnectException | HttpConnectTimeoutException dead) {
                    failures.append(index).append(':').append(dead.getClass().getSimpleName()).append(' ');
                    continue; // this instance is down: the next one
                } catch (IOException midway) {
                    failures.append(index).append(':').append(midway).append(' ');
                    if (exchange.getRequestMethod().equals("GET")) {
                        continue; // a read is safe to ask the next instance (a stale connection to a dead one)
                    }
                    // the instance died while answering: the request may have been processed, so it
                    // is not sent again; the caller sees a gateway error, as behind a real balancer
                    byte[] failed = "{\"errcode\":-1,\"errmsg\":\"the instance failed while answering\"}".getBytes();
                    exchange.sendResponseHeaders(502, failed.length);
                    exchange.getResponseBody().write(failed);
                    return;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
                answer.headers().map().forEach((name, values) -> {
                    if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                        exchange.getResponseHeaders().put(name, values);
                    }
                });
                exchange.getResponseHeaders().set("X-Served-By", String.valueOf(index));
                byte[] out = answer.body();
                exchange.sendResponseHeaders(answer.statusCode(), out.length == 0 ? -1 : out.length);
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(out);
                }
                return;
            }
            byte[] none = ("{\"errcode\":-1,\"errmsg\":\"no gateway instance answers\",\"hint\":\""
                    + failures.toString().replace("\"", "'") + "\"}").getBytes();
            exchange.sendResponseHeaders(502, none.length);
            exchange.getResponseBody().write(none);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
