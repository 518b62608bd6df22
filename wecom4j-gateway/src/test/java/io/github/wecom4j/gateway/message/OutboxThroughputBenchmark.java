package io.github.wecom4j.gateway.message;

import io.github.wecom4j.emulator.WeComEmulator;
import io.github.wecom4j.emulator.corp.EmulatedApp;
import io.github.wecom4j.emulator.corp.EmulatedCorp;
import io.github.wecom4j.emulator.corp.EmulatedDepartment;
import io.github.wecom4j.emulator.corp.EmulatedMember;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Outbox throughput, not part of the normal build (no timing is asserted): run with
 * {@code -Dbenchmark=outbox}. The gateway runs in real mode against an in-process emulator of a
 * 2,000-member corp (so the per-member budget never waits); the background senders are off and
 * the benchmark drives {@link OutboxSender#drainOnce()} from 4 threads, like the 4 default senders.
 * Results are appended to {@code target/outbox-benchmark.txt}.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "outbox")
abstract class OutboxThroughputBenchmark {

    static final int MESSAGES = Integer.getInteger("benchmark.messages", 5_000);
    static final int MEMBERS = 2_000;
    static final int SENDERS = 4;
    static final String CORP = "ww0bench0corp000001";
    static final int AGENT = 1000030;
    static final String SECRET = "bench-app-secret-000000000000000000000001";
    static WeComEmulator emulator;

    @Autowired
    MessageOutbox outbox;
    @Autowired
    OutboxSender sender;
    @Autowired
    OutboxRepository repository;

    static void realModeAgainstEmulator(DynamicPropertyRegistry r) {
        if (emulator == null) {
            List<EmulatedMember> members = new ArrayList<>();
            for (int i = 0; i < MEMBERS; i++) {
                members.add(new EmulatedMember("b" + i, "B " + i, List.of(1L), 1, null, null, null, "0", 1));
            }
            emulator = WeComEmulator.builder().corp(new EmulatedCorp(CORP, "Bench", null,
                    List.of(new EmulatedDepartment(1, "Bench", 0, 1, List.of())), members,
                    List.of(new EmulatedApp(AGENT, "bench", SECRET, "localhost", null, null, null)))).start();
        }
        r.add("wecom.corp-id", () -> CORP);
        r.add("wecom.apps[0].agent-id", () -> AGENT);
        r.add("wecom.apps[0].secret", () -> SECRET);
        r.add("wecom.hosts.api", () -> emulator.baseUri().toString());
        r.add("wecom.hosts.oauth", () -> emulator.baseUri().toString());
        r.add("wecom.hosts.login", () -> emulator.baseUri().toString());
        r.add("gateway.messages.senders-enabled", () -> "false");
        r.add("logging.level.io.github.wecom4j", () -> "WARN");
    }

    abstract String database();

    @Test
    void throughput() throws Exception {
        long deliveredBefore = emulator.inboxes().totalDelivered();
        long t0 = System.nanoTime();
        for (int i = 0; i < MESSAGES; i++) {
            outbox.enqueue("{\"touser\":\"b" + (i % MEMBERS) + "\",\"msgtype\":\"text\",\"text\":{\"content\":\"bench "
                    + System.nanoTime() + " " + i + "\"}}");
        }
        long t1 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(SENDERS);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < SENDERS; t++) {
            futures.add(pool.submit(() -> {
                while (sender.drainOnce() > 0) {
                    // drain
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        long t2 = System.nanoTime();
        pool.shutdown();
        assertThat(emulator.inboxes().totalDelivered() - deliveredBefore).isEqualTo(MESSAGES);
        double enqueue = MESSAGES / ((t1 - t0) / 1e9);
        double send = MESSAGES / ((t2 - t1) / 1e9);
        String line = String.format("%s: %d messages, enqueue %.0f msg/s, send (%d senders) %.0f msg/s, end to end %.0f msg/s%n",
                database(), MESSAGES, enqueue, SENDERS, send, MESSAGES / ((t2 - t0) / 1e9));
        System.out.print(line);
        Path out = Path.of("target", "outbox-benchmark.txt");
        try {
            Files.writeString(out, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // printing is enough
        }
    }
}
