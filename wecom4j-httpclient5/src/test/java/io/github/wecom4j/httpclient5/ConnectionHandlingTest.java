package io.github.wecom4j.httpclient5;

import io.github.wecom4j.http.HttpTransport;
import io.github.wecom4j.http.HttpTransport.Request;
import io.github.wecom4j.http.HttpTransport.Response;
import io.github.wecom4j.http.WeComHosts;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the pool of kept-alive connections must get right, against a {@link ScriptedServer} that
 * answers byte by byte: reuse, the server's "close" in its forms, bodies framed every way HTTP/1.1
 * allows, and waiting for a connection. The emulator's HttpServer never closes or chunks on its own.
 */
class ConnectionHandlingTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final byte[] JSON = "{\"errcode\":0}".getBytes(StandardCharsets.UTF_8);

    private static ApacheHttpTransport transport(ScriptedServer server, int maxConnections) {
        return new ApacheHttpTransport(WeComHosts.allAt(server.uri("")), Duration.ofSeconds(2), maxConnections);
    }

    /** The pool's clock, moved by the tests past idle and keep-alive limits instead of sleeping. */
    private final java.util.concurrent.atomic.AtomicLong nanos = new java.util.concurrent.atomic.AtomicLong(System.nanoTime());

    private ApacheHttpTransport transportOnTestClock(int maxConnections) {
        return new ApacheHttpTransport(Duration.ofSeconds(2), maxConnections, nanos::get);
    }

    private void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    private static String text(Response r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    void aKeptAliveConnectionCarriesTheNextCalls() throws Exception {
        try (ScriptedServer server = new ScriptedServer((req, socket, out) -> ScriptedServer.answer(out, 200, "{\"n\":1}", ""));
             ApacheHttpTransport transport = transport(server, 4)) {
            for (int i = 0; i < 3; i++) {
                assertThat(text(transport.send(Request.get(server.uri("/cgi-bin/x"), TIMEOUT)))).isEqualTo("{\"n\":1}");
            }
            assertThat(server.connections()).isEqualTo(1);
        }
    }

    @Test
    void theRequestGoesOutAsGivenWithHostLengthAndTypeAndNothingElseAdded() throws Exception {
        try (ScriptedServer server = new ScriptedServer((req, socket, out) -> ScriptedServer.answer(out, 200, "{}", ""));
             ApacheHttpTransport transport = transport(server, 4)) {
            URI uri = server.uri("/cgi-bin/message/send?access_token=a%2Bb%20c&debug=1");
            transport.send(Request.post(uri, "application/json; charset=UTF-8", JSON, TIMEOUT));
            ScriptedServer.Seen seen = server.requests().get(0);
            assertThat(seen.method()).isEqualTo("POST");
            // Raw path and query: the token's percent-encoding is neither decoded nor encoded again.
            assertThat(seen.target()).isEqualTo("/cgi-bin/message/send?access_token=a%2Bb%20c&debug=1");
            assertThat(seen.headers()).containsEntry("host", "127.0.0.1:" + uri.getPort())
                    .containsEntry("content-type", "application/json; charset=UTF-8")
                    .containsEntry("content-length", Integer.toString(JSON.length))
                    .doesNotContainKeys("cookie", "accept-encoding", "transfer-encoding", "expect");
            assertThat(seen.body()).isEqualTo(JSON);
        }
    }

    /** A server that says "close" and closes: the next call, a POST, must not be written on that socket. */
    @Test
    void anAnswerWithConnectionCloseEndsItsConnection() throws Exception {
        try (ScriptedServer server = new ScriptedServer((req, socket, out) -> {
            ScriptedServer.answer(out, 200, "{}", "Connection: close\r\n");
            socket.close();
        });
             ApacheHttpTransport transport = transport(server, 4)) {
            transport.send(Request.get(server.uri("/a"), TIMEOUT));
            assertThat(transport.send(Request.post(server.uri("/b"), "application/json", JSON, TIMEOUT)).status())
                    .isEqualTo(200);
            assertThat(server.connections()).isEqualTo(2);
            assertThat(server.requests()).hasSize(2);
        }
    }

    @Test
    void aChunkedAnswerIsReadWholeAndItsConnectionKept() throws Exception {
        try (ScriptedServer server = new ScriptedServer((req, socket, out) -> {
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5\r\n{\"a\":\r\n" + "9\r\n\"部门\"}\r\n" + "0\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        });
             ApacheHttpTransport transport = transport(server, 4)) {
            for (int i = 0; i < 2; i++) {
                assertThat(text(transport.send(Request.get(server.uri("/c"), TIMEOUT)))).isEqualTo("{\"a\":\"部门\"}");
            }
            assertThat(server.connections()).isEqualTo(1);
        }
    }

    /** No length and no chunking: the body ends where the server closes (RFC 9112 §6.3), and so does the connection. */
    @Test
    void anAnswerDelimitedByCloseIsReadToTheEnd() throws Exception {
        try (ScriptedServer server = new ScriptedServer((req, socket, out) -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{\"until\":\"close\"}"
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            socket.close();
        });
             ApacheHttpTransport transport = transport(server, 4)) {
            assertThat(text(transport.send(Request.get(server.uri("/d"), TIMEOUT)))).isEqualTo("{\"until\":\"close\"}");
            assertThat(text(transport.send(Request.get(server.uri("/d"), TIMEOUT)))).isEqualTo("{\"until\":\"close\"}");
            assertThat(server.connections()).isEqualTo(2);
        }
    }

    /**
     * The transport contract's rule: a POST is only repeated when provably not sent, so a
     * kept-alive connection the server closed while idle must be noticed before a POST is written
     * on it (HttpClient's validate-after-inactivity, 1 s), not fail the call.
     */
    @Test
    void aConnectionTheServerClosedWhileIdleIsNotUsedForTheNextPost() throws Exception {
        try (ScriptedServer server = new ScriptedServer((req, socket, out) -> {
            // Scheduled before the answer is written, so the test's awaitLater() cannot miss it.
            later(100, socket::close); // keep-alive announced, then an idle timeout of 100 ms
            ScriptedServer.answer(out, 200, "{}", "");
        });
             ApacheHttpTransport transport = transportOnTestClock(4)) {
            transport.send(Request.get(server.uri("/e"), TIMEOUT));
            awaitLater();
            advance(Duration.ofMillis(1_200));
            assertThat(transport.send(Request.post(server.uri("/e"), "application/json", JSON, TIMEOUT)).status())
                    .isEqualTo(200);
            assertThat(server.requests()).extracting(ScriptedServer.Seen::method).containsExactly("GET", "POST");
            assertThat(server.connections()).isEqualTo(2);
        }
    }

    /** Bytes on an idle connection (a 408 before closing, say) would be read as the next call's answer. */
    @Test
    void anIdleConnectionWithBytesNobodyAskedForIsNotReused() throws Exception {
        try (ScriptedServer server = new ScriptedServer((req, socket, out) -> {
            if (req.connection() == 1) {
                // Scheduled before the answer is written, so the test's awaitLater() cannot miss it.
                later(100, () -> ScriptedServer.answer(out, 408, "", ""));
            }
            ScriptedServer.answer(out, 200, "{\"ok\":true}", "");
        });
             ApacheHttpTransport transport = transportOnTestClock(4)) {
            transport.send(Request.get(server.uri("/f"), TIMEOUT));
            awaitLater();
            advance(Duration.ofMillis(1_200));
            Response second = transport.send(Request.get(server.uri("/f"), TIMEOUT));
            assertThat(second.status()).isEqualTo(200);
            assertThat(text(second)).isEqualTo("{\"ok\":true}");
            assertThat(server.connections()).isEqualTo(2);
        }
    }

    /**
     * {@code Keep-Alive: timeout=2}: past those seconds the server may close at any moment, so the
     * connection is dropped even though it still looks open.
     */
    @Test
    void theServersKeepAliveTimeoutIsHonoured() throws Exception {
        try (ScriptedServer server = new ScriptedServer((req, socket, out) ->
                ScriptedServer.answer(out, 200, "{}", "Keep-Alive: timeout=2, max=100\r\n"));
             ApacheHttpTransport transport = transportOnTestClock(4)) {
            transport.send(Request.get(server.uri("/g"), TIMEOUT));
            transport.send(Request.get(server.uri("/g"), TIMEOUT));
            assertThat(server.connections()).isEqualTo(1);
            advance(Duration.ofMillis(2_200));
            transport.send(Request.get(server.uri("/g"), TIMEOUT));
            assertThat(server.connections()).isEqualTo(2);
        }
    }

    /** "No pooled connection within the timeout" is "provably not sent" in the transport contract. */
    @Test
    void aCallThatGetsNoPooledConnectionInTimeFailsAsNotSent() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (ScriptedServer server = new ScriptedServer((req, socket, out) -> {
            if (req.target().equals("/slow")) {
                await(release);
            }
            ScriptedServer.answer(out, 200, "{}", "");
        });
             ApacheHttpTransport transport = transport(server, 1)) {
            CompletableFuture<Response> slow = CompletableFuture.supplyAsync(() -> {
                try {
                    return transport.send(Request.get(server.uri("/slow"), TIMEOUT));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            while (server.requests().isEmpty()) {
                Thread.sleep(5);
            }
            assertThatThrownBy(() -> transport.send(Request.post(server.uri("/fast"), "application/json", JSON,
                    Duration.ofMillis(200))))
                    .isInstanceOf(HttpConnectTimeoutException.class)
                    .hasMessageContaining("no pooled connection");
            release.countDown();
            assertThat(slow.get(5, TimeUnit.SECONDS).status()).isEqualTo(200);
            assertThat(server.requests()).extracting(ScriptedServer.Seen::target).containsExactly("/slow");
            // The permit came back: the next call gets the connection.
            assertThat(transport.send(Request.get(server.uri("/fast"), TIMEOUT)).status()).isEqualTo(200);
        }
    }

    @Test
    void aRedirectIsAnAnswerNotFollowed() throws Exception {
        try (ScriptedServer server = new ScriptedServer((req, socket, out) ->
                ScriptedServer.answer(out, 302, "", "Location: /elsewhere\r\n"));
             ApacheHttpTransport transport = transport(server, 4)) {
            Response r = transport.send(Request.get(server.uri("/h"), TIMEOUT));
            assertThat(r.status()).isEqualTo(302);
            assertThat(r.header("location")).contains("/elsewhere");
            assertThat(server.requests()).hasSize(1);
        }
    }

    @Test
    void anUnknownHostIsNotSent() throws Exception {
        try (HttpTransport transport = new ApacheHttpTransport(WeComHosts.PRODUCTION, Duration.ofSeconds(1))) {
            assertThatThrownBy(() -> transport.send(Request.get(URI.create("http://no-such-host.invalid/x"), TIMEOUT)))
                    .isInstanceOf(ConnectException.class);
        }
    }

    /** Closing the transport closes its idle connections (the server sees them end) and refuses new calls. */
    @Test
    void closingTheTransportClosesItsIdleConnections() throws Exception {
        try (ScriptedServer server = new ScriptedServer((req, socket, out) -> ScriptedServer.answer(out, 200, "{}", ""))) {
            ApacheHttpTransport transport = transport(server, 4);
            transport.send(Request.get(server.uri("/i"), TIMEOUT));
            transport.close();
            assertThatThrownBy(() -> transport.send(Request.get(server.uri("/i"), TIMEOUT)))
                    .isInstanceOf(IllegalStateException.class);
            assertThat(server.connections()).isEqualTo(1);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (server.ended() < 1 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(server.ended()).isEqualTo(1);
        }
    }

    private interface Action {
        void run() throws IOException;
    }

    /** Server-side actions scheduled by {@link #later}, so a test can wait until they happened. */
    private static final java.util.List<Thread> LATER = new java.util.concurrent.CopyOnWriteArrayList<>();

    private static void awaitLater() throws InterruptedException {
        for (Thread t : LATER) {
            t.join(10_000);
        }
        LATER.clear();
    }

    private static void later(long millis, Action action) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(millis);
                action.run();
            } catch (InterruptedException | IOException ignored) {
                // The connection is gone already: nothing left to do.
            }
        });
        t.setDaemon(true);
        LATER.add(t);
        t.start();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
