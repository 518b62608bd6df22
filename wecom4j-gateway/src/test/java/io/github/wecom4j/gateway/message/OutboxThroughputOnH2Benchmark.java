package io.github.wecom4j.gateway.message;

import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.file.Path;

/** {@link OutboxThroughputBenchmark} on the embedded H2 database, in a file as in a first run. */
// JUnit does not inherit the superclass's condition: without its own, a -Dtest pattern would run it
@EnabledIfSystemProperty(named = "benchmark", matches = "outbox")
@SpringBootTest
class OutboxThroughputOnH2Benchmark extends OutboxThroughputBenchmark {

    @TempDir
    static Path dir;

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        realModeAgainstEmulator(r);
        r.add("spring.datasource.url", () -> "jdbc:h2:file:" + dir.resolve("bench") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE");
    }

    @Override
    String database() {
        return "H2 (embedded, file)";
    }
}
