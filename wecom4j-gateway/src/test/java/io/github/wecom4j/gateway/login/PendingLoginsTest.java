package io.github.wecom4j.gateway.login;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PendingLoginsTest {

    private final Instant t0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void aStateIsRandomWeComSafeAndWorksOnce() {
        PendingLogins pending = new PendingLogins();
        String state = pending.begin("qr", "/x", t0);
        assertThat(state).matches("[0-9a-f]{32}");
        assertThat(pending.consume(state, t0)).get().extracting(PendingLogins.Pending::next).isEqualTo("/x");
        assertThat(pending.consume(state, t0)).isEmpty();
        assertThat(pending.consume("forged", t0)).isEmpty();
        assertThat(pending.consume(null, t0)).isEmpty();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            assertThat(seen.add(new PendingLogins().begin("qr", "/", t0))).isTrue();
        }
    }

    @Test
    void aStateExpiresAfterTenMinutes() {
        PendingLogins pending = new PendingLogins();
        String young = pending.begin("qr", "/", t0);
        String old = pending.begin("qr", "/", t0);
        assertThat(pending.consume(young, t0.plus(PendingLogins.TTL).minusSeconds(1))).isPresent();
        assertThat(pending.consume(old, t0.plus(PendingLogins.TTL))).isEmpty();
    }

    @Test
    void onlyTheNewestFewLoginsStayPending() {
        PendingLogins pending = new PendingLogins();
        String first = pending.begin("qr", "/", t0);
        for (int i = 0; i < PendingLogins.MAX_PENDING; i++) {
            pending.begin("qr", "/", t0);
        }
        assertThat(pending.size()).isEqualTo(PendingLogins.MAX_PENDING);
        assertThat(pending.consume(first, t0)).isEmpty();
    }

    @Test
    void theFlowIsChosenByAnExplicitParameterOrTheUserAgent() {
        String wecomClient = "Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 wxwork/4.1.22 MicroMessenger/7.0.1";
        assertThat(LoginController.chooseFlow(null, wecomClient)).isEqualTo("oauth2");
        assertThat(LoginController.chooseFlow(null, "Mozilla/5.0 Chrome/120")).isEqualTo("qr");
        assertThat(LoginController.chooseFlow(null, null)).isEqualTo("qr");
        assertThat(LoginController.chooseFlow("oauth2", null)).isEqualTo("oauth2");
        assertThat(LoginController.chooseFlow("qr", wecomClient)).isEqualTo("qr");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LoginController.chooseFlow("saml", null))
                .isInstanceOf(LoginRefusedException.class).hasMessageContaining("'oauth2' or 'qr'");
    }
}
