package io.github.wecom4j.callback.event;

import io.github.wecom4j.callback.CallbackMessage;

/** MsgType {@code link}: {@code Title}, {@code Description}, {@code Url}, {@code PicUrl}. */
public record InboundLink(CallbackMessage raw, String title, String description, String url, String picUrl)
        implements InboundMessage {
}
