package io.github.wecom4j.httpclient5;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A raw HTTP/1.1 server over blocking sockets whose answers a test writes byte by byte: what the
 * emulator (the JDK's HttpServer) never does on its own (close right after answering, chunk an
 * answer, send bytes unasked, say {@code Keep-Alive: timeout}). It records every request and
 * counts the connections it accepted.
 */
final class ScriptedServer implements AutoCloseable {

    /** One request as it arrived, on the {@code connection}-th connection (from 1). */
    record Seen(int connection, String method, String target, Map<String, String> headers, byte[] body) {
    }

    /** Writes the answer to {@code request}; may close {@code socket} or schedule bytes of its own. */
    @FunctionalInterface
    interface Script {
        void answer(Seen request, Socket socket, OutputStream out) throws IOException;
    }

    private final ServerSocket server;
    private final Script script;
    private final List<Seen> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger ended = new AtomicInteger();
    private final Thread acceptor;

    ScriptedServer(Script script) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.script = script;
        this.acceptor = new Thread(this::accept, "scripted-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + pathAndQuery);
    }

    List<Seen> requests() {
        return requests;
    }

    int connections() {
        return connections.get();
    }

    /** Connections that have ended (closed by either side). */
    int ended() {
        return ended.get();
    }

    /** An answer with a body framed by Content-Length, plus {@code extraHeaders} (each ending in CRLF). */
    static void answer(OutputStream out, int status, String body, String extraHeaders) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 " + status + " X\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length
                + "\r\n" + extraHeaders + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(bytes);
        out.flush();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                int number = connections.incrementAndGet();
                Thread t = new Thread(() -> serve(socket, number), "scripted-connection-" + number);
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket, int number) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            while (!socket.isClosed()) {
                Seen request = read(in, number);
                if (request == null) {
                    return;
                }
                requests.add(request);
                script.answer(request, socket, out);
            }
        } catch (IOException e) {
            // The client went away (or the script closed the socket): this connection is done.
        } finally {
            ended.incrementAndGet();
        }
    }

    /** The next request on the connection, or null at its end. */
    private static Seen read(InputStream in, int number) throws IOException {
        String requestLine = line(in);
        if (requestLine == null) {
            return null;
        }
        Map<String, String> headers = new TreeMap<>();
        for (String line = line(in); line != null && !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        byte[] body = in.readNBytes(length);
        String[] parts = requestLine.split(" ");
        return new Seen(number, parts[0], parts[1], headers, body);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != -1; b = in.read()) {
            if (b == '\n') {
                String s = line.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
