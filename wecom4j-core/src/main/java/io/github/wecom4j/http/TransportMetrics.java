package io.github.wecom4j.http;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters kept by the transport, cheap enough for the hot path. Exposed so retries are visible
 * (the gateway publishes them on its console and actuator).
 */
public final class TransportMetrics {

    private final LongAdder calls = new LongAdder();
    private final LongAdder attempts = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder systemBusy = new LongAdder();
    private final LongAdder networkErrors = new LongAdder();
    private final LongAdder exhausted = new LongAdder();

    /** An immutable reading of the counters. */
    public record Snapshot(long calls, long attempts, long retries, long systemBusy, long networkErrors,
                           long exhausted) {
    }

    void call() {
        calls.increment();
    }

    void attempt() {
        attempts.increment();
    }

    void retry() {
        retries.increment();
    }

    void systemBusy() {
        systemBusy.increment();
    }

    void networkError() {
        networkErrors.increment();
    }

    void exhausted() {
        exhausted.increment();
    }

    public Snapshot snapshot() {
        return new Snapshot(calls.sum(), attempts.sum(), retries.sum(), systemBusy.sum(), networkErrors.sum(),
                exhausted.sum());
    }
}
