package io.github.wecom4j.benchmarks.versus;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for WeCom's API that costs almost nothing per request, so a benchmark on two shared
 * cores measures the clients and not the server. It knows two routes, {@code GET /cgi-bin/gettoken}
 * and {@code GET /cgi-bin/department/list}, and answers each with the body the real emulator gave
 * once at start (recorded, so it is exactly WeCom-shaped and of the same size); a
 * {@code department/list} without that token gets WeCom's 40014, anything else a 404.
 *
 * <p>HTTP/1.1 with keep-alive, blocking sockets and one thread per connection (a benchmark opens a
 * few dozen): per request one read and one write of a response prepared at start, no allocation,
 * no parsing beyond finding the end of the head and the path. Its threads' CPU time is counted
 * ({@link #cpuNanos()}) so a benchmark can subtract it and print it per request.
 */
final class CannedWeComServer implements AutoCloseable {

    private static final int MAX_CONNECTIONS = 256;
    private static final int MAX_HEAD = 8192;
    private static final byte[] CRLF2 = {'\r', '\n', '\r', '\n'};
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] CONNECTION = "\nconnection:".getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket server;
    private final Thread acceptor;
    private final byte[] tokenAnswer;
    private final byte[] departmentsAnswer;
    private final byte[] invalidTokenAnswer;
    private final byte[] notFoundAnswer;
    private final byte[] tokenParameter;
    private final int departmentsBodyLength;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Map<Thread, Socket> live = new ConcurrentHashMap<>();
    private final AtomicLong finishedCpuNanos = new AtomicLong();
    private final LongAdder requests = new LongAdder();
    private final LongAdder connections = new LongAdder();
    private volatile boolean closed;

    private CannedWeComServer(String tokenBody, String departmentsBody, String token) throws IOException {
        this.tokenAnswer = response("200 OK", tokenBody);
        this.departmentsAnswer = response("200 OK", departmentsBody);
        this.departmentsBodyLength = departmentsBody.getBytes(StandardCharsets.UTF_8).length;
        this.invalidTokenAnswer = response("200 OK",
                "{\"errcode\":40014,\"errmsg\":\"invalid access_token, canned server\"}");
        this.notFoundAnswer = response("404 Not Found", "{\"errcode\":404,\"errmsg\":\"not canned\"}");
        this.tokenParameter = ("access_token=" + token).getBytes(StandardCharsets.US_ASCII);
        this.server = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::acceptLoop, "canned-wecom-accept");
        this.acceptor.setDaemon(true);
    }

    /**
     * Asks the emulator at {@code emulator} once for a token and for {@code department/list}, then
     * serves those bodies on a free loopback port.
     */
    static CannedWeComServer recordFrom(URI emulator, String corpId, String secret) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String tokenBody = get(http, URI.create(emulator + "/cgi-bin/gettoken?corpid=" + corpId + "&corpsecret=" + secret));
        Matcher m = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(tokenBody);
        if (!m.find()) {
            throw new IllegalStateException("no token in " + tokenBody);
        }
        String departmentsBody = get(http, URI.create(emulator + "/cgi-bin/department/list?access_token=" + m.group(1)));
        if (!departmentsBody.contains("\"errcode\":0")) {
            throw new IllegalStateException("department/list failed: " + departmentsBody);
        }
        CannedWeComServer canned = new CannedWeComServer(tokenBody, departmentsBody, m.group(1));
        canned.acceptor.start();
        return canned;
    }

    private static String get(HttpClient http, URI uri) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + r.statusCode() + " from " + uri.getPath());
        }
        return r.body();
    }

    private static byte[] response(String status, String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        // WeCom's own answers carry this type; Content-Length lets every client keep the connection.
        String head = "HTTP/1.1 " + status + "\r\n"
                + "Content-Type: application/json; charset=UTF-8\r\n"
                + "Content-Length: " + b.length + "\r\n"
                + "Connection: keep-alive\r\n\r\n";
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[h.length + b.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(b, 0, all, h.length, b.length);
        return all;
    }

    URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** The recorded {@code department/list} body's length in bytes (what the bare socket client reads). */
    int departmentsBodyLength() {
        return departmentsBodyLength;
    }

    /** Requests answered so far (all routes). */
    long requests() {
        return requests.sum();
    }

    /** Connections accepted so far: a client that keeps its connections opens a few, once. */
    long connections() {
        return connections.sum();
    }

    /** CPU time used so far by the server's threads (acceptor and connections, ended ones included). */
    long cpuNanos() {
        long sum = finishedCpuNanos.get() + Math.max(0, threads.getThreadCpuTime(acceptor.getId()));
        for (Thread t : live.keySet()) {
            sum += Math.max(0, threads.getThreadCpuTime(t.getId()));
        }
        return sum;
    }

    private void acceptLoop() {
        while (!closed) {
            Socket s;
            try {
                s = server.accept();
                connections.increment();
            } catch (IOException e) {
                return; // closed
            }
            if (live.size() >= MAX_CONNECTIONS) {
                closeQuietly(s);
                continue;
            }
            Thread t = new Thread(() -> serve(s), "canned-wecom-conn");
            t.setDaemon(true);
            live.put(t, s);
            t.start();
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            byte[] buf = new byte[MAX_HEAD];
            int filled = 0;
            int scanned = 0;
            while (true) {
                int end = indexOf(buf, CRLF2, Math.max(0, scanned - 3), filled);
                if (end < 0) {
                    scanned = filled;
                    if (filled == buf.length) {
                        return; // a head this large is no WeCom call
                    }
                    int n = in.read(buf, filled, buf.length - filled);
                    if (n < 0) {
                        return;
                    }
                    filled += n;
                    continue;
                }
                int headEnd = end + 4;
                boolean keep = answer(buf, headEnd, out);
                requests.increment();
                if (!keep) {
                    return;
                }
                // Pipelined bytes of the next request move to the front (rare: clients wait for answers).
                System.arraycopy(buf, headEnd, buf, 0, filled - headEnd);
                filled -= headEnd;
                scanned = 0;
            }
        } catch (IOException e) {
            // the client went away: nothing to answer
        } finally {
            live.remove(Thread.currentThread());
            finishedCpuNanos.addAndGet(threads.getCurrentThreadCpuTime());
        }
    }

    /** Writes the answer to the request whose head is {@code buf[0, headEnd)}; false to close the connection. */
    private boolean answer(byte[] buf, int headEnd, OutputStream out) throws IOException {
        if (!startsWith(buf, 0, "GET /cgi-bin/")) {
            out.write(notFoundAnswer);
            return false; // a request with a body we do not read: no keep-alive after it
        }
        int pathEnd = 13;
        while (pathEnd < headEnd && buf[pathEnd] != '?' && buf[pathEnd] != ' ') {
            pathEnd++;
        }
        int lineEnd = indexOf(buf, CRLF, pathEnd, headEnd);
        if (region(buf, 13, pathEnd, "department/list")) {
            out.write(indexOf(buf, tokenParameter, pathEnd, lineEnd) >= 0 ? departmentsAnswer : invalidTokenAnswer);
        } else if (region(buf, 13, pathEnd, "gettoken")) {
            out.write(tokenAnswer);
        } else {
            out.write(notFoundAnswer);
        }
        return !closeRequested(buf, lineEnd, headEnd);
    }

    /** A {@code Connection: close} header (names and this value are case-insensitive, RFC 9110). */
    private static boolean closeRequested(byte[] buf, int from, int to) {
        byte[] name = CONNECTION;
        outer:
        for (int i = from; i + name.length <= to; i++) {
            for (int j = 0; j < name.length; j++) {
                if (Character.toLowerCase(buf[i + j]) != name[j]) {
                    continue outer;
                }
            }
            int v = i + name.length;
            while (v < to && buf[v] == ' ') {
                v++;
            }
            return v + 5 <= to && (buf[v] | 0x20) == 'c' && (buf[v + 1] | 0x20) == 'l' && (buf[v + 2] | 0x20) == 'o'
                    && (buf[v + 3] | 0x20) == 's' && (buf[v + 4] | 0x20) == 'e';
        }
        return false;
    }

    private static boolean startsWith(byte[] buf, int at, String s) {
        return region(buf, at, at + s.length(), s);
    }

    private static boolean region(byte[] buf, int from, int to, String s) {
        if (to - from != s.length()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (buf[from + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] buf, byte[] what, int from, int to) {
        outer:
        for (int i = from; i + what.length <= to; i++) {
            for (int j = 0; j < what.length; j++) {
                if (buf[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        live.values().forEach(CannedWeComServer::closeQuietly);
    }
}
