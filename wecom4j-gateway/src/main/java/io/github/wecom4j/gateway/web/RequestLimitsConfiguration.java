package io.github.wecom4j.gateway.web;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Puts {@link RequestBodyLimits} in front of everything else; {@link HealthDetailsAccess} on the actuator. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RequestBodyLimits.Properties.class)
class RequestLimitsConfiguration {

    @Bean
    FilterRegistrationBean<RequestBodyLimits> requestBodyLimits(RequestBodyLimits.Properties limits) {
        FilterRegistrationBean<RequestBodyLimits> registration = new FilterRegistrationBean<>(new RequestBodyLimits(limits));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.addUrlPatterns("/*");
        return registration;
    }

    @Bean
    FilterRegistrationBean<HealthDetailsAccess> healthDetailsAccess(org.springframework.beans.factory.ObjectProvider<ApiKeys> keys) {
        FilterRegistrationBean<HealthDetailsAccess> registration = new FilterRegistrationBean<>(new HealthDetailsAccess(keys));
        registration.addUrlPatterns("/actuator/*");
        return registration;
    }
}
