package io.github.wecom4j.gateway.cluster;

import net.javacrumbs.shedlock.core.DefaultLockingTaskExecutor;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Periodic work that must run on one gateway instance at a time (directory reconcile, outbox
 * housekeeping, ...). Every instance ticks; a tick runs the task only if it takes the task's lock
 * row in the shared database (ShedLock, timed by the database's clock, so instances' clocks do not
 * matter). A lock is held at most {@code lockAtMostFor}: when its instance dies mid-run, another
 * instance takes the task over once that time has passed.
 *
 * <p>Register tasks with {@link #every}; they start with the application and stop with it.
 */
@Component
public class ClusterTasks implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ClusterTasks.class);

    private record Task(String name, Duration every, Duration lockAtMostFor, Runnable work) {
    }

    private final LockingTaskExecutor executor;
    private final List<Task> tasks = new ArrayList<>();
    private ScheduledExecutorService ticker;

    public ClusterTasks(JdbcTemplate jdbc) {
        this.executor = new DefaultLockingTaskExecutor(new JdbcTemplateLockProvider(
                JdbcTemplateLockProvider.Configuration.builder().withJdbcTemplate(jdbc).usingDbTime().build()));
    }

    /**
     * Runs {@code work} every {@code every} on whichever instance gets its lock first. {@code
     * lockAtMostFor} must exceed one run: a longer run would let a second instance start too.
     */
    public synchronized void every(String name, Duration every, Duration lockAtMostFor, Runnable work) {
        if (lockAtMostFor.compareTo(every) < 0) {
            throw new IllegalArgumentException(name + ": lockAtMostFor must be at least the period");
        }
        Task task = new Task(name, every, lockAtMostFor, work);
        tasks.add(task);
        if (ticker != null) {
            schedule(task);
        }
    }

    /**
     * Runs {@code work} now if no instance is running the task; true when it ran here. The lock is
     * held at least {@code lockAtLeastFor}, so instances whose ticks fire moments apart do not
     * each run the task once.
     */
    public boolean runExclusively(String name, Duration lockAtMostFor, Duration lockAtLeastFor, Runnable work) {
        try {
            LockingTaskExecutor.TaskResult<Boolean> result = executor.executeWithLock(() -> {
                work.run();
                return Boolean.TRUE;
            }, new LockConfiguration(Instant.now(), name, lockAtMostFor, lockAtLeastFor));
            return result.wasExecuted();
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("cluster task " + name + " failed", t);
        }
    }

    private void schedule(Task task) {
        long period = task.every().toMillis();
        ticker.scheduleWithFixedDelay(() -> {
            try {
                tick(task.name(), task.every(), task.lockAtMostFor(), task.work());
            } catch (RuntimeException e) {
                log.warn("cluster task {} failed (will run again): {}", task.name(), e.toString());
            }
        }, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * One instance's periodic tick; true when the task ran here. Two locks: the tick's own
     * ({@code name + ":tick"}), held at least a little less than the period, makes it one run per
     * period across the cluster; the task's ({@code name}), held only while it runs, keeps it to one
     * run at a time, and is the lock a run asked for on demand ({@link #runExclusively} with no
     * minimum) takes. With one lock for both, the periodic run kept the task's lock for 90 % of the
     * period after it finished: a directory reconcile asked for was refused ("running") for 54 of
     * every 60 minutes.
     */
    boolean tick(String name, Duration every, Duration lockAtMostFor, Runnable work) {
        Duration atLeast = every.multipliedBy(9).dividedBy(10);
        boolean[] ran = new boolean[1];
        runExclusively(name + ":tick", lockAtMostFor, atLeast, () -> ran[0] = runExclusively(name, lockAtMostFor,
                Duration.ZERO, work));
        return ran[0];
    }

    @Override
    public synchronized void start() {
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cluster-tasks");
            t.setDaemon(true);
            return t;
        });
        tasks.forEach(this::schedule);
    }

    @Override
    public synchronized void stop() {
        if (ticker != null) {
            ticker.shutdownNow();
            ticker = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return ticker != null;
    }
}
