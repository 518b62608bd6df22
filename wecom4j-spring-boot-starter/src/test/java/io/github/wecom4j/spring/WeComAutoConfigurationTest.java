package io.github.wecom4j.spring;

import io.github.wecom4j.WeComClient;
import io.github.wecom4j.emulator.WeComEmulator;
import io.github.wecom4j.emulator.corp.DemoCorp;
import io.github.wecom4j.token.InMemoryTokenStore;
import io.github.wecom4j.token.TokenStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** The starter builds a working client from properties, and stays out of the way otherwise. */
class WeComAutoConfigurationTest {

    private static WeComEmulator emulator;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(WeComAutoConfiguration.class));

    @BeforeAll
    static void start() {
        emulator = WeComEmulator.start();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    private String[] demoProperties() {
        String base = emulator.baseUri().toString();
        return new String[] {
                "wecom.corp-id=" + DemoCorp.CORP_ID,
                "wecom.contacts-secret=" + DemoCorp.CONTACTS_SECRET,
                "wecom.apps[0].agent-id=" + DemoCorp.APPROVALS_AGENT_ID,
                "wecom.apps[0].secret=" + DemoCorp.APPROVALS_SECRET,
                "wecom.apps[0].name=approvals",
                "wecom.hosts.api=" + base, "wecom.hosts.oauth=" + base, "wecom.hosts.login=" + base,
                "wecom.retry.max-attempts=2", "wecom.retry.deadline=3s"};
    }

    @Test
    void aClientFromPropertiesTalksToWeCom() {
        runner.withPropertyValues(demoProperties()).run(context -> {
            WeComClient client = context.getBean(WeComClient.class);
            assertThat(client.app(DemoCorp.APPROVALS_AGENT_ID).name()).isEqualTo("approvals");
            assertThat(client.contacts().members().get("wangwu").name()).isEqualTo("王五");
            assertThat(client.config().retryPolicy().maxAttempts()).isEqualTo(2);
            assertThat(client.config().retryPolicy().deadline()).isEqualTo(java.time.Duration.ofSeconds(3));
        });
    }

    @Test
    void retriesDefaultToATenSecondDeadlineWithoutACount() {
        String[] withoutRetry = java.util.Arrays.stream(demoProperties()).filter(p -> !p.startsWith("wecom.retry."))
                .toArray(String[]::new);
        runner.withPropertyValues(withoutRetry).run(context -> {
            WeComClient client = context.getBean(WeComClient.class);
            assertThat(client.config().retryPolicy()).isEqualTo(io.github.wecom4j.http.RetryPolicy.DEFAULT);
        });
    }

    @Test
    void noCorpIdMeansNoClient() {
        runner.withPropertyValues("wecom.corp-id=").run(context -> assertThat(context).doesNotHaveBean(WeComClient.class));
        runner.run(context -> assertThat(context).doesNotHaveBean(WeComClient.class));
    }

    @Test
    void anAppWithoutSecretFailsStartupNamingTheProperty() {
        runner.withPropertyValues("wecom.corp-id=ww1", "wecom.apps[0].agent-id=1000002").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("wecom.apps[0]");
        });
    }

    @Test
    void aTokenStoreBeanIsUsed() {
        TokenStore store = new InMemoryTokenStore();
        runner.withPropertyValues(demoProperties()).withBean(TokenStore.class, () -> store).run(context -> {
            context.getBean(WeComClient.class).contacts().departments().list();
            assertThat(store.get("access_token:" + new io.github.wecom4j.token.Credential(DemoCorp.CORP_ID,
                    DemoCorp.CONTACTS_SECRET).cacheKey())).isPresent();
        });
    }
}
