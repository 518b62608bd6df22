package io.github.wecom4j.gateway.directory;

import io.github.wecom4j.gateway.db.PostgresSchema;
import org.junit.jupiter.api.AfterAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The same races on PostgreSQL: its row locks and READ COMMITTED re-checks, as a cluster runs them. */
class MirrorRaceOnPostgresTest extends MirrorRaceTest {

    static String schema;

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        schema = PostgresSchema.useFor(registry, "mirror_race");
    }

    @AfterAll
    static void dropSchema() {
        PostgresSchema.drop(schema);
    }
}
