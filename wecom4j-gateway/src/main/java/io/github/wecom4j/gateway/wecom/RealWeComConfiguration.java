package io.github.wecom4j.gateway.wecom;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Credentials configured: the starter builds the client for real WeCom; we only record the mode. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "wecom", name = "corp-id")
public class RealWeComConfiguration {

    @Bean
    public GatewayMode gatewayMode() {
        return new GatewayMode(false, null);
    }
}
