package io.github.wecom4j.gateway.message;

import io.github.wecom4j.gateway.db.PostgresSchema;
import io.github.wecom4j.gateway.net.PostgresCommitRelay;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL commits an intake transaction and the connection breaks before the gateway hears so
 * (a relay that reads the wire protocol drops that one COMMIT answer). The message is stored: the
 * caller must get 202, not "503, nothing was stored", which made it post again and the member
 * receive the message twice. On both intake paths: the group commit, and a request with an
 * Idempotency-Key in a transaction of its own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "gateway.messages.api-keys=" + IntakeCommitAnswerLostTest.KEY,
        "gateway.messages.senders-enabled=false"})
@ActiveProfiles("test")
class IntakeCommitAnswerLostTest {

    static final String KEY = "commit-lost-test-key";
    static PostgresCommitRelay relay;
    static String schema;

    @DynamicPropertySource
    static void behindTheRelay(DynamicPropertyRegistry registry) throws Exception {
        schema = PostgresSchema.create("commit_lost");
        relay = new PostgresCommitRelay("127.0.0.1", 5432);
        registry.add("spring.datasource.url", () -> "jdbc:postgresql://127.0.0.1:" + relay.port()
                + "/test?sslmode=disable&gssEncMode=disable&currentSchema=" + schema);
        registry.add("spring.datasource.username", () -> PostgresSchema.USER);
        registry.add("spring.datasource.password", () -> "");
        registry.add("spring.flyway.schemas", () -> schema);
    }

    @AfterAll
    static void cleanUp() throws Exception {
        relay.close();
        PostgresSchema.drop(schema);
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aGroupCommittedMessageWhoseCommitAnswerIsLostIsAcceptedOnce() {
        assertAcceptedOnce("lost answer, group commit", null);
    }

    @Test
    void aMessageWithAnIdempotencyKeyWhoseCommitAnswerIsLostIsAcceptedOnce() {
        assertAcceptedOnce("lost answer, own transaction", "lost-answer-key-1");
    }

    private void assertAcceptedOnce(String content, String idempotencyKey) {
        int cutBefore = relay.cut();
        relay.loseNextCommitAnswerOf("insert into message_outbox");
        String body = "{\"touser\":\"lisi\",\"msgtype\":\"text\",\"text\":{\"content\":\"" + content + "\"}}";
        GatewayHttp.Response r = idempotencyKey == null
                ? GatewayHttp.post("http://127.0.0.1:" + port + "/api/messages", KEY, body)
                : GatewayHttp.postWithHeader("http://127.0.0.1:" + port + "/api/messages", KEY, body,
                "Idempotency-Key", idempotencyKey);
        assertThat(relay.cut()).as("the relay dropped the intake's COMMIT answer").isEqualTo(cutBefore + 1);
        Integer stored = jdbc.queryForObject("select count(*) from message_outbox where request like ?", Integer.class,
                "%" + content + "%");
        assertThat(stored).as("committed on the server").isEqualTo(1);
        assertThat(r.status()).as("stored, so accepted: " + r.json()).isEqualTo(202);
        assertThat(r.json().path("id").asString()).isNotBlank();
    }
}
