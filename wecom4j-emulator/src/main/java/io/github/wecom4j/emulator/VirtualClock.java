package io.github.wecom4j.emulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The emulator's time: the real clock plus an offset that only ever grows. Advancing it makes
 * tokens, tickets, codes and media expire without waiting two hours (or three days).
 */
public final class VirtualClock extends Clock {

    private final Clock base;
    private final AtomicLong offsetNanos = new AtomicLong();

    public VirtualClock() {
        this(Clock.systemUTC());
    }

    public VirtualClock(Clock base) {
        this.base = base;
    }

    public void advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("time only moves forward: " + by);
        }
        offsetNanos.addAndGet(by.toNanos());
    }

    public Duration offset() {
        return Duration.ofNanos(offsetNanos.get());
    }

    void reset() {
        offsetNanos.set(0);
    }

    @Override
    public Instant instant() {
        return base.instant().plusNanos(offsetNanos.get());
    }

    public long epochSecond() {
        return instant().getEpochSecond();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the emulator's clock is UTC");
    }
}
