package io.github.wecom4j.gateway.message;

import io.github.wecom4j.gateway.db.PostgresSchema;
import org.junit.jupiter.api.AfterAll;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The delivery cases on PostgreSQL ({@code FOR UPDATE SKIP LOCKED} claims), in a schema of its own. */
@SpringBootTest(properties = {
        "gateway.messages.senders-enabled=false",
        "gateway.messages.lease=1s",
        "gateway.messages.claim-batch=4",
        "gateway.messages.budget-margin=500ms",
        "wecom.timeouts.request=30s"})
@ActiveProfiles("test")
class OutboxDeliveryOnPostgresTest extends OutboxDeliveryContract {

    static String schema;

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        schema = PostgresSchema.useFor(registry, "delivery_test");
    }

    @AfterAll
    static void dropSchema() {
        PostgresSchema.drop(schema);
    }
}
