package io.github.wecom4j.gateway.data;

import io.github.wecom4j.gateway.db.PostgresSchema;
import io.github.wecom4j.gateway.web.ApiKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On PostgreSQL the queue tables carry their own autovacuum thresholds (vendor migration), and the
 * health details say whether the server's autovacuum is on, read from the server itself (CI's
 * PostgreSQL runs with it off, a developer's usually with it on: the test compares with what the
 * server says rather than assuming either).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class DatabaseMaintenanceOnPostgresTest {

    static String schema;

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        schema = PostgresSchema.useFor(registry, "maintenance_test");
    }

    @AfterAll
    static void dropSchema() {
        PostgresSchema.drop(schema);
    }

    @LocalServerPort
    int port;
    @Autowired
    ApiKeys apiKeys;

    @Test
    void queueTablesHaveTheirOwnAutovacuumThresholds() throws Exception {
        for (String table : new String[]{"message_call", "message_member_send"}) {
            assertThat(reloptions(table)).as(table).contains("autovacuum_vacuum_scale_factor=0.02",
                    "autovacuum_analyze_scale_factor=0.01", "autovacuum_vacuum_insert_scale_factor=0.02");
        }
        assertThat(reloptions("message_outbox")).contains("autovacuum_analyze_scale_factor=0.01");
    }

    @Test
    void healthDetailsSayWhetherAutovacuumIsOn() throws Exception {
        JsonNode maintenance = health(apiKeys.demoKey()).path("components").path("databaseMaintenance");
        assertThat(maintenance.path("status").asString()).isEqualTo("UP");
        assertThat(maintenance.path("details").path("database").asString()).isEqualTo("PostgreSQL");
        String autovacuum = maintenance.path("details").path("autovacuum").asString();
        if (serverSetting("autovacuum").equals("on") && serverSetting("track_counts").equals("on")) {
            assertThat(autovacuum).isEqualTo("on");
        } else {
            assertThat(autovacuum).startsWith("off: ").contains("VACUUM ANALYZE message_call");
        }
        // Without a key: the status only, as for a load balancer.
        assertThat(health(null).has("components")).isFalse();
    }

    private JsonNode health(String key) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"));
        if (key != null) {
            r.header(ApiKeys.HEADER, key);
        }
        HttpResponse<String> response = HttpClient.newHttpClient().send(r.build(), HttpResponse.BodyHandlers.ofString());
        return JsonMapper.builder().build().readTree(response.body());
    }

    private static String reloptions(String table) throws Exception {
        try (Connection c = DriverManager.getConnection(PostgresSchema.URL, PostgresSchema.USER, "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select coalesce(array_to_string(c.reloptions, ','), '') from pg_class c"
                     + " join pg_namespace n on n.oid = c.relnamespace where n.nspname = '" + schema
                     + "' and c.relname = '" + table + "'")) {
            assertThat(rs.next()).as(table + " exists in " + schema).isTrue();
            return rs.getString(1);
        }
    }

    private static String serverSetting(String name) throws Exception {
        try (Connection c = DriverManager.getConnection(PostgresSchema.URL, PostgresSchema.USER, "");
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select current_setting('" + name + "')")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
