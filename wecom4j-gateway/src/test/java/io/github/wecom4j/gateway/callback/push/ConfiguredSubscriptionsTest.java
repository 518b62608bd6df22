package io.github.wecom4j.gateway.callback.push;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Subscriptions of application.yml as the start-up sync makes them (the same call as at start,
 * on the running gateway's database): one removed from the configuration is deleted; a configured
 * name taken by an API subscription is refused with a clear message and the API one is untouched.
 */
class ConfiguredSubscriptionsTest extends PushGatewayTest {

    @Autowired
    Subscriptions subscriptions;

    @Test
    void aSubscriptionNoLongerConfiguredIsDeletedAtTheNextSync() {
        String keep = "conf-keep-" + UUID.randomUUID().toString().substring(0, 6);
        String drop = "conf-drop-" + UUID.randomUUID().toString().substring(0, 6);
        try {
            assertThat(subscriptions.syncConfigured(List.of(configured(keep, "http://127.0.0.1:9/k"),
                    configured(drop, "http://127.0.0.1:9/d")))).isEmpty();
            assertThat(subscriptions.byName(drop)).get().extracting(Subscription::source).isEqualTo("config");

            assertThat(subscriptions.syncConfigured(List.of(configured(keep, "http://127.0.0.1:9/k2")))).containsExactly(drop);
            assertThat(subscriptions.byName(drop)).isEmpty();
            assertThat(subscriptions.byName(keep)).get().extracting(Subscription::url).isEqualTo("http://127.0.0.1:9/k2");
        } finally {
            subscriptions.syncConfigured(List.of());
        }
        assertThat(subscriptions.byName(keep)).as("none configured: none kept").isEmpty();
    }

    @Test
    void aConfiguredNameTakenByAnApiSubscriptionIsRefusedNeverTakenOver() throws Exception {
        String name = "clash-" + UUID.randomUUID().toString().substring(0, 6);
        String id = fixture.subscribe(name, "http://127.0.0.1:9/api-owned", "[\"text\"]");

        PushRefused refused = catchThrowableOfType(PushRefused.class,
                () -> subscriptions.syncConfigured(List.of(configured(name, "http://127.0.0.1:9/config"))));
        assertThat(refused).isNotNull();
        assertThat(refused.getMessage()).contains(name).contains("created by API").contains(id);
        assertThat(refused.hint()).contains("DELETE /api/subscriptions/" + id);
        Subscription apiOwned = subscriptions.find(id).orElseThrow();
        assertThat(apiOwned.source()).isEqualTo("api");
        assertThat(apiOwned.url()).isEqualTo("http://127.0.0.1:9/api-owned");
    }

    private static PushProperties.Configured configured(String name, String url) {
        PushProperties.Configured c = new PushProperties.Configured();
        c.setName(name);
        c.setUrl(url);
        c.setSecret(PushFixture.SECRET);
        return c;
    }
}
