package io.github.wecom4j.callback.event;

import io.github.wecom4j.callback.CallbackMessage;

/** Event {@code click}: a {@code click} button; {@link #eventKey()} is its key. A passive reply is allowed. */
public record MenuClickEvent(CallbackMessage raw) implements MenuEvent {
}
