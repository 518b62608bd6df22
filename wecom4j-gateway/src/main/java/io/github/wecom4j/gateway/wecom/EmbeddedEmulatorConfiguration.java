package io.github.wecom4j.gateway.wecom;

import io.github.wecom4j.WeComClient;
import io.github.wecom4j.WeComConfig;
import io.github.wecom4j.emulator.WeComEmulator;
import io.github.wecom4j.emulator.corp.EmulatedApp;
import io.github.wecom4j.emulator.corp.EmulatedCorp;
import io.github.wecom4j.http.HttpTransport;
import io.github.wecom4j.http.WeComHosts;
import io.github.wecom4j.spring.WeComAutoConfiguration;
import io.github.wecom4j.spring.WeComProperties;
import io.github.wecom4j.token.TokenStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * First-run mode: no WeCom credentials, so the gateway starts the emulator with the demo corp and
 * points its client at it, with the demo apps' own secrets. Everything else in the gateway is the
 * same code that runs against real WeCom.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(WithoutWeComCredentials.class)
public class EmbeddedEmulatorConfiguration {

    @Bean(destroyMethod = "close")
    public WeComEmulator embeddedWeComEmulator(@Value("${wecom.emulator.port:0}") int port) {
        return WeComEmulator.builder().port(port).start();
    }

    @Bean
    public WeComClient weComClient(WeComEmulator emulator, ObjectProvider<TokenStore> tokenStore,
                                   WeComProperties properties, HttpTransport.Factory wecomHttpTransport) {
        EmulatedCorp corp = emulator.corp();
        // The starter's transport (wecom.transport, or the application's own bean): the demo sends
        // through the same HTTP client as a real deployment.
        WeComConfig.Builder config = WeComAutoConfiguration.transport(properties, WeComConfig.builder(corp.corpId()),
                wecomHttpTransport)
                .hosts(WeComHosts.allAt(emulator.baseUri()))
                .clock(emulator.clock())
                .contactsSecret(corp.contactsSecret());
        for (EmulatedApp app : corp.apps()) {
            config.app(app.agentId(), app.secret(), app.name());
        }
        tokenStore.ifAvailable(config::tokenStore);
        return WeComClient.create(config.build());
    }

    /** The emulator's virtual clock, so moving its time (3-day media, 2-hour tokens) moves the gateway's. */
    @Bean
    public java.time.Clock wecomClock(WeComEmulator emulator) {
        return emulator.clock();
    }

    @Bean
    DemoTrustedDomain demoTrustedDomain(WeComEmulator emulator,
                                        @Value("${wecom.emulator.trusted-host:localhost}") String host,
                                        @Value("${wecom.login.public-url:}") String publicUrl) {
        return new DemoTrustedDomain(emulator, host, publicUrl);
    }

    @Bean
    public GatewayMode gatewayMode(WeComEmulator emulator) {
        return new GatewayMode(true, emulator.baseUri().toString());
    }
}
