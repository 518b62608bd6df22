package io.github.wecom4j.callback.router;

import io.github.wecom4j.callback.event.CallbackEvent;
import io.github.wecom4j.callback.event.EnterAgentEvent;
import io.github.wecom4j.callback.event.InboundMessage;
import io.github.wecom4j.callback.event.LocationReportEvent;
import io.github.wecom4j.callback.event.MenuEvent;
import io.github.wecom4j.callback.event.SubscribeEvent;
import io.github.wecom4j.callback.event.TemplateCardEvent;

import java.util.List;

/**
 * What the app may answer in the HTTP response to a callback (doc 90241 "被动回复消息格式"), sent
 * back encrypted. WeCom reads such a reply only where a member is waiting for one: to a message, a
 * menu action, entering the app; {@link UpdateButton} only to a template_card_event (it greys the
 * clicked card's buttons out with a new label, doc 90240 "模板卡片事件推送"). To system events
 * (change_contact, approvals, batch jobs) nothing is ever shown, so the router drops such replies.
 */
public sealed interface PassiveReply {

    /** Whether WeCom acts on this reply to that event. */
    boolean allowedFor(CallbackEvent event);

    /** The reply's plaintext XML, before encryption. */
    String toXml(String toUser, String corpId, long createTime);

    static PassiveReply text(String content) {
        return new Text(content);
    }

    static PassiveReply image(String mediaId) {
        return new Image(mediaId);
    }

    static PassiveReply updateButton(String replaceName) {
        return new UpdateButton(replaceName);
    }

    /** {@code text}: at most 2048 bytes, like message/send. */
    record Text(String content) implements PassiveReply {
        public Text {
            Xml.requireBytes("content", content, 2048);
        }

        @Override
        public boolean allowedFor(CallbackEvent event) {
            return Xml.memberIsWaiting(event);
        }

        @Override
        public String toXml(String toUser, String corpId, long createTime) {
            return Xml.head(toUser, corpId, createTime, "text") + "<Content>" + Xml.cdata(content) + "</Content></xml>";
        }
    }

    /** {@code image}: a temporary media id. */
    record Image(String mediaId) implements PassiveReply {
        public Image {
            Xml.requireBytes("mediaId", mediaId, 256);
        }

        @Override
        public boolean allowedFor(CallbackEvent event) {
            return Xml.memberIsWaiting(event);
        }

        @Override
        public String toXml(String toUser, String corpId, long createTime) {
            return Xml.head(toUser, corpId, createTime, "image") + "<Image><MediaId>" + Xml.cdata(mediaId)
                    + "</MediaId></Image></xml>";
        }
    }

    /** {@code news}: 1 to 8 articles. */
    record News(List<Article> articles) implements PassiveReply {
        public News {
            articles = List.copyOf(articles);
            if (articles.isEmpty() || articles.size() > 8) {
                throw new IllegalArgumentException("a news reply has 1 to 8 articles");
            }
        }

        @Override
        public boolean allowedFor(CallbackEvent event) {
            return Xml.memberIsWaiting(event);
        }

        @Override
        public String toXml(String toUser, String corpId, long createTime) {
            StringBuilder out = new StringBuilder(Xml.head(toUser, corpId, createTime, "news"));
            out.append("<ArticleCount>").append(articles.size()).append("</ArticleCount><Articles>");
            for (Article a : articles) {
                out.append("<item><Title>").append(Xml.cdata(a.title())).append("</Title><Description>")
                        .append(Xml.cdata(a.description())).append("</Description><PicUrl>").append(Xml.cdata(a.picUrl()))
                        .append("</PicUrl><Url>").append(Xml.cdata(a.url())).append("</Url></item>");
            }
            return out.append("</Articles></xml>").toString();
        }

        public record Article(String title, String description, String url, String picUrl) {
            public Article {
                Xml.requireBytes("title", title, 128);
                description = description == null ? "" : description;
                url = url == null ? "" : url;
                picUrl = picUrl == null ? "" : picUrl;
            }
        }
    }

    /**
     * {@code update_button}: the clicked card's buttons become one disabled button with this label
     * (for example "Approved"), for the member who clicked.
     */
    record UpdateButton(String replaceName) implements PassiveReply {
        public UpdateButton {
            Xml.requireBytes("replaceName", replaceName, 64);
        }

        @Override
        public boolean allowedFor(CallbackEvent event) {
            return event instanceof TemplateCardEvent;
        }

        @Override
        public String toXml(String toUser, String corpId, long createTime) {
            return Xml.head(toUser, corpId, createTime, "update_button") + "<Button><ReplaceName>" + Xml.cdata(replaceName)
                    + "</ReplaceName></Button></xml>";
        }
    }

    /** Small helpers for the reply XML; not part of the API. */
    final class Xml {
        private Xml() {
        }

        static boolean memberIsWaiting(CallbackEvent event) {
            return event instanceof InboundMessage || event instanceof MenuEvent || event instanceof EnterAgentEvent
                    || event instanceof SubscribeEvent || event instanceof LocationReportEvent;
        }

        static String head(String toUser, String corpId, long createTime, String msgType) {
            return "<xml><ToUserName>" + cdata(toUser) + "</ToUserName><FromUserName>" + cdata(corpId)
                    + "</FromUserName><CreateTime>" + createTime + "</CreateTime><MsgType>" + cdata(msgType) + "</MsgType>";
        }

        /** A CDATA section that stays one even when the text contains {@code ]]>}. */
        static String cdata(String text) {
            return "<![CDATA[" + (text == null ? "" : text.replace("]]>", "]]]]><![CDATA[>")) + "]]>";
        }

        static void requireBytes(String what, String value, int max) {
            if (value == null || value.isEmpty()) {
                throw new IllegalArgumentException(what + " must not be empty");
            }
            if (value.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > max) {
                throw new IllegalArgumentException(what + " must be at most " + max + " bytes");
            }
        }
    }
}
