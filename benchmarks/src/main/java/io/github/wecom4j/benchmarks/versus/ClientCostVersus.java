package io.github.wecom4j.benchmarks.versus;

import io.github.wecom4j.emulator.WeComEmulator;
import io.github.wecom4j.emulator.corp.DemoCorp;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * What each client itself costs per call, with the server's cost taken out of the picture. The
 * rounds of {@link SteadyCallsVersus} ({@code department/list}, {@code threads} threads, contenders
 * interleaved, medians) against one of two servers:
 *
 * <ul>
 *   <li>{@code canned} (default): a {@link CannedWeComServer} in this JVM answering with bytes the
 *   emulator gave once. <b>Client CPU per call</b> = (this process's CPU time over the round, i.e.
 *   every thread: callers, the transport's own selector/executor threads, GC and JIT) minus the
 *   canned server's threads' CPU time over the round (ThreadMXBean), divided by the calls. The
 *   server's own CPU per request is printed too, to show it is small beside every client.</li>
 *   <li>{@code jvm}: the standalone emulator in a JVM of its own ({@link EmulatorJvm}). Client CPU
 *   per call = this whole process's CPU time (OperatingSystemMXBean) over the round / calls: the
 *   emulator's cost is in the other process. The emulator's CPU per call (from {@code /proc}) is
 *   printed for reference. Calls/s still depend on the emulator, CPU per call does not.</li>
 * </ul>
 * CPU per call does not depend on who else owns the cores, which calls/s on a shared machine does.
 * The bare socket row (one fixed request written, the answer read by length, nothing parsed) is
 * the floor: the syscalls every client pays.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.github.wecom4j.benchmarks.versus.ClientCostVersus \
 *      [canned|jvm] [rounds=3] [seconds=5] [threads=8]
 * </pre>
 */
public final class ClientCostVersus {

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private ClientCostVersus() {
    }

    public static void main(String[] args) throws Exception {
        String server = args.length > 0 ? args[0] : "canned";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 8;
        switch (server) {
            case "canned" -> canned(rounds, seconds, threads).print(Contenders.WXJAVA);
            case "jvm" -> {
                try (EmulatorJvm emulator = EmulatorJvm.start()) {
                    System.out.printf("emulator JVM at %s%n", emulator.baseUri());
                    measure("client process cost against the emulator in its own JVM (department/list, " + threads
                                    + " threads)", SteadyCallsVersus.contenders(emulator.baseUri()), rounds, seconds,
                            threads, () -> OS.getProcessCpuTime(),
                            new Counter("emulator CPU per call (µs)", emulator::cpuNanos, null, null))
                            .print(Contenders.WXJAVA);
                }
            }
            default -> throw new IllegalArgumentException("server must be canned or jvm, not " + server);
        }
    }

    /**
     * The rounds against a canned server; the report holds "calls/s", "p50 latency (ms)",
     * "p99 latency (ms)", "client CPU per call (µs)" and the server's CPU per request per contender.
     */
    static Report canned(int rounds, int seconds, int threads) throws Exception {
        CannedWeComServer canned;
        // Recorded from the real emulator, which is then closed: none of its threads run here.
        try (WeComEmulator emulator = WeComEmulator.builder().tokenFetchesPerHour(1_000_000).start()) {
            canned = CannedWeComServer.recordFrom(emulator.baseUri(), DemoCorp.CORP_ID, DemoCorp.CONTACTS_SECRET);
        }
        try (canned) {
            System.out.printf("canned server at %s: department/list body %d bytes%n", canned.baseUri(),
                    canned.departmentsBodyLength());
            return measure("client cost against a canned WeCom server (department/list, " + threads + " threads)",
                    SteadyCallsVersus.contenders(canned.baseUri()), rounds, seconds, threads,
                    () -> OS.getProcessCpuTime() - canned.cpuNanos(),
                    new Counter("server CPU per request (µs)", canned::cpuNanos,
                            () -> (double) canned.requests(), () -> (double) canned.connections()));
        }
    }

    /** A server-side CPU counter printed beside the clients; {@code requests} null means per client call. */
    private record Counter(String label, DoubleSupplier cpuNanos, DoubleSupplier requests, DoubleSupplier connections) {
    }

    private static Report measure(String title, Map<String, Contenders.Call> contenders, int rounds, int seconds,
                                int threads, DoubleSupplier clientCpuNanos, Counter server) throws Exception {
        System.out.printf("%s: %d rounds of %d s per contender, interleaved%n", title, rounds, seconds);
        for (Map.Entry<String, Contenders.Call> c : contenders.entrySet()) {
            // Warm-up as long as a round: the JDK client's code is still being compiled after 2 s.
            SteadyCallsVersus.run(c.getValue(), threads, Math.max(2, seconds));
        }
        Report report = new Report(title);
        for (int round = 1; round <= rounds; round++) {
            for (Map.Entry<String, Contenders.Call> c : contenders.entrySet()) {
                System.gc(); // garbage of the previous contender is not collected on this one's time
                double cpu0 = clientCpuNanos.getAsDouble();
                double server0 = server.cpuNanos().getAsDouble();
                double requests0 = server.requests() == null ? 0 : server.requests().getAsDouble();
                double connections0 = server.connections() == null ? 0 : server.connections().getAsDouble();
                SteadyCallsVersus.Result r = SteadyCallsVersus.run(c.getValue(), threads, seconds);
                double clientMicros = (clientCpuNanos.getAsDouble() - cpu0) / r.calls() / 1000;
                double requests = server.requests() == null ? r.calls() : server.requests().getAsDouble() - requests0;
                double serverMicros = (server.cpuNanos().getAsDouble() - server0) / requests / 1000;
                String opened = server.connections() == null ? ""
                        : String.format("  %.0f connections opened", server.connections().getAsDouble() - connections0);
                System.out.printf("round %d %-22s %,10.0f calls/s  p50 %.2f ms  p99 %.2f ms  client CPU %.1f µs/call"
                                + "  server %.1f µs%s%n", round, c.getKey(), r.callsPerSecond(), r.p50Millis(),
                        r.p99Millis(), clientMicros, serverMicros, opened);
                report.add("calls/s", c.getKey(), r.callsPerSecond());
                report.add("p50 latency (ms)", c.getKey(), r.p50Millis());
                report.add("p99 latency (ms)", c.getKey(), r.p99Millis());
                report.add("client CPU per call (µs)", c.getKey(), clientMicros);
                report.add(server.label(), c.getKey(), serverMicros);
            }
        }
        return report;
    }
}
