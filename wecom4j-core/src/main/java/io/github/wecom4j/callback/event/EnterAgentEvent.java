package io.github.wecom4j.callback.event;

import io.github.wecom4j.callback.CallbackMessage;

/** Event {@code enter_agent}: A member opened the app (EventKey is empty). */
public record EnterAgentEvent(CallbackMessage raw) implements WeComEvent {
}
