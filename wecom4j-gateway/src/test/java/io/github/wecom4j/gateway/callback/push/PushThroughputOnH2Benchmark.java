package io.github.wecom4j.gateway.callback.push;

/** {@link PushThroughputBenchmark} on the embedded H2 database (in memory, the test profile). */
class PushThroughputOnH2Benchmark extends PushThroughputBenchmark {

    @Override
    String database() {
        return "H2";
    }
}
