package io.github.wecom4j.gateway.message;

import io.github.wecom4j.gateway.db.PostgresSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Delivery alone (issue 11: "delivery ≥ 500 message/send calls/s against a standalone emulator"):
 * a backlog is queued by an instance whose senders are off, then a second instance with senders on
 * starts and the time until nothing is left queued is measured, with the CPU of every process that
 * took part (gateway, standalone emulator, PostgreSQL) per call. Opt-in:
 * <pre>
 * ./mvnw -pl wecom4j-gateway -am test -Dbenchmark=drain -Dtest=DeliveryDrainBenchmark \
 *     -Dsurefire.failIfNoSpecifiedTests=false [-Dbenchmark.messages=30000] [-Dbenchmark.senders=16] \
 *     [-Dbenchmark.rounds=2] [-Dbenchmark.jfr=/tmp/drain.jfr]
 * </pre>
 * Each round queues {@code benchmark.messages} one-recipient texts (batch endpoint, to queue fast)
 * to distinct members of a 20,000-member corp, so WeCom's per-member limit (30 a minute) is never
 * what slows the drain. Results are appended to {@code target/drain-benchmark.txt}. Needs
 * PostgreSQL, Redis and the standalone emulator (started by {@link GatewayCluster}).
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "drain")
class DeliveryDrainBenchmark {

    static final int MESSAGES = Integer.getInteger("benchmark.messages", 30_000);
    static final int SENDERS = Integer.getInteger("benchmark.senders", 16);
    static final int ROUNDS = Integer.getInteger("benchmark.rounds", 2);
    static final int MEMBERS = 20_000;

    @TempDir
    Path dir;

