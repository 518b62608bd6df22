package io.github.wecom4j.callback.event;

import io.github.wecom4j.callback.CallbackMessage;

/** Event {@code share_agent_change}: An app shared across an enterprise interconnection changed (企业互联共享应用事件). */
public record ShareAgentChangeEvent(CallbackMessage raw) implements WeComEvent {
}
