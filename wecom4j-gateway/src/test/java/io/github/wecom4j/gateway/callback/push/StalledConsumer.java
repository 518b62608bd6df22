package io.github.wecom4j.gateway.callback.push;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A consumer that answers {@code 200} with {@code Content-Length: 1000}, sends ten bytes of the
 * body and then stalls, holding the connection open. A real server on 127.0.0.1 speaking raw
 * HTTP/1.1, because no HTTP server library lets a handler stall half-way through a body on
 * purpose. It counts the requests it answered and the connections the gateway closed on it.
 */
final class StalledConsumer implements AutoCloseable {

    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger answered = new AtomicInteger();
    private final AtomicInteger closedByGateway = new AtomicInteger();

    StalledConsumer() {
        try {
            server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(this::accept, "stalled-consumer-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/wecom-events";
    }

    /** Requests answered with the stalled 200. */
    int answered() {
        return answered.get();
    }

    /** Connections the gateway closed while the body was still owed. */
    int closedByGateway() {
        return closedByGateway.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                sockets.add(s);
                Thread t = new Thread(() -> stall(s), "stalled-connection");
                t.setDaemon(true);
                t.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void stall(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            int matched = 0;
            byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            while (matched < end.length) {
                int b = in.read();
                if (b < 0) {
                    return;
                }
                matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
            }
            OutputStream out = s.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\n0123456789")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            answered.incrementAndGet();
            // Reads the request body, then nothing more comes: -1 (or a reset) means the gateway gave up.
            while (in.read() >= 0) {
                // the push's body
            }
            if (!server.isClosed()) {
                closedByGateway.incrementAndGet();
            }
        } catch (IOException reset) {
            if (!server.isClosed()) {
                closedByGateway.incrementAndGet();
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
