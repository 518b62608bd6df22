package io.github.wecom4j.benchmarks.versus;

import io.github.wecom4j.WeComClient;
import io.github.wecom4j.emulator.WeComEmulator;
import io.github.wecom4j.emulator.corp.DemoCorp;
import io.github.wecom4j.httpclient5.ApacheHttpTransport;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Cold start to the first API call: each round starts a fresh JVM per contender (interleaved) that
 * builds a client and calls {@code department/list} once against an emulator served by this process
 * over plain http, then reports its JVM uptime at that moment and the time from {@code main} to it.
 * wecom4j runs with its default transport (the JDK's) and with wecom4j-httpclient5. The whole
 * process time is reported too: the JDK's HTTP client delays the JVM's exit by a few hundred ms.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.github.wecom4j.benchmarks.versus.ColdStartVersus [rounds=10] [javaHome]
 * </pre>
 * {@code javaHome} runs the children on another JDK (default: this one). On JDK 17 a process that
 * used the JDK's HTTP client exits ~300 ms later: HotSpot's exit waits up to 300 ms for threads in
 * native code, and that client's selector thread sits in {@code epoll_wait} until it is garbage
 * collected; JDK 21+ lets {@code WeComClient.close()} end it.
 * Child JVMs get the same class path and {@code -Xshare:auto} (the JDK's default CDS archive), no
 * other flags, so class loading is what a real application pays.
 */
public final class ColdStartVersus {

    static final String HTTPCLIENT5 = Contenders.WECOM4J + "+httpclient5";

    private ColdStartVersus() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].startsWith("child:")) {
            child(args[0].substring("child:".length()), URI.create(args[1]));
            return;
        }
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        // Another JDK for the children, e.g. a 21+ one, whose HttpClient can be closed (see JdkHttpTransport).
        String javaHome = args.length > 1 ? args[1] : System.getProperty("java.home");
        measure(rounds, javaHome).print(Contenders.WXJAVA);
    }

    /**
     * The rounds (plus one unreported pair that warms the OS file cache); the report holds
     * "JVM uptime at 1st call (ms)", "main to 1st call (ms)" and "whole process (ms)" per contender.
     */
    static Report measure(int rounds, String javaHome) throws Exception {
        String java = Path.of(javaHome, "bin", "java").toString();
        String classPath = System.getProperty("java.class.path");
        Report report = new Report("cold start to the first department/list (fresh JVM each, children on " + javaHome + ")");
        try (WeComEmulator emulator = WeComEmulator.builder().tokenFetchesPerHour(1_000_000).start()) {
            for (int round = 0; round <= rounds; round++) {
                for (String who : List.of(Contenders.WECOM4J, HTTPCLIENT5, Contenders.WXJAVA)) {
                    long started = System.nanoTime();
                    Process p = new ProcessBuilder(java, "-cp", classPath, ColdStartVersus.class.getName(),
                            "child:" + who, emulator.baseUri().toString()).redirectErrorStream(true).start();
                    List<String> lines = new ArrayList<>();
                    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                        r.lines().forEach(lines::add);
                    }
                    if (p.waitFor() != 0 || lines.isEmpty() || !lines.get(lines.size() - 1).startsWith("ok ")) {
                        throw new IllegalStateException(who + " child failed: " + lines);
                    }
                    double processMillis = (System.nanoTime() - started) / 1e6;
                    String[] parts = lines.get(lines.size() - 1).split(" ");
                    if (round == 0) {
                        continue; // the first pair warms the OS file cache
                    }
                    System.out.printf("round %d %-20s uptime at first call %s ms, main to first call %s ms, process %.0f ms%n",
                            round, who, parts[1], parts[2], processMillis);
                    report.add("JVM uptime at 1st call (ms)", who, Double.parseDouble(parts[1]));
                    report.add("main to 1st call (ms)", who, Double.parseDouble(parts[2]));
                    report.add("whole process (ms)", who, processMillis);
                }
            }
        }
        return report;
    }

    private static void child(String who, URI emulator) throws Exception {
        long mainStarted = System.nanoTime();
        long[] at = new long[2];
        int departments;
        // The wecom4j clients are closed as an application would (try-with-resources) before it exits.
        if (who.equals(Contenders.WECOM4J)) {
            try (WeComClient client = Contenders.wecom4j(emulator, b -> b)) {
                departments = firstCall(() -> client.contacts().departments().list().size(), mainStarted, at);
            }
        } else if (who.equals(HTTPCLIENT5)) {
            try (WeComClient client = Contenders.wecom4j(emulator, b -> b.transport(ApacheHttpTransport::new))) {
                departments = firstCall(() -> client.contacts().departments().list().size(), mainStarted, at);
            }
        } else {
            departments = firstCall(() -> Contenders.wxJava(emulator, DemoCorp.CONTACTS_SECRET, DemoCorp.APPROVALS_AGENT_ID)
                    .getDepartmentService().list(null).size(), mainStarted, at);
        }
        if (departments < 2) {
            throw new IllegalStateException("unexpected answer");
        }
        System.out.println("ok " + at[0] + " " + at[1]);
        System.exit(0);
    }

    private interface Count {
        int get() throws Exception;
    }

    /** Runs the first call; {@code at} gets the JVM uptime and the time since {@code main} at its end (ms). */
    private static int firstCall(Count call, long mainStarted, long[] at) throws Exception {
        int n = call.get();
        at[1] = (System.nanoTime() - mainStarted) / 1_000_000;
        at[0] = ManagementFactory.getRuntimeMXBean().getUptime();
        return n;
    }
}
