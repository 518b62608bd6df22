package io.github.wecom4j.callback.event;

import io.github.wecom4j.callback.CallbackMessage;

/** Event {@code share_chain_change}: An app shared with an upstream/downstream chain changed (上下游共享应用事件). */
public record ShareChainChangeEvent(CallbackMessage raw) implements WeComEvent {
}
