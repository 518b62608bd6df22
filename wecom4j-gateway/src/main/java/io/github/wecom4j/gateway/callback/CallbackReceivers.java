package io.github.wecom4j.gateway.callback;

import io.github.wecom4j.callback.CallbackReceiver;

import java.util.Map;
import java.util.Optional;

/** The callback receiver of each app that has callback settings, by agentid. */
public record CallbackReceivers(Map<Integer, CallbackReceiver> byAgentId) {

    public CallbackReceivers {
        byAgentId = Map.copyOf(byAgentId);
    }

    public Optional<CallbackReceiver> forApp(int agentId) {
        return Optional.ofNullable(byAgentId.get(agentId));
    }
}
