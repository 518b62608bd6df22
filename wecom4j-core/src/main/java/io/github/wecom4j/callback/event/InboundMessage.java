package io.github.wecom4j.callback.event;

/**
 * A member wrote to the app (doc 90239 "接收普通消息"): every one carries a {@code MsgId}. A passive
 * reply is allowed to these (doc 90241).
 */
public sealed interface InboundMessage extends CallbackEvent
        permits InboundText, InboundImage, InboundVoice, InboundVideo, InboundLocation, InboundLink, InboundOtherMessage {

    default String msgId() {
        return raw().fields().get("MsgId");
    }

    @Override
    default String type() {
        return raw().msgType();
    }
}
