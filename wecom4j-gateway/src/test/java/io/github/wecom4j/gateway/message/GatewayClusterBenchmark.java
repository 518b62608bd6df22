package io.github.wecom4j.gateway.message;

import io.github.wecom4j.gateway.db.PostgresSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.github.wecom4j.gateway.message.GatewayHttp.await;

/**
 * Cluster throughput on PostgreSQL, one instance against three, in one run (opt-in, nothing
 * asserted about time): {@code ./mvnw -pl wecom4j-gateway -am verify -Dbenchmark=cluster
 * -Dtest=GatewayClusterBenchmark -Dsurefire.failIfNoSpecifiedTests=false}. For each round:
 * messages accepted per second through the round-robin address (16 client threads), messages
 * delivered per second into the standalone emulator, and with three instances the time the
 * survivors take to finish what a SIGKILLed instance had claimed. Rounds alternate 1, 3, 1, 3 so
 * machine noise hits both. Results: {@code target/cluster-benchmark.txt}.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "cluster")
class GatewayClusterBenchmark {

    static final int MESSAGES = Integer.getInteger("benchmark.messages", 3_000);
    static final int MEMBERS = 1_000;
    static final int CLIENTS = 16;

    @TempDir
    Path dir;

    @Test
    void oneAgainstThreeInstances() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int round = 0; round < 4; round++) {
            int instances = round % 2 == 0 ? 1 : 3;
            Path roundDir = Files.createDirectories(dir.resolve("round-" + round));
            try (GatewayCluster cluster = GatewayCluster.start(roundDir, instances, MEMBERS)) {
                lines.add(round(cluster, instances, round));
            }
        }
        Path out = Path.of("target", "cluster-benchmark.txt");
        Files.write(out, lines, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        lines.forEach(System.out::println);
    }

    private String round(GatewayCluster cluster, int instances, int round) throws Exception {
        long deliveredBefore = cluster.delivered();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        long start = System.nanoTime();
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            String body = "{\"touser\":\"m" + (i % MEMBERS) + "\",\"msgtype\":\"text\",\"text\":{\"content\":\"bench " + round
                    + " " + i + "\"}}";
            answers.add(pool.submit(() -> GatewayHttp.post(cluster.url() + "/api/messages", GatewayCluster.KEY, body).status()));
        }
        int accepted = 0;
        for (Future<Integer> f : answers) {
            accepted += f.get() == 202 ? 1 : 0;
        }
        double acceptSeconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        String takeover = "";
        if (instances == 3) {
            takeover = " takeover " + takeover(cluster);
        }
        int expected = accepted;
        await("all delivered", Duration.ofMinutes(10), () -> cluster.delivered() - deliveredBefore >= expected);
        double totalSeconds = (System.nanoTime() - start) / 1e9;
        return String.format("round %d: %d instance(s), %d messages: accepted %.0f/s (%.1f s), delivered %.0f/s (%.1f s from"
                        + " the first request)%s", round, instances, accepted, accepted / acceptSeconds, acceptSeconds,
                accepted / totalSeconds, totalSeconds, takeover);
    }

    /**
     * Kills instance 1 while it sends and measures how long until every call that was being sent
     * at that moment (its own and the survivors') is sent: the survivors take the dead instance's
     * claims over one lease (3 s here) after its last renewal.
     */
    private String takeover(GatewayCluster cluster) throws Exception {
        List<Long> sending = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(PostgresSchema.jdbcUrl(cluster.schema()), PostgresSchema.USER, "")) {
            cluster.instance(1).kill();
            long killedAt = System.nanoTime();
            try (ResultSet rs = c.createStatement().executeQuery("select id from message_call where state = 'sending'")) {
                while (rs.next()) {
                    sending.add(rs.getLong(1));
                }
            }
            if (sending.isEmpty()) {
                return "(nothing was being sent at the kill)";
            }
            String in = String.join(",", sending.stream().map(String::valueOf).toList());
            await("claimed calls of the dead instance sent", Duration.ofMinutes(2), () -> {
                try (ResultSet rs = c.createStatement().executeQuery(
                        "select count(*) from message_call where state = 'sending' and id in (" + in + ")")) {
                    rs.next();
                    return rs.getInt(1) == 0;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            return String.format("%.1f s for %d calls in flight at the kill", (System.nanoTime() - killedAt) / 1e9, sending.size());
        }
    }
}
