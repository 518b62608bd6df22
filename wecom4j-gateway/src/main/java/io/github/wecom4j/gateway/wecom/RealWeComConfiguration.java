package io.github.wecom4j.gateway.wecom;

import io.github.wecom4j.gateway.cluster.DatabaseClock;
import io.github.wecom4j.spring.WeComCredentialsCondition;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/** Credentials configured: the starter builds the client for real WeCom; we only record the mode. */
@Configuration(proxyBeanMethods = false)
@Conditional(WeComCredentialsCondition.class)
public class RealWeComConfiguration {

    /**
     * The database's clock, which every instance reads alike: token expiry, callback replay windows
     * and push schedules written by one instance are compared by the others ({@link DatabaseClock}).
     */
    @Bean
    public java.time.Clock wecomClock(@Qualifier("databaseClock") DatabaseClock databaseClock) {
        return databaseClock;
    }

    @Bean
    public GatewayMode gatewayMode() {
        return new GatewayMode(false, null);
    }
}
