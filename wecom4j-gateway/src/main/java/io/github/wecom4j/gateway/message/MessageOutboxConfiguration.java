package io.github.wecom4j.gateway.message;

import io.github.wecom4j.WeComClient;
import io.github.wecom4j.gateway.web.ApiKeyInterceptor;
import io.github.wecom4j.httpclient5.ApacheHttpTransport;
import io.github.wecom4j.spring.WeComProperties;
import io.github.wecom4j.gateway.web.ApiKeys;
import io.github.wecom4j.emulator.WeComEmulator;
import io.github.wecom4j.gateway.wecom.GatewayMode;
import io.github.wecom4j.gateway.cluster.DatabaseClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/** Wiring of the message outbox: its clock, the API keys and the key check on {@code /api/messages}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OutboxProperties.class)
class MessageOutboxConfiguration implements WebMvcConfigurer {

    private static final Logger log = LoggerFactory.getLogger(MessageOutboxConfiguration.class);

    private final ObjectProvider<ApiKeys> apiKeys;

    MessageOutboxConfiguration(ObjectProvider<ApiKeys> apiKeys) {
        this.apiKeys = apiKeys;
    }

    /**
     * The embedded emulator's virtual clock in emulated mode, so that advancing it moves WeCom's
     * frequency windows and our budget together; otherwise the database's clock, which every
     * instance reads alike ({@link DatabaseClock}): budget windows and retry times written by one
     * instance are compared by the others.
     */
    @Bean
    Clock messageOutboxClock(ObjectProvider<WeComEmulator> emulator,
                             @Qualifier("databaseClock") DatabaseClock databaseClock) {
        WeComEmulator e = emulator.getIfAvailable();
        return e != null ? e.clock() : databaseClock;
    }

    /**
     * Checked at start-up, before any sender runs: the senders' connections to WeCom
     * ({@link SenderConnections}). Only a capped pool (httpclient5) can be too small.
     */
    @Bean
    SenderConnections.Checked senderConnectionsChecked(OutboxProperties props, WeComProperties wecom, WeComClient client) {
        Integer cap = "httpclient5".equals(client.transportName())
                ? Objects.requireNonNullElse(wecom.getTransportMaxConnections(), ApacheHttpTransport.DEFAULT_MAX_CONNECTIONS)
                : null;
        SenderConnections.check(cap, props.getSenders());
        return new SenderConnections.Checked();
    }

    @Bean
    ApiKeys messageApiKeys(OutboxProperties props, GatewayMode mode) {
        if (!props.getApiKeys().isEmpty() || !mode.emulated()) {
            if (props.getApiKeys().isEmpty()) {
                log.warn("no gateway.messages.api-keys configured: POST /api/messages refuses every caller");
            }
            return new ApiKeys(props.getApiKeys(), null);
        }
        // A fixed demo key (gateway.messages.demo-key, GATEWAY_MESSAGES_DEMO_KEY) keeps scripts working
        // across restarts; otherwise a new one per start.
        String demo = props.getDemoKey();
        if (demo == null || demo.isBlank()) {
            byte[] b = new byte[12];
            new SecureRandom().nextBytes(b);
            demo = "demo-" + HexFormat.of().formatHex(b);
        }
        log.info("EMULATED mode: demo API key for /api/messages is {} (header {}); it only reaches the emulator",
                demo, ApiKeys.HEADER);
        return new ApiKeys(List.of(demo), demo);
    }

    /**
     * {@code POST /api/messages} without most of Spring MVC ({@link MessageIntakeFilter}): after the
     * body limit ({@code RequestBodyLimits}, first) and the {@code http.server.requests} observation
     * (Spring Boot registers it at {@code HIGHEST_PRECEDENCE + 1}), before everything else.
     */
    @Bean
    FilterRegistrationBean<MessageIntakeFilter> messageIntakeFilter(MessageOutbox outbox, MessageController controller,
                                                                    ObjectProvider<HandlerExceptionResolver> resolvers) {
        FilterRegistrationBean<MessageIntakeFilter> registration = new FilterRegistrationBean<>(new MessageIntakeFilter(outbox,
                new ApiKeyInterceptor(apiKeys), new MessageErrors(resolvers, controller)));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        registration.addUrlPatterns(MessageIntakeFilter.PATH);
        return registration;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        // Every internal API: messages, durable media, received callbacks and their subscriptions, cards, the directory,
        // and the JS-SDK's ticket renewal (the page-facing JS-SDK endpoints are public).
        registry.addInterceptor(new ApiKeyInterceptor(apiKeys)).addPathPatterns("/api/messages", "/api/messages/**",
                "/api/media", "/api/media/**", "/api/callbacks", "/api/callbacks/**", "/api/directory/**",
                "/api/subscriptions", "/api/subscriptions/**", "/api/cards/**", "/api/jssdk/tickets/**");
    }
}
