package io.github.wecom4j.gateway.callback;

import io.github.wecom4j.gateway.db.PostgresSchema;
import org.junit.jupiter.api.AfterAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The same intake on PostgreSQL: unique-key dedupe and the settled hand-off in its SQL dialect. */
class CallbackIntakeOnPostgresTest extends CallbackIntakeTest {

    static String schema;

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        schema = PostgresSchema.useFor(registry, "callback_test");
    }

    @AfterAll
    static void dropSchema() {
        PostgresSchema.drop(schema);
    }

    /**
     * An instance stalled while storing a callback holds the sequence row's lock: the others answer
     * WeCom 503 after the lock timeout (WeCom sends the callback again) instead of hanging the request
     * past WeCom's 5 s and piling up threads and connections; once the lock is free, the next attempt
     * is stored.
     */
    @org.junit.jupiter.api.Test
    void aStalledHolderOfTheSequenceLockFailsCallbacksFastInsteadOfHangingThem(
            @org.springframework.beans.factory.annotation.Autowired javax.sql.DataSource dataSource) throws Exception {
        try (java.sql.Connection stalled = dataSource.getConnection()) {
            stalled.setAutoCommit(false);
            try (java.sql.Statement st = stalled.createStatement()) {
                st.executeQuery("SELECT last_id FROM callback_event_sequence WHERE id = 1 FOR UPDATE").close();
            }
            io.github.wecom4j.emulator.callback.CallbackPusher.Delivery d = emulator.callbacks().pushText(
                    io.github.wecom4j.emulator.corp.DemoCorp.APPROVALS_AGENT_ID, "lisi", "behind a stalled instance", 1);
            org.assertj.core.api.Assertions.assertThat(d.delivered()).isFalse();
            org.assertj.core.api.Assertions.assertThat(d.outcomes()).as("answered, not timed out").containsOnly("HTTP 503");
            stalled.rollback();
        }
        org.assertj.core.api.Assertions.assertThat(emulator.callbacks().pushText(
                io.github.wecom4j.emulator.corp.DemoCorp.APPROVALS_AGENT_ID, "lisi", "behind a stalled instance", 1).delivered())
                .isTrue();
    }
}
