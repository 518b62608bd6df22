package io.github.wecom4j.gateway.directory;

import io.github.wecom4j.gateway.db.PostgresSchema;
import org.junit.jupiter.api.AfterAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The same on PostgreSQL: its SQL dialect (recursive queries, LIKE escapes, row locks on the corp's state row). */
class MirrorConsistencyOnPostgresTest extends MirrorConsistencyTest {

    static String schema;

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        schema = PostgresSchema.useFor(registry, "mirror_test");
    }

    @AfterAll
    static void dropSchema() {
        PostgresSchema.drop(schema);
    }
}
