package io.github.wecom4j.callback.event;

import io.github.wecom4j.callback.CallbackMessage;

/** Event {@code view_miniprogram}: a mini-program button opened {@link #pagePath()} (the EventKey). */
public record MenuMiniProgramEvent(CallbackMessage raw) implements MenuEvent {
    public String pagePath() {
        return eventKey();
    }
}
