package io.github.wecom4j.callback.event;

import io.github.wecom4j.callback.CallbackMessage;

/** MsgType {@code video}: {@code MediaId} and {@code ThumbMediaId}. */
public record InboundVideo(CallbackMessage raw, String mediaId, String thumbMediaId) implements InboundMessage {
}
