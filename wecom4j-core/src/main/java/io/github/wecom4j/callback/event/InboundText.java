package io.github.wecom4j.callback.event;

import io.github.wecom4j.callback.CallbackMessage;

/** MsgType {@code text}: {@code Content}. */
public record InboundText(CallbackMessage raw, String content) implements InboundMessage {
}
