package io.github.wecom4j.gateway.db;

import org.junit.jupiter.api.Assumptions;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A throw-away schema in the local PostgreSQL ({@code 127.0.0.1:5432}, database {@code test}, user
 * postgres, trust auth). Skips the test when PostgreSQL is absent, except on CI ({@code CI=true})
 * where its absence is a failure.
 */
public final class PostgresSchema {

    public static final String URL = System.getenv().getOrDefault("GATEWAY_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    public static final String USER = "postgres";

    private PostgresSchema() {
    }

    public static String create(String prefix) {
        String schema = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(URL, USER, ""); Statement s = c.createStatement()) {
            s.execute("create schema " + schema);
            return schema;
        } catch (SQLException e) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException("PostgreSQL is required on CI: " + e.getMessage(), e);
            }
            Assumptions.abort("PostgreSQL not reachable at " + URL + ": " + e.getMessage());
            return null;
        }
    }

    /**
     * Creates a fresh schema and points the Spring context's datasource and Flyway at it (from a
     * {@code @DynamicPropertySource}); returns the schema to drop afterwards.
     */
    public static String useFor(org.springframework.test.context.DynamicPropertyRegistry registry, String prefix) {
        String schema = create(prefix);
        registry.add("spring.datasource.url", () -> jdbcUrl(schema));
        registry.add("spring.datasource.username", () -> USER);
        registry.add("spring.datasource.password", () -> "");
        registry.add("spring.flyway.schemas", () -> schema);
        return schema;
    }

    public static String jdbcUrl(String schema) {
        return URL + "?currentSchema=" + schema;
    }

    public static void drop(String schema) {
        if (schema == null) {
            return;
        }
        try (Connection c = DriverManager.getConnection(URL, USER, ""); Statement s = c.createStatement()) {
            s.execute("drop schema if exists " + schema + " cascade");
        } catch (SQLException e) {
            // best effort; the schema name is unique per run
        }
    }
}
