package io.github.wecom4j.gateway.callback.push;

import io.github.wecom4j.emulator.corp.DemoCorp;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.util.List;

import static io.github.wecom4j.gateway.callback.push.PushFixture.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A subscription written in application.yml: in the database at startup (source config), pushed to
 * like any other, not deletable by API; a configured URL pointing at the gateway is refused like
 * one created by API.
 */
@TestPropertySource(properties = {
        "gateway.callbacks.push.subscriptions[0].name=from-yaml",
        "gateway.callbacks.push.subscriptions[0].url=http://127.0.0.1:9/hook",
        "gateway.callbacks.push.subscriptions[0].event-types[0]=click",
        "gateway.callbacks.push.subscriptions[0].secret=configured-secret-0123456789"})
class ConfiguredSubscriptionTest extends PushGatewayTest {

    @Autowired
    Subscriptions subscriptions;

    @Test
    void aConfiguredSubscriptionIsStoredPushedToAndOnlyChangedInConfiguration() throws Exception {
        Subscription s = subscriptions.byName("from-yaml").orElseThrow();
        assertThat(s.source()).isEqualTo("config");
        assertThat(s.eventTypes()).containsExactly("click");
        assertThat(fixture.call("GET", "/api/subscriptions", null).body()).contains("from-yaml")
                .doesNotContain("configured-secret");

        HttpResponse<String> delete = fixture.call("DELETE", "/api/subscriptions/" + s.id(), null);
        assertThat(delete.statusCode()).isEqualTo(400);
        assertThat(delete.body()).contains("application.yml").contains("\"hint\"");

        // a menu click is queued for it; port 9 refuses, so it waits with the reason
        assertThat(emulator.callbacks().pushEvent(DemoCorp.APPROVALS_AGENT_ID, "lisi", "click", "MENU_1").delivered()).isTrue();
        awaitTrue(() -> fixture.health(s.id()).path("last_error").asString("").contains("connection failed"), "an attempt");
        JsonNode h = fixture.health(s.id());
        assertThat(h.path("queued").asLong() + h.path("delivering").asLong()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aConfiguredUrlPointingAtTheGatewayIsRefused() {
        PushProperties.Configured self = new PushProperties.Configured();
        self.setName("loop");
        self.setUrl("http://localhost:" + port + "/api/callbacks");
        self.setSecret("configured-secret-0123456789");
        assertThatThrownBy(() -> subscriptions.syncConfigured(List.of(self)))
                .isInstanceOfSatisfying(PushRefused.class, e -> assertThat(e.getMessage()).contains("gateway itself"));
        assertThat(subscriptions.byName("loop")).isEmpty();
    }
}
