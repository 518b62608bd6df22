package io.github.wecom4j.gateway.callback.push;

import io.github.wecom4j.callback.CallbackMessage;
import io.github.wecom4j.emulator.corp.DemoCorp;
import io.github.wecom4j.gateway.callback.CallbackEventStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Push throughput, not part of the normal build (no timing is asserted): run with
 * {@code -Dbenchmark=push}. Callbacks are stored through the real intake store (which queues them
 * for every subscription in the same transaction) while the push workers are off; then the
 * workers ({@link #WORKERS} threads, the real loop) are started and timed until loopback consumers
 * (real HTTP servers that verify every signature) have everything. Two shapes:
 * one subscription (strictly one push at a time: ordered) and four subscriptions (in parallel).
 * Results are appended to {@code target/push-benchmark.txt}.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "push")
@TestPropertySource(properties = {"gateway.callbacks.push.workers-enabled=false", "logging.level.io.github.wecom4j=WARN"})
abstract class PushThroughputBenchmark extends PushGatewayTest {

    static final int CALLBACKS = Integer.getInteger("benchmark.callbacks", 2_000);
    static final int WORKERS = 4;

    @Autowired
    CallbackEventStore store;
    @Autowired
    PushWorker worker;
    @Autowired
    PushProperties props;

    abstract String database();

    @Test
    void oneSubscription() throws Exception {
        run(1);
    }

    @Test
    void fourSubscriptions() throws Exception {
        run(4);
    }

    private void run(int subscriptions) throws Exception {
        List<TestConsumer> consumers = new ArrayList<>();
        try {
            String types = "[\"text\"]";
            for (int i = 0; i < subscriptions; i++) {
                TestConsumer c = new TestConsumer(PushFixture.SECRET);
                consumers.add(c);
                fixture.subscribe("bench-" + i + "-" + UUID.randomUUID().toString().substring(0, 6), c.url(), types);
            }
            String run = UUID.randomUUID().toString();
            long t0 = System.nanoTime();
            for (int i = 0; i < CALLBACKS; i++) {
                store.storeOnce(DemoCorp.APPROVALS_AGENT_ID, CallbackMessage.of(Map.of("ToUserName", DemoCorp.CORP_ID,
                        "FromUserName", "lisi", "CreateTime", "1764662400", "MsgType", "text", "Content", "bench " + i,
                        "MsgId", run + "-" + i, "AgentID", String.valueOf(DemoCorp.APPROVALS_AGENT_ID))));
            }
            long t1 = System.nanoTime();
            long expected = (long) CALLBACKS * subscriptions;
            props.setWorkersEnabled(true);
            props.setWorkers(WORKERS);
            worker.start();
            try {
                PushFixture.awaitTrue(() -> consumers.stream().mapToLong(c -> c.received().size()).sum() >= expected,
                        "every push delivered", java.time.Duration.ofMinutes(10));
            } finally {
                worker.stop();
                props.setWorkersEnabled(false);
            }
            long t2 = System.nanoTime();
            for (TestConsumer c : consumers) {
                assertThat(c.received()).hasSize(CALLBACKS);
                assertThat(c.badSignatures()).isZero();
            }
            String line = String.format("%s, %d subscription(s): %d callbacks stored+queued at %.0f/s; %d pushes (%d threads)"
                            + " at %.0f/s%n", database(), subscriptions, CALLBACKS, CALLBACKS / ((t1 - t0) / 1e9), expected,
                    WORKERS, expected / ((t2 - t1) / 1e9));
            System.out.print(line);
            try {
                Files.writeString(Path.of("target", "push-benchmark.txt"), line, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            } catch (IOException e) {
                // printing is enough
            }
        } finally {
            consumers.forEach(TestConsumer::close);
        }
    }
}
