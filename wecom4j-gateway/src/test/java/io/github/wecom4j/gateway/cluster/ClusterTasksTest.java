package io.github.wecom4j.gateway.cluster;

import io.github.wecom4j.gateway.db.PostgresSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two gateway instances' task runners on one PostgreSQL database (each its own ClusterTasks, as in
 * two JVMs): a task runs on one of them at a time, and moves to the other when the holder stops
 * renewing (dies) for longer than the task's lockAtMostFor.
 */
@SpringBootTest(properties = "gateway.messages.senders-enabled=false")
@ActiveProfiles("test")
class ClusterTasksTest {

    static String schema;

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        schema = PostgresSchema.useFor(registry, "cluster_tasks_test");
    }

    @AfterAll
    static void dropSchema() {
        PostgresSchema.drop(schema);
    }

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aTaskRunsOnOneInstanceAtATimeAndMovesWhenItsHolderDies() throws Exception {
        ClusterTasks a = new ClusterTasks(jdbc);
        ClusterTasks b = new ClusterTasks(jdbc);
        AtomicInteger runsOnB = new AtomicInteger();
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            // instance A runs the task and hangs in it (a process that froze or died mid-run)
            Future<Boolean> onA = pool.submit(() -> a.runExclusively("reconcile", Duration.ofSeconds(2), Duration.ZERO, () -> {
                holding.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            holding.await();
            assertThat(b.runExclusively("reconcile", Duration.ofSeconds(2), Duration.ZERO, runsOnB::incrementAndGet))
                    .as("while A holds the task").isFalse();
            // once A's lockAtMostFor has passed by the database's clock, B takes the task over
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (runsOnB.get() == 0 && System.nanoTime() < deadline) {
                b.runExclusively("reconcile", Duration.ofSeconds(2), Duration.ZERO, runsOnB::incrementAndGet);
                Thread.sleep(100);
            }
            assertThat(runsOnB).hasValue(1);
            release.countDown();
            assertThat(onA.get()).isTrue();
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void ticksOfSeveralInstancesWithinOnePeriodRunTheTaskOnce() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        ClusterTasks[] instances = {new ClusterTasks(jdbc), new ClusterTasks(jdbc), new ClusterTasks(jdbc)};
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            java.util.List<Future<?>> ticks = new java.util.ArrayList<>();
            for (ClusterTasks instance : instances) {
                ticks.add(pool.submit(() -> {
                    for (int i = 0; i < 10; i++) {
                        instance.tick("sweep", Duration.ofMinutes(1), Duration.ofMinutes(1), runs::incrementAndGet);
                    }
                    return null;
                }));
            }
            for (Future<?> f : ticks) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(runs).hasValue(1);
    }

    /**
     * The periodic run keeps the period to itself, not the task: once it has finished, a run asked
     * for on demand (a directory reconcile from the console) runs; the next tick within the period
     * does not.
     */
    @Test
    void aRunAskedForAfterThePeriodicRunFinishedIsNotRefused() {
        ClusterTasks a = new ClusterTasks(jdbc);
        ClusterTasks b = new ClusterTasks(jdbc);
        AtomicInteger runs = new AtomicInteger();
        assertThat(a.tick("on-demand", Duration.ofHours(1), Duration.ofHours(1), runs::incrementAndGet)).isTrue();
        assertThat(b.runExclusively("on-demand", Duration.ofHours(1), Duration.ZERO, runs::incrementAndGet))
                .as("asked for after the periodic run").isTrue();
        assertThat(b.tick("on-demand", Duration.ofHours(1), Duration.ofHours(1), runs::incrementAndGet))
                .as("another tick in the same period").isFalse();
        assertThat(runs).hasValue(2);
    }
}
