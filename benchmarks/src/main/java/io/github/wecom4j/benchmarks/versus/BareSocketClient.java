package io.github.wecom4j.benchmarks.versus;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Not a contender but the floor: one kept-alive socket per thread, a fixed {@code GET
 * department/list} written as bytes, the answer read by Content-Length, nothing parsed. What it
 * reaches is what the emulator's server allows any client on the same cores; no real client can
 * beat it, so the ratios of the real ones are read against it too.
 */
final class BareSocketClient {

    private final String host;
    private final int port;
    private final byte[] request;
    // A pool, not one per thread: each round starts new threads, and per-thread sockets would pile up.
    private final ConcurrentLinkedQueue<Connection> idle = new ConcurrentLinkedQueue<>();

    BareSocketClient(URI emulator, String corpId, String secret) throws Exception {
        this.host = emulator.getHost();
        this.port = emulator.getPort();
        String answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(emulator
                        + "/cgi-bin/gettoken?corpid=" + corpId + "&corpsecret=" + secret)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher token = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(answer);
        if (!token.find()) {
            throw new IllegalStateException("no token: " + answer);
        }
        this.request = ("GET /cgi-bin/department/list?access_token=" + token.group(1) + " HTTP/1.1\r\nHost: " + host
                + ":" + port + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private record Connection(Socket socket, InputStream in, OutputStream out) {
    }

    private Connection open() {
        try {
            Socket s = new Socket(host, port);
            s.setTcpNoDelay(true);
            return new Connection(s, new BufferedInputStream(s.getInputStream()), s.getOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void call() throws IOException {
        Connection c = idle.poll();
        if (c == null) {
            c = open();
        }
        exchange(c);
        idle.add(c);
    }

    private void exchange(Connection c) throws IOException {
        c.out().write(request);
        InputStream in = c.in();
        StringBuilder line = new StringBuilder();
        int length = -1;
        boolean first = true;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed");
            }
            if (b != '\n') {
                line.append((char) b);
                continue;
            }
            String header = line.toString().trim();
            line.setLength(0);
            if (first) {
                if (!header.startsWith("HTTP/1.1 200")) {
                    throw new IOException("unexpected status: " + header);
                }
                first = false;
            } else if (header.isEmpty()) {
                break;
            } else if (header.regionMatches(true, 0, "content-length:", 0, 15)) {
                length = Integer.parseInt(header.substring(15).trim());
            }
        }
        if (length < 0 || in.readNBytes(length).length != length) {
            throw new IOException("no body");
        }
    }
}
