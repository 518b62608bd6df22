package io.github.wecom4j.gateway.directory;

import io.github.wecom4j.gateway.db.PostgresSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link DirectoryMirrorBenchmark} on the local PostgreSQL, as in production. Opt-in like it: JUnit
 * does not inherit the superclass's condition, so without its own a {@code -Dtest} pattern that
 * selects it would run a 50,000-member benchmark.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "directory")
class DirectoryMirrorOnPostgresBenchmark extends DirectoryMirrorBenchmark {

    static String schema;

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        schema = PostgresSchema.useFor(registry, "mirror_bench");
    }

    @AfterAll
    static void dropSchema() {
        PostgresSchema.drop(schema);
    }

    @Override
    String database() {
        return "PostgreSQL (local)";
    }
}
