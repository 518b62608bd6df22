package io.github.wecom4j.callback.event;

import io.github.wecom4j.callback.CallbackMessage;

/** Event {@code subscribe}: A member came into the app's visible range, joined the corp inside it, or was re-enabled. */
public record SubscribeEvent(CallbackMessage raw) implements WeComEvent {
}
