package io.github.wecom4j.callback.event;

import io.github.wecom4j.callback.CallbackMessage;

/** MsgType {@code voice}: {@code MediaId} and {@code Format} (amr, speex). */
public record InboundVoice(CallbackMessage raw, String mediaId, String format) implements InboundMessage {
}
