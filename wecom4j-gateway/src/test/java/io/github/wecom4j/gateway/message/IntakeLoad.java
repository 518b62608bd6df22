package io.github.wecom4j.gateway.message;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A deliberately light load generator for {@code POST /api/messages} (or, with a batch size above
 * one, {@code POST /api/messages/batch} with that many messages per request): each client is one thread
 * with one keep-alive socket that writes a request and reads the answer, nothing else (no HTTP
 * library, no JSON parsing), so on a 2-core machine the clients take as little CPU from the server
 * as pgbench's C clients take from PostgreSQL. Every body is different (a counter), so WeCom's
 * duplicate check absorbs nothing later.
 */
final class IntakeLoad {

    /**
     * What one run saw: messages accepted and refused (a batch counts all its messages), and each
     * accepted request's latency (per request, so per batch).
     */
    record Result(long accepted, long refused, double seconds, long[] latenciesNanos) {

        double perSecond() {
            return accepted / seconds;
        }

        double percentileMillis(double p) {
            if (latenciesNanos.length == 0) {
                return Double.NaN;
            }
            int i = (int) Math.min(latenciesNanos.length - 1, Math.ceil(p / 100 * latenciesNanos.length) - 1);
            return latenciesNanos[Math.max(0, i)] / 1e6;
        }
    }

    private static final AtomicLong SEQUENCE = new AtomicLong();

    private IntakeLoad() {
    }

    /**
     * {@code clients} connections posting back to back for {@code seconds}, {@code batch} messages
     * per request (1: single messages to {@code /api/messages}, as callers did before batches).
     */
    static Result run(String host, int port, String apiKey, int clients, int members, double seconds, String tag, int batch)
            throws InterruptedException {
        if (batch < 1 || batch > MessageOutbox.MAX_BATCH) {
            throw new IllegalArgumentException("batch must be 1 to " + MessageOutbox.MAX_BATCH);
        }
        String path = batch == 1 ? "/api/messages" : "/api/messages/batch";
        long end = System.nanoTime() + (long) (seconds * 1e9);
        List<Thread> threads = new ArrayList<>();
        long[][] latencies = new long[clients][];
        long[] accepted = new long[clients];
        long[] refused = new long[clients];
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            int client = c;
            Thread t = new Thread(() -> {
                long[] mine = new long[1 << 16];
                int n = 0;
                Socket socket = null;
                try {
                    OutputStream out = null;
                    InputStream in = null;
                    while (System.nanoTime() < end) {
                        if (socket == null) {
                            socket = new Socket(host, port);
                            socket.setTcpNoDelay(true);
                            out = socket.getOutputStream();
                            in = new BufferedInputStream(socket.getInputStream(), 8192);
                        }
                        byte[] body = body(batch, members, tag);
                        byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nX-API-Key: " + apiKey
                                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII);
                        long t0 = System.nanoTime();
                        out.write(head);
                        out.write(body);
                        out.flush();
                        int status = readResponse(in);
                        long took = System.nanoTime() - t0;
                        if (Math.abs(status) == 202) {
                            if (n == mine.length) {
                                mine = Arrays.copyOf(mine, n * 2);
                            }
                            mine[n++] = took;
                            accepted[client] += batch;
                        } else {
                            refused[client] += batch;
                        }
                        if (status < 0) {
                            // The server ends keep-alive after a number of requests (Tomcat: 100), as
                            // servers do; reconnect like any HTTP client.
                            socket.close();
                            socket = null;
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } finally {
                    closeQuietly(socket);
                }
                latencies[client] = Arrays.copyOf(mine, n);
            }, "intake-load-" + c);
            t.setUncaughtExceptionHandler((thread, e) -> failure.compareAndSet(null, e));
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("a load client failed", failure.get());
        }
        double took = (System.nanoTime() - start) / 1e9;
        long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
        return new Result(Arrays.stream(accepted).sum(), Arrays.stream(refused).sum(), took, all);
    }

    /** One request body: a message, or {@code batch} of them; each with its own content (a counter). */
    private static byte[] body(int batch, int members, String tag) {
        StringBuilder b = new StringBuilder(batch * 100);
        if (batch > 1) {
            b.append("{\"messages\":[");
        }
        for (int i = 0; i < batch; i++) {
            long seq = SEQUENCE.incrementAndGet();
            b.append(i == 0 ? "" : ",").append("{\"touser\":\"m").append(seq % members)
                    .append("\",\"msgtype\":\"text\",\"text\":{\"content\":\"").append(tag).append(" message ").append(seq).append("\"}}");
        }
        if (batch > 1) {
            b.append("]}");
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void closeQuietly(Socket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing after the run
            }
        }
    }

    /**
     * Reads one HTTP/1.1 response (Content-Length or chunked body) and returns its status,
     * negated when the server closes the connection after it ({@code Connection: close}).
     */
    private static int readResponse(InputStream in) throws IOException {
        String statusLine = line(in);
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long length = 0;
        boolean chunked = false;
        boolean close = false;
        String header;
        while (!(header = line(in)).isEmpty()) {
            String lower = header.toLowerCase(java.util.Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(lower.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                close = true;
            }
        }
        if (chunked) {
            long size;
            while ((size = Long.parseLong(line(in).trim(), 16)) > 0) {
                skip(in, size);
                line(in);
            }
            line(in);
        } else {
            skip(in, length);
        }
        return close ? -status : status;
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder(64);
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new IOException("connection closed by the server");
            }
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }

    private static void skip(InputStream in, long n) throws IOException {
        while (n > 0) {
            long s = in.skip(n);
            if (s <= 0) {
                if (in.read() < 0) {
                    throw new IOException("connection closed mid-body");
                }
                s = 1;
            }
            n -= s;
        }
    }
}
