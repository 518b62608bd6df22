package io.github.wecom4j.gateway.callback;

import io.github.wecom4j.WeComClient;
import io.github.wecom4j.callback.CallbackReceiver;
import io.github.wecom4j.emulator.WeComEmulator;
import io.github.wecom4j.emulator.corp.EmulatedApp;
import io.github.wecom4j.spring.WeComProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Which apps receive callbacks, and with which Token / EncodingAESKey: the embedded emulator's
 * apps in the first-run mode, {@code wecom.apps[i].callback-token / callback-aes-key} otherwise.
 * The receiveid is the corp id (self-built apps, doc 90968).
 */
@Configuration(proxyBeanMethods = false)
class CallbackConfiguration {

    /** WeCom retries within seconds; five minutes of tolerance loses nothing and stops replays. */
    static final Duration REPLAY_WINDOW = Duration.ofMinutes(5);

    @Bean
    CallbackReceivers callbackReceivers(WeComClient wecom, Clock wecomClock, ObjectProvider<WeComEmulator> emulator,
                                        ObjectProvider<WeComProperties> properties) {
        Map<Integer, CallbackReceiver> receivers = new HashMap<>();
        String corpId = wecom.config().corpId();
        WeComEmulator embedded = emulator.getIfAvailable();
        if (embedded != null) {
            for (EmulatedApp app : embedded.corp().apps()) {
                if (app.callbackToken() != null && app.encodingAesKey() != null) {
                    receivers.put(app.agentId(), new CallbackReceiver(app.callbackToken(), app.encodingAesKey(), corpId,
                            wecomClock, REPLAY_WINDOW));
                }
            }
        } else {
            WeComProperties p = properties.getIfAvailable();
            if (p != null) {
                for (WeComProperties.App app : p.getApps()) {
                    if (notBlank(app.getCallbackToken()) && notBlank(app.getCallbackAesKey())) {
                        receivers.put(app.getAgentId(), new CallbackReceiver(app.getCallbackToken(), app.getCallbackAesKey(),
                                corpId, wecomClock, REPLAY_WINDOW));
                    }
                }
            }
        }
        return new CallbackReceivers(receivers);
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
