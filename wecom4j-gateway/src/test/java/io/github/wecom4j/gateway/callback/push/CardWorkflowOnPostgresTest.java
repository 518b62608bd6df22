package io.github.wecom4j.gateway.callback.push;

import io.github.wecom4j.gateway.db.PostgresSchema;
import org.junit.jupiter.api.AfterAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link CardWorkflowTest} on PostgreSQL, in its own schema. */
class CardWorkflowOnPostgresTest extends CardWorkflowTest {

    static String schema;

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        schema = PostgresSchema.useFor(registry, "push_cardworkflow");
    }

    @AfterAll
    static void dropSchema() {
        PostgresSchema.drop(schema);
    }
}
