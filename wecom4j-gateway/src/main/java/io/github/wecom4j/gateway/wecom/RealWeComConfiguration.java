package io.github.wecom4j.gateway.wecom;

import io.github.wecom4j.spring.WeComCredentialsCondition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/** Credentials configured: the starter builds the client for real WeCom; we only record the mode. */
@Configuration(proxyBeanMethods = false)
@Conditional(WeComCredentialsCondition.class)
public class RealWeComConfiguration {

    @Bean
    public java.time.Clock wecomClock() {
        return java.time.Clock.systemUTC();
    }

    @Bean
    public GatewayMode gatewayMode() {
        return new GatewayMode(false, null);
    }
}
