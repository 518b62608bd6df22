package io.github.wecom4j.spring;

import io.github.wecom4j.WeComClient;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/** {@link WeComMeters} for the application's {@link WeComClient}, where Micrometer is on the classpath. */
@AutoConfiguration(after = WeComAutoConfiguration.class)
@ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
public class WeComMetersAutoConfiguration {

    @Bean
    @ConditionalOnBean(WeComClient.class)
    public WeComMeters weComMeters(WeComClient client) {
        return new WeComMeters(client);
    }
}
