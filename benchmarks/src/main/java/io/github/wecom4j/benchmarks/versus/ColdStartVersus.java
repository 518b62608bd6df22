package io.github.wecom4j.benchmarks.versus;

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
 * java -cp benchmarks/target/benchmarks.jar io.github.wecom4j.benchmarks.versus.ColdStartVersus [rounds=10]
 * </pre>
 * Child JVMs get the same class path and {@code -Xshare:auto} (the JDK's default CDS archive), no
 * other flags, so class loading is what a real application pays.
 */
public final class ColdStartVersus {

    private static final String HTTPCLIENT5 = Contenders.WECOM4J + "+httpclient5";

    private ColdStartVersus() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].startsWith("child:")) {
            child(args[0].substring("child:".length()), URI.create(args[1]));
            return;
        }
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("java.class.path");
        Report report = new Report("cold start to the first department/list (fresh JVM each)");
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
        report.print(Contenders.WXJAVA);
    }

    private static void child(String who, URI emulator) throws Exception {
        long mainStarted = System.nanoTime();
        int departments;
        if (who.equals(Contenders.WECOM4J)) {
            departments = Contenders.wecom4j(emulator, b -> b).contacts().departments().list().size();
        } else if (who.equals(HTTPCLIENT5)) {
            departments = Contenders.wecom4j(emulator, b -> b.transport(ApacheHttpTransport::new))
                    .contacts().departments().list().size();
        } else {
            departments = Contenders.wxJava(emulator, DemoCorp.CONTACTS_SECRET, DemoCorp.APPROVALS_AGENT_ID)
                    .getDepartmentService().list(null).size();
        }
        long mainToCall = (System.nanoTime() - mainStarted) / 1_000_000;
        long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
        if (departments < 2) {
            throw new IllegalStateException("unexpected answer");
        }
        System.out.println("ok " + uptime + " " + mainToCall);
        System.exit(0);
    }
}
