package io.github.wecom4j.benchmarks;

import io.github.wecom4j.emulator.WeComEmulator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * How long an in-process emulator takes to start and stop: the cost a test class pays. Measured
 * cold (first start in a fresh JVM, class loading included) and warm.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class EmulatorStartBenchmark {

    @Benchmark
    @Fork(5)
    @Warmup(iterations = 0)
    @Measurement(iterations = 1)
    public int coldStart() {
        try (WeComEmulator emulator = WeComEmulator.start()) {
            return emulator.port();
        }
    }

    @Benchmark
    @Fork(1)
    @Warmup(iterations = 10)
    @Measurement(iterations = 20)
    public int warmStart() {
        try (WeComEmulator emulator = WeComEmulator.start()) {
            return emulator.port();
        }
    }
}
