package io.github.wecom4j.benchmarks.versus;

/**
 * Latencies in 10 µs buckets up to 1 s (one more bucket for anything slower): enough resolution for
 * p50/p99 of loopback calls, no allocation while recording. One per thread, merged at the end.
 */
final class LatencyHistogram {

    private static final long BUCKET_NANOS = 10_000;
    private final long[] buckets = new long[100_001];
    private long count;

    void record(long nanos) {
        buckets[(int) Math.min(buckets.length - 1, nanos / BUCKET_NANOS)]++;
        count++;
    }

    void add(LatencyHistogram other) {
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] += other.buckets[i];
        }
        count += other.count;
    }

    long count() {
        return count;
    }

    /** The upper edge of the bucket holding the given quantile. */
    double percentileMillis(double quantile) {
        long rank = (long) Math.ceil(quantile * count);
        long seen = 0;
        for (int i = 0; i < buckets.length; i++) {
            seen += buckets[i];
            if (seen >= rank && seen > 0) {
                return (i + 1) * BUCKET_NANOS / 1e6;
            }
        }
        return Double.NaN;
    }
}
