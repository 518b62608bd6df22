package io.github.wecom4j.gateway.message;

import io.github.wecom4j.gateway.db.PostgresSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

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
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;


/**
 * Gateway intake against the database's own floor, in one run (opt-in; nothing about time is
 * asserted): pgbench with a one-row INSERT per transaction and the gateway's
 * {@code POST /api/messages} (202 = committed), with the same number of clients, in alternating
 * rounds (pgbench, gateway, pgbench, gateway, ...) so a burst of load from elsewhere hits both.
 * Prints the median rates, p50/p99 latencies and the ratio, then the delivery rate into a
 * standalone emulator while intake runs and after each round (a backlog a round left is
 * delivered before pgbench's next round, so pgbench never shares the machine with the senders),
 * and the database bytes per queued message.
 *
 * <pre>
 * ./mvnw -pl wecom4j-gateway -am test -Dbenchmark=intake -Dtest=IntakeVersusPgbenchBenchmark \
 *     -Dsurefire.failIfNoSpecifiedTests=false [-Dbenchmark.clients=16] [-Dbenchmark.seconds=10] \
 *     [-Dbenchmark.rounds=3] [-Dbenchmark.warmup=20] [-Dbenchmark.senders=false] \
 *     [-Dbenchmark.max-warmup=240] [-Dbenchmark.jfr=/tmp/gateway.jfr [-Dbenchmark.jfc=profile]] [-Dbenchmark.batch=1]
 *     [-Dbenchmark.gateway-args="--gateway.messages.senders=8"]
 * </pre>
 * {@code -Dbenchmark.batch=N} (1 to 100): each client posts {@code POST /api/messages/batch} with N
 * messages per request instead of single messages; rates are messages accepted per second either
 * way (latencies are per request).
 * Needs PostgreSQL on 127.0.0.1:5432 (database {@code test}, user postgres), Redis and
 * {@code pgbench} on the PATH. The gateway is one instance (its own JVM, full JIT, 512 MB heap) on
 * a fresh schema; results are appended to {@code target/intake-benchmark.txt}.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "intake")
class IntakeVersusPgbenchBenchmark {

    static final int CLIENTS = Integer.getInteger("benchmark.clients", 16);
    static final int SECONDS = Integer.getInteger("benchmark.seconds", 10);
    static final int ROUNDS = Integer.getInteger("benchmark.rounds", 3);
    /** Seconds of gateway load before the first round, so its JIT has compiled the hot path. */
    static final int WARM_UP = Integer.getInteger("benchmark.warmup", 20);
    /** Messages per request: 1 posts single messages (today's callers), more posts batches. */
    static final int BATCH = Integer.getInteger("benchmark.batch", 1);
    /** Enough members that WeCom's 30 per minute per member never holds a message back here. */
    static final int MEMBERS = 20_000;

    @TempDir
    Path dir;

    @Test
    void intakeAgainstPgbench() throws Exception {
        List<String> jvm = new ArrayList<>(List.of("-Xmx512m"));
        String jfr = System.getProperty("benchmark.jfr");
        if (jfr != null) {
            jvm.add("-XX:FlightRecorderOptions:stackdepth=256");
            jvm.add("-XX:StartFlightRecording=filename=" + jfr + ",settings=" + System.getProperty("benchmark.jfc", "profile"));
        }
        List<String> lines = new ArrayList<>();
        // -Dbenchmark.senders=false: intake alone (nothing delivered; the drain line is then skipped).
        boolean senders = Boolean.parseBoolean(System.getProperty("benchmark.senders", "true"));
        List<String> args = new ArrayList<>(List.of("--gateway.messages.lease=30s",
                "--gateway.messages.max-attempts=12", "--gateway.messages.senders-enabled=" + senders,
                // The directory mirror's first load of the 20,000 members would compete with the rounds.
                "--gateway.directory.load-on-start=false"));
        // -Dbenchmark.gateway-args="--gateway.messages.senders=4 --gateway.messages.claim-linger=50ms": settings to compare.
        String extra = System.getProperty("benchmark.gateway-args", "").trim();
        if (!extra.isEmpty()) {
            args.addAll(List.of(extra.split("\\s+")));
        }
        try (GatewayCluster cluster = GatewayCluster.start(dir, 1, MEMBERS, jvm, args)) {
            URI gateway = URI.create(cluster.instanceUrl(0));
            Path script = pgbenchScript(cluster.schema());
            lines.add(String.format(Locale.ROOT, "%s, %d clients, %d message(s) per request, %d s per round, %d rounds each,"
                    + " load average before %s; %s; gateway arguments %s", java.time.Instant.now(), CLIENTS, BATCH, SECONDS, ROUNDS,
                    loadAverage(), DeliveryDrainBenchmark.postgresSettings(), args));
            IntakeLoad.run(gateway.getHost(), gateway.getPort(), GatewayCluster.KEY, CLIENTS, MEMBERS, WARM_UP, "warm-up", BATCH);
            lines.add(warmUntilTheJitIsQuiet(gateway, cluster.instance(0)));
            if (senders) {
                lines.add("warm-up " + deliverBacklog(cluster));
            }
            runPgbench(script, 5);
            List<double[]> pg = new ArrayList<>();
            List<double[]> gw = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                MachineCpu pgCpu = MachineCpu.now();
                double[] p = runPgbench(script, SECONDS);
                pg.add(p);
                lines.add(String.format(Locale.ROOT, "round %d pgbench: %.0f tx/s, p50 %.2f ms, p99 %.2f ms; %s", round, p[0], p[1], p[2],
                        pgCpu.since()));
                long deliveredBefore = cluster.delivered();
                double cpuBefore = cluster.instance(0).cpuSeconds();
                double[] batchesBefore = intakeBatches(cluster.instanceUrl(0));
                double[] claimsBefore = summary(cluster.instanceUrl(0), "wecom4j_outbox_claim_batch");
                double[] poolBefore = summary(cluster.instanceUrl(0), "hikaricp_connections_acquire_seconds");
                MachineCpu gwCpu = MachineCpu.now();
                IntakeLoad.Result r = IntakeLoad.run(gateway.getHost(), gateway.getPort(), GatewayCluster.KEY, CLIENTS, MEMBERS,
                        SECONDS, "round " + round, BATCH);
                long deliveredCount = cluster.delivered() - deliveredBefore;
                double[] batchesAfter = intakeBatches(cluster.instanceUrl(0));
                double[] claimsAfter = summary(cluster.instanceUrl(0), "wecom4j_outbox_claim_batch");
                double[] poolAfter = summary(cluster.instanceUrl(0), "hikaricp_connections_acquire_seconds");
                // Waits for a pooled database connection (all callers: intake writers, senders, the rest).
                double poolWaitMs = (poolAfter[1] - poolBefore[1]) * 1000 / Math.max(1, poolAfter[0] - poolBefore[0]);
                double perClaim = (claimsAfter[1] - claimsBefore[1]) / Math.max(1, claimsAfter[0] - claimsBefore[0]);
                // Group commit at work: messages per intake transaction (from the gateway's own meter).
                double perTransaction = (batchesAfter[1] - batchesBefore[1]) / Math.max(1, batchesAfter[0] - batchesBefore[0]);
                double cpu = cluster.instance(0).cpuSeconds() - cpuBefore;
                double delivered = deliveredCount / r.seconds();
                // CPU of the gateway per message handled (accepted + delivered): steadier than rates on a shared machine.
                double cpuPerMessage = cpu * 1000 / Math.max(1, r.accepted() + deliveredCount);
                gw.add(new double[]{r.perSecond(), r.percentileMillis(50), r.percentileMillis(99), delivered, cpuPerMessage,
                        cpu / r.seconds(), perTransaction});
                lines.add(String.format(Locale.ROOT, "round %d gateway: %.0f messages accepted/s (%d refused), p50 %.2f ms, p99 %.2f ms,"
                                + " delivered meanwhile %.0f/s; gateway CPU %.2f cores, %.2f ms per message accepted or delivered;"
                                + " %.1f messages per intake transaction, %.1f calls per sender claim, %.3f ms mean wait for a pooled"
                                + " connection; %s", round, r.perSecond(), r.refused(),
                        r.percentileMillis(50), r.percentileMillis(99), delivered, cpu / r.seconds(), cpuPerMessage, perTransaction,
                        perClaim, poolWaitMs, gwCpu.since()));
                if (senders) {
                    lines.add("round " + round + " " + deliverBacklog(cluster));
                }
            }
            double pgRate = median(pg, 0);
            double gwRate = median(gw, 0);
            lines.add(String.format(Locale.ROOT, "MEDIAN pgbench %.0f tx/s (p99 %.2f ms) | gateway %.0f messages accepted/s (p50 %.2f ms,"
                            + " p99 %.2f ms) | ratio gateway/pgbench %.2f | delivered during intake %.0f/s | gateway %.2f cores,"
                            + " %.2f CPU ms per message | %.1f messages per intake transaction", pgRate, median(pg, 2), gwRate,
                    median(gw, 1), median(gw, 2), gwRate / pgRate, median(gw, 3), median(gw, 5), median(gw, 4), median(gw, 6)));
            if (senders) {
                lines.add(drain(cluster));
            }
            lines.add(bytesPerMessage(cluster.schema()));
            lines.add("load average after " + loadAverage());
            if (jfr != null) {
                // Dumped while the gateway runs: at exit the recording came out empty (the JVM's
                // exit-time dump does not always finish before the process is gone).
                new ProcessBuilder("jcmd", String.valueOf(cluster.instance(0).pid()), "JFR.dump", "filename=" + jfr)
                        .inheritIO().start().waitFor();
            }
        }
        lines.forEach(System.out::println);
        Files.write(Path.of("target", "intake-benchmark.txt"), lines, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /**
     * With senders on, a round may leave calls queued (intake outran delivery); they are delivered
     * before pgbench's next round, which would otherwise share the machine with the senders.
     */
    private static String deliverBacklog(GatewayCluster cluster) throws Exception {
        long backlog = DeliveryDrainBenchmark.queued(cluster.schema());
        if (backlog == 0) {
            return "left no backlog";
        }
        long t0 = System.nanoTime();
        double seconds = DeliveryDrainBenchmark.awaitDrained(cluster, cluster.delivered() + backlog, t0);
        return String.format(Locale.ROOT, "left a backlog of %d calls, delivered in %.1f s (%.0f calls/s) before pgbench's next round",
                backlog, seconds, backlog / seconds);
    }

    /** Delivery alone: how fast the backlog left by the intake rounds reaches the emulator. */
    private static String drain(GatewayCluster cluster) throws Exception {
        double cpuBefore = cluster.instance(0).cpuSeconds();
        long accepted = count(cluster.schema(), "select count(*) from message_call");
        long before = cluster.delivered();
        long t0 = System.nanoTime();
        long backlog = DeliveryDrainBenchmark.queued(cluster.schema());
        double seconds = DeliveryDrainBenchmark.awaitDrained(cluster, before + backlog, t0);
        double cpu = cluster.instance(0).cpuSeconds() - cpuBefore;
        long other = count(cluster.schema(), "select count(*) from message_call where state not in ('sent')");
        if (backlog == 0) {
            // Delivery kept pace with intake: no drain to time (a rate and CPU figure over a tenth
            // of a second, /proc's resolution being 10 ms, would be noise). DeliveryDrainBenchmark times one.
            return String.format(Locale.ROOT, "drain: nothing left after intake; of %d calls in all, %d not 'sent';"
                    + " dropped by the per-member limit: %d", accepted, other, cluster.dropped());
        }
        return String.format(Locale.ROOT, "drain: %d calls left after intake delivered in %.1f s = %.0f message/send calls/s"
                        + " (emulator counted %d), gateway CPU %.2f cores, %.2f ms per call; of %d calls in all, %d not 'sent';"
                        + " dropped by the per-member limit: %d", backlog, seconds, backlog / seconds, cluster.delivered() - before,
                cpu / seconds, cpu * 1000 / Math.max(1, backlog), accepted, other, cluster.dropped());
    }

    /**
     * pgbench runs compiled C from its first transaction; the gateway's JIT keeps compiling Spring's
     * request path for a while on 2 busy cores. A deployed gateway runs for days, so the rounds should
     * measure it compiled: more warm-up slices until the compiler threads used under 2 % of a core in
     * a slice (at most {@code benchmark.max-warmup} seconds more). Their CPU time, from {@code /proc}:
     * the JVM's own compilation time is wall-clock time, and on a saturated machine a compiler
     * thread that waits for a core counts as compiling (it read 4.7 s per 5 s slice while the
     * compiler threads used 0.1 % of a core).
     */
    private static String warmUntilTheJitIsQuiet(URI gateway, ChildJvm jvm) throws Exception {
        int maxExtra = Integer.getInteger("benchmark.max-warmup", 240);
        int slice = 5;
        int extra = 0;
        double compiled = 0;
        while (extra < maxExtra) {
            double before = compilerCpuSeconds(jvm.pid());
            IntakeLoad.run(gateway.getHost(), gateway.getPort(), GatewayCluster.KEY, CLIENTS, MEMBERS, slice, "warm-up (JIT)", BATCH);
            extra += slice;
            compiled = compilerCpuSeconds(jvm.pid()) - before;
            if (compiled < slice * 0.02) {
                break;
            }
        }
        return String.format(Locale.ROOT, "warm-up: %d s + %d s until the JIT's threads used %.0f ms of CPU in the last %d s slice",
                WARM_UP, extra, compiled * 1000, slice);
    }

    /** CPU seconds (user + system) of a JVM's JIT compiler threads ("C1/C2 CompilerThre..."), from /proc. */
    static double compilerCpuSeconds(long pid) throws java.io.IOException {
        double total = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    if (Files.readString(task.resolve("comm")).contains("CompilerThre")) {
                        total += ChildJvm.cpuSeconds(Files.readString(task.resolve("stat")));
                    }
                } catch (java.io.IOException | RuntimeException gone) {
                    // the thread ended while being read
                }
            }
        }
        return total;
    }

    /** {count, sum} of the gateway's {@code wecom4j.outbox.intake.batch} meter, from its Prometheus endpoint. */
    private static double[] intakeBatches(String gatewayUrl) throws Exception {
        return summary(gatewayUrl, "wecom4j_outbox_intake_batch");
    }

    /** {count, sum} of one of the gateway's distribution summaries, from its Prometheus endpoint. */
    private static double[] summary(String gatewayUrl, String meter) throws Exception {
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                URI.create(gatewayUrl + "/actuator/prometheus")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        double[] out = new double[2];
        for (String line : r.body().split("\n")) {
            if (line.startsWith(meter + "_count")) {
                out[0] = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            } else if (line.startsWith(meter + "_sum")) {
                out[1] = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return out;
    }

    private static String bytesPerMessage(String schema) throws Exception {
        long messages = count(schema, "select count(*) from message_outbox");
        long bytes = count(schema, "select pg_total_relation_size('message_outbox') + pg_total_relation_size('message_call')");
        return String.format(Locale.ROOT, "database: %d messages, %d bytes in message_outbox + message_call with indexes"
                + " = %d bytes per message (one call each)", messages, bytes, messages == 0 ? 0 : bytes / messages);
    }

    static long count(String schema, String sql) {
        try (Connection c = DriverManager.getConnection(PostgresSchema.jdbcUrl(schema), PostgresSchema.USER, "");
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same row the gateway stores for a one-recipient message, one INSERT per transaction. */
    private Path pgbenchScript(String schema) throws Exception {
        try (Connection c = DriverManager.getConnection(PostgresSchema.jdbcUrl(schema), PostgresSchema.USER, "");
             Statement s = c.createStatement()) {
            s.execute("create table pgbench_intake (id varchar(36) primary key, agent_id integer not null,"
                    + " request text not null, calls integer not null, created_at bigint not null)");
        }
        Path script = dir.resolve("one-row-insert.sql");
        Files.writeString(script, "\\set member random(0, " + (MEMBERS - 1) + ")\n"
                + "insert into " + schema + ".pgbench_intake (id, agent_id, request, calls, created_at) values"
                + " (gen_random_uuid()::text, " + GatewayCluster.AGENT + ","
                + " '{\"touser\":\"m1234\",\"msgtype\":\"text\",\"text\":{\"content\":\"pgbench message 123456\"}}', 1, :member);\n");
        return script;
    }

    /** {tx/s, p50 ms, p99 ms} of one pgbench run with {@link #CLIENTS} clients. */
    private double[] runPgbench(Path script, int seconds) throws Exception {
        Path logs = Files.createTempDirectory(dir, "pgbench");
        URI pg = URI.create(PostgresSchema.URL.substring("jdbc:".length()));
        List<String> cmd = List.of("pgbench", "-n", "-h", pg.getHost(), "-p", String.valueOf(pg.getPort()), "-U", PostgresSchema.USER,
                "-M", "prepared", "-c", String.valueOf(CLIENTS), "-j", String.valueOf(Math.min(CLIENTS, 2)),
                "-T", String.valueOf(seconds), "-f", script.toString(), "-l", "--log-prefix=" + logs.resolve("tx"),
                pg.getPath().substring(1));
        Process p = new ProcessBuilder(cmd).directory(logs.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException("pgbench failed: " + out);
        }
        Matcher tps = Pattern.compile("tps = ([0-9.]+)").matcher(out);
        if (!tps.find()) {
            // e.g. a run so short under load that no transaction finished after the connections
            System.out.println("pgbench reported no rate: " + out);
            return new double[]{0, Double.NaN, Double.NaN};
        }
        long[] latencies;
        try (Stream<Path> files = Files.list(logs)) {
            // Per transaction: client, number, latency in µs, script, epoch s, µs.
            latencies = files.flatMap(f -> {
                try {
                    return Files.readAllLines(f).stream();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).mapToLong(l -> Long.parseLong(l.split(" ")[2])).sorted().toArray();
        }
        return new double[]{Double.parseDouble(tps.group(1)), percentile(latencies, 50) / 1000, percentile(latencies, 99) / 1000};
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[(int) Math.max(0, Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1))];
    }

    private static double median(List<double[]> rows, int column) {
        double[] v = rows.stream().mapToDouble(r -> r[column]).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    static String loadAverage() {
        try {
            return Arrays.toString(Arrays.copyOf(Files.readString(Path.of("/proc/loadavg")).split(" "), 3));
        } catch (Exception e) {
            return "n/a";
        }
    }
}
