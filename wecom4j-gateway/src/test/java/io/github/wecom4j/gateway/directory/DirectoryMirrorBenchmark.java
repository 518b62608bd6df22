package io.github.wecom4j.gateway.directory;

import io.github.wecom4j.emulator.corp.EmulatedMember;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mirror at size, not part of the normal build (nothing timed is asserted): run with
 * {@code -Dbenchmark=directory}. Against the embedded emulator over real HTTP, H2 in memory (or
 * PostgreSQL with {@code -Dbenchmark.pg=true} through {@link DirectoryMirrorOnPostgresBenchmark}):
 * <ol>
 *   <li>full load of a 50,000-member, 2,000-department corp: time, WeCom calls, peak heap above the
 *   baseline while loading (sampled every 20 ms; the in-process emulator's own copy of the corp is
 *   in the baseline);</li>
 *   <li>a reconcile with nothing to heal, and one after 500 administrator changes whose callbacks
 *   were all lost (1 % of the corp);</li>
 *   <li>HR sync of 5,000 members onto an empty corp, then of a 1 % change: WeCom calls and time, and
 *   the corp equals the desired state afterwards.</li>
 * </ol>
 * Results are appended to {@code target/directory-benchmark.txt}.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "directory")
@TestPropertySource(properties = {"gateway.directory.max-page-size=498", // a context of its own: it reseeds the corp
        "gateway.directory.sync-max-members=100000", "gateway.limits.directory-sync-body=32MB"})
class DirectoryMirrorBenchmark extends MirrorTestBase {

    static final int MEMBERS = Integer.getInteger("benchmark.members", 50_000);
    static final int DEPARTMENTS = Integer.getInteger("benchmark.departments", 2_000);
    static final int HR_MEMBERS = Integer.getInteger("benchmark.hr-members", 5_000);

    @Test
    void fullLoadReconcileAndHrSync() throws Exception {
        StringBuilder out = new StringBuilder("\n## directory mirror, " + java.time.Instant.now() + ", "
                + Runtime.getRuntime().availableProcessors() + " cores, max heap "
                + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB, database " + database() + "\n");

        control("/_emulator/contacts/seed", "{\"departments\":" + DEPARTMENTS + ",\"members\":" + MEMBERS + ",\"seed\":1}");
        Measured load = measure(this::reconcile);
        out.append(line("full load " + MEMBERS + " members / " + DEPARTMENTS + " departments", load));
        assertThat(get("/api/directory/status").json().path("members").asInt()).isEqualTo(MEMBERS);

        out.append(line("reconcile, nothing changed", measure(this::reconcile)));

        emulator.changeContactCallbacks().dropRate(1.0, 1);
        List<EmulatedMember> members = emulator.directory().snapshot().members();
        for (int i = 0; i < MEMBERS / 100; i++) {
            admin("update_user", "{\"userid\":\"" + members.get(i * 97 % members.size()).userId()
                    + "\",\"position\":\"Changed " + i + "\"}");
        }
        emulator.changeContactCallbacks().dropRate(0, 1);
        Measured healed = measure(this::reconcile);
        out.append(line("reconcile after " + MEMBERS / 100 + " lost changes (drift "
                + healed.result().json().path("drift").asInt() + ")", healed));

        control("/_emulator/contacts/seed", "{\"departments\":200,\"members\":0,\"seed\":2}");
        reconcile();
        ObjectNode desired = DesiredJson.JSON.createObjectNode();
        ArrayNode rows = desired.putArray("members");
        for (int i = 0; i < HR_MEMBERS; i++) {
            rows.addObject().put("userid", "hr" + i).put("name", "HR member " + i).put("mobile", String.format("+86 138%08d", i))
                    .put("position", "Role " + i % 40).putArray("departments").add(2 + i % 199);
        }
        Measured onto = measure(() -> call("POST", "/api/directory/sync", "application/json", desired.toString()));
        out.append(line("HR sync " + HR_MEMBERS + " members onto an empty corp", onto));
        for (int i = 0; i < HR_MEMBERS / 100; i++) {
            ((ObjectNode) rows.get(i * 37 % HR_MEMBERS)).put("position", "Promoted " + i);
        }
        Measured change = measure(() -> call("POST", "/api/directory/sync", "application/json", desired.toString()));
        out.append(line("HR sync, 1 % changed", change));
        Map<String, String> positions = new java.util.HashMap<>();
        emulator.directory().snapshot().members().forEach(m -> positions.put(m.userId(), m.position()));
        for (JsonNode r : rows) {
            assertThat(positions.get(r.path("userid").asString())).isEqualTo(r.path("position").asString());
        }
        assertThat(positions).hasSize(HR_MEMBERS);
        assertThat(differences()).isEmpty();

        System.out.println(out);
        Path file = Path.of("target", "directory-benchmark.txt");
        Files.createDirectories(file.getParent());
        Files.writeString(file, out, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    String database() {
        return "H2 in memory";
    }

    record Measured(Response result, long millis, long wecomCalls, long peakHeapMb) {
    }

    private static String line(String what, Measured m) {
        return String.format("| %s | %,d ms | %,d WeCom calls | peak heap +%d MB |%n", what, m.millis(), m.wecomCalls(),
                m.peakHeapMb());
    }

    private Measured measure(Supplier<Response> work) throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long baseline = memory.getHeapMemoryUsage().getUsed();
        AtomicLong peak = new AtomicLong(baseline);
        AtomicBoolean running = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (running.get()) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.start();
        long calls = wecomCalls();
        long start = System.nanoTime();
        Response r = work.get();
        long millis = (System.nanoTime() - start) / 1_000_000;
        running.set(false);
        sampler.join();
        assertThat(r.status()).as(r.json().toString()).isEqualTo(200);
        return new Measured(r, millis, wecomCalls() - calls, (peak.get() - baseline) / (1024 * 1024));
    }

    private long wecomCalls() {
        return emulator.counters().snapshot().entrySet().stream()
                .filter(e -> e.getKey().startsWith("calls /cgi-bin/") && !e.getKey().endsWith("gettoken"))
                .mapToLong(Map.Entry::getValue).sum();
    }
}
