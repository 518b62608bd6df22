package io.github.wecom4j.callback.event;

import io.github.wecom4j.callback.CallbackMessage;

/** An event this version does not type (or a new one): {@link #event()}, {@link #eventKey()} and {@link #raw()}. */
public record OtherEvent(CallbackMessage raw) implements WeComEvent {
}
