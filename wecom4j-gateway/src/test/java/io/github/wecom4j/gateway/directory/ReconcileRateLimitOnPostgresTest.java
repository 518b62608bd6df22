package io.github.wecom4j.gateway.directory;

import io.github.wecom4j.gateway.db.PostgresSchema;
import org.junit.jupiter.api.AfterAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The same on PostgreSQL, where concurrent claims wait on the row lock and re-check the condition. */
class ReconcileRateLimitOnPostgresTest extends ReconcileRateLimitTest {

    static String schema;

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        schema = PostgresSchema.useFor(registry, "mirror_ratelimit");
    }

    @AfterAll
    static void dropSchema() {
        PostgresSchema.drop(schema);
    }
}
