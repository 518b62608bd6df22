package io.github.wecom4j.benchmarks;

import io.github.wecom4j.token.AccessToken;
import io.github.wecom4j.token.InMemoryTokenStore;
import io.github.wecom4j.token.RefreshingTokenCache;
import io.github.wecom4j.token.TokenPolicy;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * The hot path every API call takes: reading a valid cached token. No network: the fetcher would
 * fail the benchmark if it were ever called after setup.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TokenCacheBenchmark {

    private RefreshingTokenCache cache;

    @Setup
    public void setUp() {
        Clock clock = Clock.systemUTC();
        InMemoryTokenStore store = new InMemoryTokenStore();
        store.put("bench", AccessToken.of("token-value", clock.instant(), 7200));
        cache = new RefreshingTokenCache("bench", "bench", () -> {
            throw new IllegalStateException("the hot path must not fetch");
        }, store, clock, TokenPolicy.DEFAULT);
    }

    @Benchmark
    @Threads(1)
    public String cachedTokenOneThread() {
        return cache.get();
    }

    @Benchmark
    @Threads(4)
    public String cachedTokenFourThreads() {
        return cache.get();
    }
}
