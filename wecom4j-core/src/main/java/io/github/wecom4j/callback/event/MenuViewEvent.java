package io.github.wecom4j.callback.event;

import io.github.wecom4j.callback.CallbackMessage;

/** Event {@code view}: a {@code view} button opened {@link #url()} (the EventKey). */
public record MenuViewEvent(CallbackMessage raw) implements MenuEvent {
    public String url() {
        return eventKey();
    }
}
