package io.github.wecom4j.gateway.message;

import io.github.wecom4j.gateway.db.PostgresSchema;
import org.junit.jupiter.api.AfterAll;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The outbox contract on PostgreSQL ({@code FOR UPDATE SKIP LOCKED} claims), in a schema of its own. */
@SpringBootTest(properties = "gateway.messages.senders-enabled=false")
@ActiveProfiles("test")
class OutboxOnPostgresTest extends OutboxConcurrencyContract {

    static String schema;

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        schema = PostgresSchema.useFor(registry, "outbox_test");
    }

    @AfterAll
    static void dropSchema() {
        PostgresSchema.drop(schema);
    }

    @Override
    @org.junit.jupiter.api.Test
    void concurrentClaimersNeverTakeTheSameCall() throws Exception {
        // asserts the PostgreSQL claim path really is the SKIP LOCKED one
        org.assertj.core.api.Assertions.assertThat(repository.postgres()).isTrue();
        super.concurrentClaimersNeverTakeTheSameCall();
    }
}
