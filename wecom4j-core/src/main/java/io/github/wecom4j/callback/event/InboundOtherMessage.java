package io.github.wecom4j.callback.event;

import io.github.wecom4j.callback.CallbackMessage;

/** A message type this version does not know: everything is in {@link #raw()}. */
public record InboundOtherMessage(CallbackMessage raw) implements InboundMessage {
}