    @Test
    void drainAgainstStandaloneEmulator() throws Exception {
        List<String> lines = new ArrayList<>();
        List<String> senderJvm = new ArrayList<>(List.of("-Xmx512m"));
        String jfr = System.getProperty("benchmark.jfr");
        if (jfr != null) {
            senderJvm.add("-XX:FlightRecorderOptions:stackdepth=256");
            senderJvm.add("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile");
        }
        try (GatewayCluster cluster = GatewayCluster.start(dir, 1, MEMBERS, List.of("-Xmx512m"), List.of(
                "--gateway.messages.senders-enabled=false", "--gateway.messages.lease=30s",
                "--gateway.messages.max-attempts=12", "--gateway.directory.load-on-start=false"))) {
            URI intake = URI.create(cluster.instanceUrl(0));
            int sender = cluster.addInstance(senderJvm, List.of("--gateway.messages.senders-enabled=true",
                    "--gateway.messages.senders=" + SENDERS, "--gateway.directory.load-on-start=false"));
            lines.add(String.format(Locale.ROOT, "%s, %d messages per round, %d senders, %d rounds, load average before %s; %s",
                    java.time.Instant.now(), MESSAGES, SENDERS, ROUNDS, IntakeVersusPgbenchBenchmark.loadAverage(), postgresSettings()));
            // Round 0 warms the sending instance's JIT; every round is reported.
            for (int round = 0; round < ROUNDS; round++) {
                awaitDrained(cluster, Long.MAX_VALUE, System.nanoTime());
                // The sender instance claims while the backlog is queued too; the drain is timed
                // from the moment the last message was accepted.
                queue(intake, MESSAGES, "drain-" + round);
                long backlog = queued(cluster.schema());
                double gatewayCpu = cluster.instance(sender).cpuSeconds();
                double emulatorCpu = cluster.emulator().cpuSeconds();
                double postgresCpu = postgresCpuSeconds();
                long delivered = cluster.delivered();
                long t0 = System.nanoTime();
                double seconds = awaitDrained(cluster, delivered + backlog, t0);
                long calls = cluster.delivered() - delivered;
                lines.add(String.format(Locale.ROOT, "round %d: %d calls queued, delivered in %.1f s = %.0f message/send calls/s"
                                + " (emulator counted %d); CPU ms per call: gateway %.2f, emulator %.2f, PostgreSQL %.2f;"
                                + " dropped by the per-member limit so far: %d", round, backlog, seconds, backlog / seconds, calls,
                        (cluster.instance(sender).cpuSeconds() - gatewayCpu) * 1000 / Math.max(1, calls),
                        (cluster.emulator().cpuSeconds() - emulatorCpu) * 1000 / Math.max(1, calls),
                        (postgresCpuSeconds() - postgresCpu) * 1000 / Math.max(1, calls), cluster.dropped()));
            }
            lines.add("load average after " + IntakeVersusPgbenchBenchmark.loadAverage());
            if (jfr != null) {
                new ProcessBuilder("jcmd", String.valueOf(cluster.instance(sender).pid()), "JFR.dump", "filename=" + jfr)
                        .inheritIO().start().waitFor();
            }
        }
        lines.forEach(System.out::println);
        Files.write(Path.of("target", "drain-benchmark.txt"), lines, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /**
     * Waits until the emulator counted {@code deliveredTarget} calls (a cheap counter, read every
     * 20 ms), then until no row is left queued or sending (a count over the whole table, read at most
     * every 500 ms: a count every 50 ms cost PostgreSQL more CPU than the senders' own statements);
     * returns the seconds from {@code t0} to the moment the last call was counted, or to the empty
     * queue if calls were absorbed or failed.
     */
    static double awaitDrained(GatewayCluster cluster, long deliveredTarget, long t0) throws InterruptedException {
        long deadline = t0 + Duration.ofMinutes(15).toNanos();
        while (cluster.delivered() < deliveredTarget && System.nanoTime() < deadline) {
            if (queued(cluster.schema()) == 0) {
                return (System.nanoTime() - t0) / 1e9;
            }
            for (int i = 0; i < 25 && cluster.delivered() < deliveredTarget; i++) {
                Thread.sleep(20);
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        while (queued(cluster.schema()) > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("backlog not delivered within 15 minutes");
            }
            Thread.sleep(500);
        }
        return seconds;
    }

    /** Queues {@code messages} through the batch endpoint (100 per request, 8 clients). */
    private static void queue(URI gateway, int messages, String tag) throws Exception {
        long accepted = 0;
        while (accepted < messages) {
            accepted += IntakeLoad.run(gateway.getHost(), gateway.getPort(), GatewayCluster.KEY, 8, MEMBERS, 1, tag, 100)
                    .accepted();
        }
    }

    /** Calls still to deliver: queued, or being sent. */
    static long queued(String schema) {
        return IntakeVersusPgbenchBenchmark.count(schema, "select count(*) from message_call where state in ('queued', 'sending')");
    }

    /**
     * The server settings that decide these results: with autovacuum off (CI's PostgreSQL) the queue
     * tables keep the statistics of an empty table and their dead rows, and delivery slows down as
     * they grow (docs/BENCHMARKS.md, "Delivery").
     */
    static String postgresSettings() {
        try (Connection c = DriverManager.getConnection(PostgresSchema.URL, PostgresSchema.USER, "");
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select current_setting('server_version'),"
                     + " current_setting('autovacuum'), current_setting('synchronous_commit'), current_setting('fsync')")) {
            rs.next();
            return "PostgreSQL " + rs.getString(1) + ", autovacuum " + rs.getString(2) + ", synchronous_commit "
                    + rs.getString(3) + ", fsync " + rs.getString(4);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** CPU seconds of every process named postgres on this machine (backends, WAL writer, ...), from /proc. */
    static double postgresCpuSeconds() throws IOException {
        double total = 0;
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    if (name.startsWith("postgres")) {
                        total += ChildJvm.cpuSeconds(stat);
                    }
                } catch (IOException | RuntimeException gone) {
                    // the process ended while being read
                }
            }
        }
        return total;
    }
}
