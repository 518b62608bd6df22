package io.github.wecom4j.spring;

import io.github.wecom4j.WeComClient;
import io.github.wecom4j.emulator.WeComEmulator;
import io.github.wecom4j.emulator.corp.DemoCorp;
import io.github.wecom4j.http.HttpTransport;
import io.github.wecom4j.http.JdkHttpTransport;
import io.github.wecom4j.http.WeComHosts;
import io.github.wecom4j.httpclient5.ApacheHttpTransport;
import io.github.wecom4j.token.InMemoryTokenStore;
import io.github.wecom4j.token.TokenStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.time.Duration;

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

    @Test
    void autoSendsThroughHttpclient5WhenItIsOnTheClasspath() {
        runner.withPropertyValues(demoProperties()).run(context -> {
            WeComClient client = context.getBean(WeComClient.class);
            assertThat(client.transportName()).isEqualTo("httpclient5");
            assertThat(client.contacts().members().get("wangwu").name()).isEqualTo("王五");
        });
    }

    @Test
    void autoFallsBackToTheJdkClientWithoutHttpclient5() {
        runner.withClassLoader(new FilteredClassLoader(WeComTransports.HTTPCLIENT5_CLASS))
                .withPropertyValues(demoProperties()).run(context -> {
                    WeComClient client = context.getBean(WeComClient.class);
                    assertThat(client.transportName()).isEqualTo("jdk");
                    assertThat(client.contacts().members().get("wangwu").name()).isEqualTo("王五");
                });
    }

    @Test
    void jdkCanBeForcedWhileHttpclient5IsPresent() {
        runner.withPropertyValues(demoProperties()).withPropertyValues("wecom.transport=jdk").run(context ->
                assertThat(context.getBean(WeComClient.class).transportName()).isEqualTo("jdk"));
    }

    @Test
    void httpclient5ForcedButAbsentFailsStartupNamingTheDependency() {
        runner.withClassLoader(new FilteredClassLoader(WeComTransports.HTTPCLIENT5_CLASS))
                .withPropertyValues(demoProperties()).withPropertyValues("wecom.transport=httpclient5").run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause()
                            .hasMessageContaining("wecom.transport=httpclient5")
                            .hasMessageContaining("io.github.wecom4j:wecom4j-httpclient5");
                });
    }

    @Test
    void anApplicationTransportBeanWinsOverTheProperty() {
        HttpTransport.Factory own = (hosts, connectTimeout) -> new NamedTransport(new JdkHttpTransport(hosts, connectTimeout));
        runner.withClassLoader(new FilteredClassLoader(WeComTransports.HTTPCLIENT5_CLASS))
                .withPropertyValues(demoProperties()).withPropertyValues("wecom.transport=httpclient5")
                .withBean(HttpTransport.Factory.class, () -> own).run(context -> {
                    assertThat(context).hasNotFailed();
                    WeComClient client = context.getBean(WeComClient.class);
                    assertThat(client.transportName()).isEqualTo("application's own");
                    assertThat(client.contacts().members().get("wangwu").name()).isEqualTo("王五");
                });
    }

    @Test
    void thePoolSizeComesFromTheProperty() {
        runner.withPropertyValues(demoProperties()).withPropertyValues("wecom.transport-max-connections=20").run(context -> {
            try (HttpTransport transport = context.getBean(HttpTransport.Factory.class)
                    .create(WeComHosts.PRODUCTION, Duration.ofSeconds(1))) {
                assertThat(((ApacheHttpTransport) transport).maxConnections()).isEqualTo(20);
            }
        });
        runner.withPropertyValues(demoProperties()).run(context -> {
            try (HttpTransport transport = context.getBean(HttpTransport.Factory.class)
                    .create(WeComHosts.PRODUCTION, Duration.ofSeconds(1))) {
                assertThat(((ApacheHttpTransport) transport).maxConnections())
                        .isEqualTo(ApacheHttpTransport.DEFAULT_MAX_CONNECTIONS);
            }
        });
        runner.withPropertyValues(demoProperties()).withPropertyValues("wecom.transport-max-connections=0").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("wecom.transport-max-connections");
        });
    }

    @Test
    void theTransportIsThereWithoutCredentialsForClientsTheApplicationBuilds() {
        runner.run(context -> {
            assertThat(context).doesNotHaveBean(WeComClient.class);
            assertThat(context).hasSingleBean(HttpTransport.Factory.class);
        });
    }

    /** An application's own transport: the JDK client under another name. */
    private record NamedTransport(HttpTransport delegate) implements HttpTransport {
        @Override
        public Response send(Request request) throws java.io.IOException, InterruptedException {
            return delegate.send(request);
        }

        @Override
        public String name() {
            return "application's own";
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
