package io.github.wecom4j.gateway.callback.push;

import io.github.wecom4j.gateway.db.PostgresSchema;
import org.junit.jupiter.api.AfterAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/** {@link DeliveryOrderContract} on PostgreSQL (FOR UPDATE SKIP LOCKED claims), in its own schema. */
@TestPropertySource(properties = "gateway.callbacks.push.workers-enabled=false")
class DeliveryOrderOnPostgresTest extends DeliveryOrderContract {

    static String schema;

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        schema = PostgresSchema.useFor(registry, "push_order");
    }

    @AfterAll
    static void dropSchema() {
        PostgresSchema.drop(schema);
    }
}
