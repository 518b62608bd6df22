package io.github.wecom4j.benchmarks.versus;

import io.github.wecom4j.emulator.EmulatorMain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The standalone emulator ({@link EmulatorMain}, the demo corp) in a JVM of its own, so the
 * benchmark's process holds the clients only and its CPU time is theirs. The child gets the same
 * class path and the full JIT, and halts when its standard input ends, i.e. when this JVM ends in
 * any way: no emulator outlives a benchmark.
 */
final class EmulatorJvm implements AutoCloseable {

    private final Process process;
    private final URI baseUri;

    private EmulatorJvm(Process process, URI baseUri) {
        this.process = process;
        this.baseUri = baseUri;
    }

    static EmulatorJvm start() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), EmulatorJvm.class.getName(),
                "--port", String.valueOf(port)));
        Path log = Files.createTempFile("emulator-jvm", ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        EmulatorJvm jvm = new EmulatorJvm(p, URI.create("http://127.0.0.1:" + port));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            try {
                http.send(HttpRequest.newBuilder(URI.create(jvm.baseUri + "/_emulator/state")).build(),
                        HttpResponse.BodyHandlers.discarding());
                return jvm;
            } catch (IOException notYet) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    jvm.close();
                    throw new IllegalStateException("emulator JVM did not start: " + Files.readString(log));
                }
                Thread.sleep(50);
            }
        }
    }

    URI baseUri() {
        return baseUri;
    }

    /** CPU time (user + system) the emulator's process has used so far, from {@code /proc}; NaN without it. */
    double cpuNanos() {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // utime and stime: fields 14 and 15 of stat (12 and 13 after the name), in USER_HZ = 100 ticks.
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000.0;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The child: the standalone emulator, halted as soon as the parent's end of stdin closes. */
    public static void main(String[] args) throws Exception {
        Thread watch = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // nothing is sent; EOF means the parent is gone
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                Runtime.getRuntime().halt(0);
            }
        }, "parent-watch");
        watch.setDaemon(true);
        watch.start();
        EmulatorMain.main(args);
    }
}
