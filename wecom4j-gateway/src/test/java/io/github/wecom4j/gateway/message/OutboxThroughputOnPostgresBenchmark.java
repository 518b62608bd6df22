package io.github.wecom4j.gateway.message;

import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import io.github.wecom4j.gateway.db.PostgresSchema;
import org.junit.jupiter.api.AfterAll;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link OutboxThroughputBenchmark} on PostgreSQL, in a schema of its own. */
// JUnit does not inherit the superclass's condition: without its own, a -Dtest pattern would run it
@EnabledIfSystemProperty(named = "benchmark", matches = "outbox")
@SpringBootTest
class OutboxThroughputOnPostgresBenchmark extends OutboxThroughputBenchmark {

    static String schema;

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        realModeAgainstEmulator(r);
        schema = PostgresSchema.create("outbox_bench");
        r.add("spring.datasource.url", () -> PostgresSchema.jdbcUrl(schema));
        r.add("spring.datasource.username", () -> PostgresSchema.USER);
        r.add("spring.datasource.password", () -> "");
        r.add("spring.flyway.schemas", () -> schema);
    }

    @AfterAll
    static void drop() {
        PostgresSchema.drop(schema);
    }

    @Override
    String database() {
        return "PostgreSQL 127.0.0.1";
    }
}
