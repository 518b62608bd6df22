package io.github.wecom4j.message;

import java.util.Map;

/**
 * One application message of {@code POST /cgi-bin/message/send} (doc 90236): the {@link #msgtype()}
 * and the object WeCom expects under that key. Every type checks its own field limits in
 * {@link #validate()}, which the send path calls before any HTTP request.
 */
public sealed interface Message permits TextMessage, ImageMessage, VoiceMessage, VideoMessage, FileMessage,
        TextCardMessage, NewsMessage, MpNewsMessage, MarkdownMessage, MiniProgramNoticeMessage, TemplateCardMessage {

    /** WeCom's {@code msgtype}, also the key of {@link #payload()} in the request body. */
    String msgtype();

    /** The JSON object sent under {@link #msgtype()}, as plain maps and lists. */
    Map<String, Object> payload();

    /** Throws {@link io.github.wecom4j.error.WeComValidationException} when WeCom would refuse it. */
    void validate();
}
