package io.github.wecom4j.gateway.callback.push;

import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import io.github.wecom4j.gateway.db.PostgresSchema;
import org.junit.jupiter.api.AfterAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link PushThroughputBenchmark} on the local PostgreSQL, in a schema of its own. */
// JUnit does not inherit the superclass's condition: without its own, a -Dtest pattern would run it
@EnabledIfSystemProperty(named = "benchmark", matches = "push")
class PushThroughputOnPostgresBenchmark extends PushThroughputBenchmark {

    static String schema;

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        schema = PostgresSchema.useFor(registry, "push_bench");
    }

    @AfterAll
    static void dropSchema() {
        PostgresSchema.drop(schema);
    }

    @Override
    String database() {
        return "PostgreSQL";
    }
}
