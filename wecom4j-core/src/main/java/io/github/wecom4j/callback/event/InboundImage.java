package io.github.wecom4j.callback.event;

import io.github.wecom4j.callback.CallbackMessage;

/** MsgType {@code image}: {@code PicUrl}, and {@code MediaId} (a temporary media id, valid 3 days). */
public record InboundImage(CallbackMessage raw, String picUrl, String mediaId) implements InboundMessage {
}
