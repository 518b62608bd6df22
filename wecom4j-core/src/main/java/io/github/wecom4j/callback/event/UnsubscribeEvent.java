package io.github.wecom4j.callback.event;

import io.github.wecom4j.callback.CallbackMessage;

/** Event {@code unsubscribe}: A member left the app's visible range, left the corp, or was disabled. */
public record UnsubscribeEvent(CallbackMessage raw) implements WeComEvent {
}
