package io.github.wecom4j.gateway.callback.push;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * An internal consumer as a real HTTP server on 127.0.0.1: it verifies each push's signature and
 * timestamp on its own (not with the gateway's {@link PushSignature}, so a bug there cannot hide
 * itself), records the verified ones, and answers with {@link #status}. It can go down (stop
 * listening: connections are refused) and come back on the same port.
 */
public final class TestConsumer implements AutoCloseable {

    /** A push as the consumer received it. */
    public record Push(long eventId, String subscription, String body) {
    }

    private final String secret;
    private final List<Push> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger badSignatures = new AtomicInteger();
    private volatile int status = 200;
    private volatile Consumer<Push> onPush = p -> { };
    private HttpServer server;
    private int port;

    public TestConsumer(String secret) {
        this.secret = secret;
        start(0);
    }

    private synchronized void start(int wantedPort) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), wantedPort), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.start();
        port = server.getAddress().getPort();
    }

    public int port() {
        return port;
    }

    public String url() {
        return "http://127.0.0.1:" + port + "/wecom-events";
    }

    /** Stops listening: the gateway's pushes are refused at connect. */
    public synchronized void down() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    /** Listens again on the same port. */
    public synchronized void up() {
        start(port);
    }

    public void status(int status) {
        this.status = status;
    }

    /** Called for each verified push before the answer is sent (the consumer's own work). */
    public void onPush(Consumer<Push> handler) {
        this.onPush = handler;
    }

    public List<Push> received() {
        return new ArrayList<>(received);
    }

    public int requests() {
        return requests.get();
    }

    public int badSignatures() {
        return badSignatures.get();
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            requests.incrementAndGet();
            byte[] body = x.getRequestBody().readAllBytes();
            String ts = x.getRequestHeaders().getFirst("X-WeCom4j-Timestamp");
            String sig = x.getRequestHeaders().getFirst("X-WeCom4j-Signature");
            String eventId = x.getRequestHeaders().getFirst("X-WeCom4j-Event-Id");
            if (!verified(ts, eventId, sig, body)) {
                badSignatures.incrementAndGet();
                x.sendResponseHeaders(401, -1);
                return;
            }
            int answer = status;
            if (answer >= 200 && answer < 300) {
                Push p = new Push(Long.parseLong(x.getRequestHeaders().getFirst("X-WeCom4j-Event-Id")),
                        x.getRequestHeaders().getFirst("X-WeCom4j-Subscription"), new String(body, StandardCharsets.UTF_8));
                // The handler first: a test that sees a push in received() sees what its handler did
                // (StalledConsumerTest read its handler's list while the handler was still filling it).
                onPush.accept(p);
                received.add(p);
            }
            x.sendResponseHeaders(answer, -1);
        }
    }

    /** The check docs/callbacks.md tells consumers to make: HMAC-SHA256 over "timestamp.eventId.body", 5 minutes. */
    private boolean verified(String ts, String eventId, String sig, byte[] body) {
        if (ts == null || eventId == null || sig == null || !sig.startsWith("v1=")) {
            return false;
        }
        if (Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(ts)) > 300) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((ts + "." + eventId + ".").getBytes(StandardCharsets.UTF_8));
            byte[] expected = HexFormat.of().formatHex(mac.doFinal(body)).getBytes(StandardCharsets.UTF_8);
            return MessageDigest.isEqual(expected, sig.substring(3).getBytes(StandardCharsets.UTF_8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            down();
        } catch (RuntimeException ignored) {
            // already down
        }
    }
}
