package io.github.wecom4j.gateway.cluster;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The cluster's one clock: the shared database's, read every {@link #RESAMPLE} and carried forward
 * in between by this JVM's monotonic clock.
 *
 * <p>Why: instances compare times other instances wrote: an outbox call's or a callback push's
 * lease, a media renewal claim, a member's budget window, a login state's age. On each instance's
 * own wall clock, a node 45 s ahead saw a live 45 s lease as lapsed, took the call over and sent the
 * message a second time; a node behind kept a member's budget window open too long. The database is
 * the one thing every instance already shares (ShedLock's task locks use its clock for the same
 * reason), so every instance measures the same time, whatever NTP did to its own; a wall clock that
 * jumps later changes nothing either, since only the monotonic clock runs between readings.
 *
 * <p>A reading is placed at the midpoint of the query's round trip, so instances agree to within
 * half a round trip (well under a millisecond on one network) plus the monotonic clock's drift over
 * 30 s. If the database cannot be read at start, the wall clock stands in until it can (nothing is
 * claimed from an unreachable database anyway).
 */
@Component
public final class DatabaseClock extends Clock implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DatabaseClock.class);

    /** How often the database's clock is read again. */
    static final Duration RESAMPLE = Duration.ofSeconds(30);
    /** Wall clock off the database's by more than this: logged once per change, for operators. */
    static final Duration SKEW_WARNING = Duration.ofSeconds(2);

    /** The database's time at {@code monotonicNanos}, both in nanoseconds. */
    private record Reading(long databaseEpochNanos, long monotonicNanos) {
    }

    private final DataSource dataSource;
    private final ScheduledExecutorService resampler;
    private volatile Reading reading;
    /** This JVM's wall clock minus the database's, at the last reading (for the gauge and the log). */
    private volatile long skewMillis;
    private volatile boolean skewWarned;

    public DatabaseClock(DataSource dataSource, MeterRegistry meters) {
        this.dataSource = dataSource;
        resample();
        this.resampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "wecom4j-database-clock");
            t.setDaemon(true);
            return t;
        });
        // Checked every second so that a database unreachable at start is read as soon as it answers.
        resampler.scheduleWithFixedDelay(this::resampleIfDue, 1, 1, TimeUnit.SECONDS);
        Gauge.builder("wecom4j_clock_skew_seconds", this, c -> c.skewMillis / 1000.0)
                .description("This instance's wall clock minus the database's; leases and budgets use the database's")
                .register(meters);
    }

    private void resampleIfDue() {
        Reading r = reading;
        if (r == null || System.nanoTime() - r.monotonicNanos >= RESAMPLE.toNanos()) {
            resample();
        }
    }

    private void resample() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            long before = System.nanoTime();
            OffsetDateTime database;
            try (ResultSet rs = s.executeQuery("select current_timestamp")) {
                rs.next();
                database = rs.getObject(1, OffsetDateTime.class);
            }
            long after = System.nanoTime();
            long wallMillis = System.currentTimeMillis();
            Instant at = database.toInstant();
            long midpoint = before + (after - before) / 2;
            reading = new Reading(at.getEpochSecond() * 1_000_000_000L + at.getNano(), midpoint);
            skewMillis = wallMillis - millis();
            boolean skewed = Math.abs(skewMillis) > SKEW_WARNING.toMillis();
            if (skewed && !skewWarned) {
                log.warn("This instance's clock is {} ms off the database's; leases, budgets and login states use the"
                        + " database's, but check NTP on this host", skewMillis);
            }
            skewWarned = skewed;
        } catch (SQLException | RuntimeException e) {
            // Keep the last reading (or the wall clock before the first): the next try is RESAMPLE away.
            log.debug("Could not read the database's clock", e);
        }
    }

    @Override
    public Instant instant() {
        long nanos = epochNanos();
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    @Override
    public long millis() {
        return Math.floorDiv(epochNanos(), 1_000_000L);
    }

    /** Now in nanoseconds since the epoch: the last reading carried forward, or the wall clock before the first. */
    private long epochNanos() {
        Reading r = reading;
        if (r == null) {
            Instant wall = Instant.now();
            return wall.getEpochSecond() * 1_000_000_000L + wall.getNano();
        }
        return r.databaseEpochNanos + (System.nanoTime() - r.monotonicNanos);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        if (ZoneOffset.UTC.equals(zone)) {
            return this;
        }
        throw new UnsupportedOperationException("the database clock is UTC");
    }

    @Override
    public void destroy() {
        resampler.shutdownNow();
    }
}
