package io.github.wecom4j.emulator.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small HTTP server on the JDK's own {@link HttpServer}: no dependency, starts in milliseconds.
 * Routes are exact paths or prefixes ending in {@code /*}; an unknown path answers 404 JSON.
 */
public final class EmulatorHttpServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmulatorHttpServer.class);

    static {
        // The JDK server writes headers and body separately; without TCP_NODELAY, Nagle's algorithm
        // meets the client's delayed ACK and every small answer waits ~40 ms. Read once, when the
        // JDK's server class first loads, so it is set before the first server is created.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final Map<String, EmulatorHandler> exact = new ConcurrentHashMap<>();
    private final Map<String, EmulatorHandler> prefixes = new ConcurrentHashMap<>();
    private final HttpServer server;
    private final ExecutorService executor;

    public EmulatorHttpServer(InetSocketAddress address) throws IOException {
        this.server = HttpServer.create(address, 512);
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "wecom-emulator-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::serve);
    }

    public void route(String path, EmulatorHandler handler) {
        if (path.endsWith("/*")) {
            prefixes.put(path.substring(0, path.length() - 1), handler);
        } else {
            exact.put(path, handler);
        }
    }

    public void start() {
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI uri = exchange.getRequestURI();
            String path = uri.getRawPath();
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            EmulatorRequest request = new EmulatorRequest(exchange.getRequestMethod(), path, uri.getRawQuery(),
                    EmulatorRequest.parseQuery(uri.getRawQuery()), body,
                    exchange.getRemoteAddress().getAddress().getHostAddress(), exchange.getRequestHeaders());
            EmulatorResponse response;
            try {
                response = handlerFor(path).handle(request);
            } catch (Exception e) {
                log.warn("emulator handler for {} failed", path, e);
                // Not -1: an emulator bug must not look like WeCom's "system busy" and be retried.
                response = EmulatorResponse.json(500,
                        ("{\"errcode\":-500,\"errmsg\":\"emulator internal error: " + e.getClass().getSimpleName() + "\"}")
                                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            exchange.getResponseHeaders().set("Content-Type", response.contentType());
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            response.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            if (response.body().length == 0) {
                exchange.sendResponseHeaders(response.status(), -1);
            } else {
                exchange.sendResponseHeaders(response.status(), response.body().length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(response.body());
                }
            }
        }
    }

    private EmulatorHandler handlerFor(String path) {
        EmulatorHandler h = exact.get(path);
        if (h != null) {
            return h;
        }
        String best = null;
        for (String prefix : prefixes.keySet()) {
            if (path.startsWith(prefix) && (best == null || prefix.length() > best.length())) {
                best = prefix;
            }
        }
        if (best != null) {
            return prefixes.get(best);
        }
        return req -> EmulatorResponse.json(404, ("{\"errcode\":404,\"errmsg\":\"no such path in the emulator: "
                + req.path().replace("\"", "") + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
