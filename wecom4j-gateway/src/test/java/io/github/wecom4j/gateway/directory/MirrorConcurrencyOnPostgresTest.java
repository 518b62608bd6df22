package io.github.wecom4j.gateway.directory;

import io.github.wecom4j.gateway.db.PostgresSchema;
import org.junit.jupiter.api.AfterAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Callbacks and reconciles at once on PostgreSQL: its row locks and READ COMMITTED re-checks, as a cluster runs them. */
class MirrorConcurrencyOnPostgresTest extends MirrorConcurrencyTest {

    static String schema;

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        schema = PostgresSchema.useFor(registry, "mirror_conc");
    }

    @AfterAll
    static void dropSchema() {
        PostgresSchema.drop(schema);
    }
}
