package io.github.wecom4j.gateway.callback.push;

import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** {@link PushThroughputBenchmark} on the embedded H2 database (in memory, the test profile). */
// JUnit does not inherit the superclass's condition: without its own, a -Dtest pattern would run it
@EnabledIfSystemProperty(named = "benchmark", matches = "push")
class PushThroughputOnH2Benchmark extends PushThroughputBenchmark {

    @Override
    String database() {
        return "H2";
    }
}
