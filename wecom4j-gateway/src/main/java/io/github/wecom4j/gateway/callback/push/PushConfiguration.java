package io.github.wecom4j.gateway.callback.push;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

import java.util.List;

/**
 * Wiring of the push: its properties, and the subscriptions of application.yml written to the
 * database once the server knows its port (so a configured URL pointing at the gateway itself is
 * refused like one created by API; the application then does not start).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PushProperties.class)
class PushConfiguration {

    private static final Logger log = LoggerFactory.getLogger(PushConfiguration.class);

    private final Subscriptions subscriptions;
    private final PushProperties props;

    PushConfiguration(Subscriptions subscriptions, PushProperties props) {
        this.subscriptions = subscriptions;
        this.props = props;
    }

    /** Also with none configured: subscriptions removed from application.yml go from the database too. */
    @EventListener(ApplicationReadyEvent.class)
    void syncConfiguredSubscriptions() {
        List<String> removed;
        try {
            removed = subscriptions.syncConfigured(props.getSubscriptions());
        } catch (PushRefused e) {
            throw new IllegalStateException("gateway.callbacks.push.subscriptions: " + e.getMessage() + " (" + e.hint() + ")");
        }
        if (!props.getSubscriptions().isEmpty() || !removed.isEmpty()) {
            log.info("callback push: {} configured subscription(s); deleted as no longer configured: {}",
                    props.getSubscriptions().size(), removed);
        }
    }
}
