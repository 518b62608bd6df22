package io.github.wecom4j.gateway.media;

import io.github.wecom4j.gateway.db.PostgresSchema;
import org.junit.jupiter.api.AfterAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Durable media on PostgreSQL (BYTEA content, timestamps with time zone). */
class DurableMediaOnPostgresTest extends DurableMediaTest {

    static String schema;

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        schema = PostgresSchema.create("media_test");
        registry.add("spring.datasource.url", () -> PostgresSchema.jdbcUrl(schema));
        registry.add("spring.datasource.username", () -> PostgresSchema.USER);
        registry.add("spring.datasource.password", () -> "");
        registry.add("spring.flyway.schemas", () -> schema);
    }

    @AfterAll
    static void dropSchema() {
        PostgresSchema.drop(schema);
    }
}
