package io.github.wecom4j.message;

import io.github.wecom4j.error.WeComValidationException;
import io.github.wecom4j.http.UnicodeEscapes;
import io.github.wecom4j.http.WeComJson;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JacksonSerializable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.TypeSerializer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a {@code message/send} body in WeCom's own JSON shape (doc 90236) into the typed model, so
 * a service can accept WeCom-shaped requests and still have every rule checked by the typed
 * classes. Malformed input becomes a {@link WeComValidationException} with WeCom's errcode.
 *
 * <p>Writes a call's body straight to the JSON generator, field by field, in the order of
 * {@link MessageCall#body()} and with the same bytes as writing that map, without building the
 * map: a broadcast's 1000 userids are joined once into the {@code touser} string and written.
 */
public final class MessageJson {

    private static final JsonMapper JSON = WeComJson.mapper();
    /** template_card keys modelled by {@link TemplateCardMessage}; any other key is kept as a section. */
    private static final Set<String> TYPED_CARD_KEYS = Set.of("card_type", "task_id", "main_title", "sub_title_text",
            "card_action", "card_image", "image_text_area", "button_list", "checkbox", "select_list", "submit_button");

    private MessageJson() {
    }

    /** A body with any number of recipients; {@code agentid} is ignored (the sending app decides). */
    public static OutgoingMessage parseOutgoing(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new WeComValidationException(40058, "the message must be a JSON object");
        }
        return new OutgoingMessage(recipients(body), message(body), options(body));
    }

    /** One call's body, as produced by {@link MessageCall#body()}. */
    public static MessageCall parse(Map<String, Object> body) {
        JsonNode node = JSON.valueToTree(body);
        JsonNode agent = node.path("agentid");
        if (!agent.canConvertToInt()) {
            throw new WeComValidationException(40056, "agentid must be an integer");
        }
        OutgoingMessage m = parseOutgoing(node);
        return new MessageCall(agent.asInt(), m.to(), m.message(), m.options());
    }

    /**
     * The body of a call as a JSON string, for storage; the same text as {@link #bytes(MessageCall)}.
     * Refused (40033) when it would need a {@code \}{@code uXXXX} escape, which WeCom refuses: a
     * queue must not accept what can never be sent. Written as bytes first because a character
     * writer silently turns a lone surrogate into '?'.
     */
    public static String write(MessageCall call) {
        byte[] json = JSON.writeValueAsBytes(new Body(call, false));
        UnicodeEscapes.requireNone(json);
        return new String(json, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The body of a call as UTF-8 JSON, as sent to WeCom. */
    public static byte[] bytes(MessageCall call) {
        return JSON.writeValueAsBytes(new Body(call, true));
    }

    /**
     * {@link MessageCall#body()} written without the map: same fields, same order, same values.
     *
     * @param utf8 written by a byte generator, which takes a member list as raw UTF-8 (a character
     *             generator does not)
     */
    private record Body(MessageCall call, boolean utf8) implements JacksonSerializable {

        @Override
        public void serialize(JsonGenerator g, SerializationContext context) {
            Recipients to = call.to();
            Message message = call.message();
            SendOptions options = call.options();
            g.writeStartObject();
            if (!utf8 || !writeValidUserIds(g, to)) {
                stringProperty(g, "touser", to.toUserField());
            }
            stringProperty(g, "toparty", to.toPartyField());
            stringProperty(g, "totag", to.toTagField());
            g.writeStringProperty("msgtype", message.msgtype());
            g.writeNumberProperty("agentid", call.agentId());
            g.writeName(message.msgtype());
            context.writeValue(g, message.payload());
            if (options.safe() != 0) {
                g.writeNumberProperty("safe", options.safe());
            }
            if (options.enableIdTrans()) {
                g.writeNumberProperty("enable_id_trans", 1);
            }
            if (options.enableDuplicateCheck()) {
                g.writeNumberProperty("enable_duplicate_check", 1);
                g.writeNumberProperty("duplicate_check_interval", options.duplicateCheckInterval().toSeconds());
            }
            g.writeEndObject();
        }

        @Override
        public void serializeWithType(JsonGenerator g, SerializationContext context, TypeSerializer typeSer) {
            serialize(g, context);
        }

        /**
         * {@code touser} straight from the ids as bytes, when every id is a valid userid: those are
         * ASCII letters, digits and {@code _@.-} only (UserIds), so nothing in them needs escaping
         * and the '|'-joined String and Jackson's escaping pass over it (~12 KB for 1,000 members)
         * are skipped. Any other id is written as a String, escaped: never raw.
         */
        private static boolean writeValidUserIds(JsonGenerator g, Recipients to) {
            List<String> users = to.users();
            if (to.all() || users.isEmpty() || DistinctIds.firstInvalidUserId(users) != null) {
                return false;
            }
            int length = users.size() - 1;
            for (String u : users) {
                length += u.length();
            }
            byte[] bytes = new byte[length];
            int n = 0;
            for (String u : users) {
                if (n > 0) {
                    bytes[n++] = '|';
                }
                for (int i = 0, len = u.length(); i < len; i++) {
                    bytes[n++] = (byte) u.charAt(i);
                }
            }
            g.writeName("touser");
            g.writeRawUTF8String(bytes, 0, n);
            return true;
        }

        private static void stringProperty(JsonGenerator g, String name, String value) {
            if (value != null) {
                g.writeStringProperty(name, value);
            }
        }
    }

    /** Reads a stored body back as plain maps. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> read(String json) {
        return JSON.readValue(json, LinkedHashMap.class);
    }

    private static Recipients recipients(JsonNode body) {
        String touser = str(body, "touser");
        if (touser != null && touser.trim().equals("@all")) {
            return Recipients.everyone();
        }
        List<String> users = split(touser);
        List<Long> parties = new ArrayList<>();
        List<Long> tags = new ArrayList<>();
        for (String p : split(str(body, "toparty"))) {
            parties.add(number(p, 40066, "toparty"));
        }
        for (String t : split(str(body, "totag"))) {
            tags.add(number(t, 40035, "totag"));
        }
        return new Recipients(false, users, parties, tags);
    }

    private static SendOptions options(JsonNode body) {
        int safe = body.path("safe").asInt(0);
        boolean idTrans = body.path("enable_id_trans").asInt(0) == 1;
        boolean dup = body.path("enable_duplicate_check").asInt(0) == 1;
        long interval = body.path("duplicate_check_interval").asLong(SendOptions.DEFAULT_INTERVAL.toSeconds());
        return new SendOptions(safe, idTrans, dup, java.time.Duration.ofSeconds(interval));
    }

    private static Message message(JsonNode body) {
        String type = str(body, "msgtype");
        if (type == null) {
            throw new WeComValidationException(40008, "msgtype is required");
        }
        JsonNode c = body.path(type);
        Message m = switch (type) {
            case "text" -> new TextMessage(str(c, "content"));
            case "markdown" -> new MarkdownMessage(str(c, "content"));
            case "image" -> new ImageMessage(str(c, "media_id"));
            case "voice" -> new VoiceMessage(str(c, "media_id"));
            case "file" -> new FileMessage(str(c, "media_id"));
            case "video" -> new VideoMessage(str(c, "media_id"), str(c, "title"), str(c, "description"));
            case "textcard" -> new TextCardMessage(str(c, "title"), str(c, "description"), str(c, "url"), str(c, "btntxt"));
            case "news" -> new NewsMessage(list(c.path("articles"), a -> new NewsMessage.Article(str(a, "title"),
                    str(a, "description"), str(a, "url"), str(a, "picurl"), str(a, "appid"), str(a, "pagepath"))));
            case "mpnews" -> new MpNewsMessage(list(c.path("articles"), a -> new MpNewsMessage.Article(str(a, "title"),
                    str(a, "thumb_media_id"), str(a, "author"), str(a, "content_source_url"), str(a, "content"),
                    str(a, "digest"))));
            case "miniprogram_notice" -> new MiniProgramNoticeMessage(str(c, "appid"), str(c, "page"), str(c, "title"),
                    str(c, "description"), c.path("emphasis_first_item").asBoolean(false),
                    list(c.path("content_item"), i -> new MiniProgramNoticeMessage.Item(str(i, "key"), str(i, "value"))));
            case "template_card" -> templateCard(c);
            default -> throw new WeComValidationException(40008, "unknown msgtype '" + type + "'");
        };
        if (!c.isObject()) {
            throw new WeComValidationException(40058, "the body needs an object under \"" + type + "\"");
        }
        return m;
    }

    /**
     * A {@code template_card} object as WeCom's JSON has it (e.g. the replacement card of
     * {@code update_template_card}), checked like a sent one.
     */
    public static TemplateCardMessage parseTemplateCard(JsonNode card) {
        if (card == null || !card.isObject()) {
            throw new WeComValidationException(40058, "template_card must be a JSON object");
        }
        return templateCard(card);
    }

    private static TemplateCardMessage templateCard(JsonNode c) {
        String wire = str(c, "card_type");
        TemplateCardMessage.CardType type = TemplateCardMessage.CardType.fromWire(wire);
        if (type == null) {
            throw new WeComValidationException(40058, "template_card.card_type '" + wire + "' is not one of "
                    + Arrays.toString(TemplateCardMessage.CardType.values()).toLowerCase());
        }
        JsonNode mt = c.path("main_title");
        JsonNode ca = c.path("card_action");
        JsonNode ci = c.path("card_image");
        JsonNode ita = c.path("image_text_area");
        JsonNode cb = c.path("checkbox");
        JsonNode sb = c.path("submit_button");
        Map<String, Object> sections = new LinkedHashMap<>();
        c.properties().forEach(e -> {
            if (!TYPED_CARD_KEYS.contains(e.getKey())) {
                sections.put(e.getKey(), JSON.treeToValue(e.getValue(), Object.class));
            }
        });
        return new TemplateCardMessage(type, str(c, "task_id"),
                mt.isObject() ? new TemplateCardMessage.MainTitle(str(mt, "title"), str(mt, "desc")) : null,
                str(c, "sub_title_text"),
                ca.isObject() ? new TemplateCardMessage.CardAction(ca.path("type").asInt(-1), str(ca, "url"),
                        str(ca, "appid"), str(ca, "pagepath")) : null,
                ci.isObject() ? new TemplateCardMessage.CardImage(str(ci, "url"),
                        aspectRatio(ci.path("aspect_ratio"))) : null,
                ita.isObject() ? new TemplateCardMessage.ImageTextArea(ita.has("type") ? ita.path("type").asInt(-1) : null,
                        str(ita, "url"), str(ita, "appid"), str(ita, "pagepath"), str(ita, "title"), str(ita, "desc"),
                        str(ita, "image_url")) : null,
                list(c.path("button_list"), b -> new TemplateCardMessage.Button(str(b, "text"), b.path("style").asInt(1),
                        str(b, "key"), b.has("type") ? b.path("type").asInt(-1) : null, str(b, "url"))),
                cb.isObject() ? new TemplateCardMessage.Checkbox(str(cb, "question_key"), cb.path("mode").asInt(0),
                        cardOptions(cb.path("option_list"))) : null,
                list(c.path("select_list"), s -> new TemplateCardMessage.Select(str(s, "question_key"), str(s, "title"),
                        str(s, "selected_id"), cardOptions(s.path("option_list")))),
                sb.isObject() ? new TemplateCardMessage.SubmitButton(str(sb, "text"), str(sb, "key")) : null,
                sections);
    }

    private static List<TemplateCardMessage.Option> cardOptions(JsonNode list) {
        return list(list, o -> new TemplateCardMessage.Option(str(o, "id"), str(o, "text"),
                o.path("is_checked").asBoolean(false)));
    }

    private static <T> List<T> list(JsonNode array, java.util.function.Function<JsonNode, T> f) {
        List<T> out = new ArrayList<>();
        if (array.isArray()) {
            array.forEach(n -> out.add(f.apply(n)));
        } else if (!array.isMissingNode() && !array.isNull()) {
            throw new WeComValidationException(40058, "expected a JSON array");
        }
        return out;
    }

    private static String str(JsonNode node, String field) {
        JsonNode n = node.path(field);
        if (n.isMissingNode() || n.isNull()) {
            return null;
        }
        return n.isValueNode() ? n.asString() : n.toString();
    }

    private static List<String> split(String ids) {
        if (ids == null || ids.isBlank()) {
            return List.of();
        }
        // WeCom trims: its own samples write "PartyID1 | PartyID2".
        return Arrays.stream(ids.split("\\|")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /**
     * card_image.aspect_ratio: absent, or a finite number (doc 90236: 1.3 to 2.25). A string, an
     * object or a number beyond double range was read as a Jackson failure and answered 500.
     */
    private static Double aspectRatio(JsonNode ratio) {
        if (ratio.isMissingNode() || ratio.isNull()) {
            return null;
        }
        if (!ratio.isNumber() || !Double.isFinite(ratio.asDouble())) {
            throw new WeComValidationException(40058, "template_card.card_image.aspect_ratio must be a number from 1.3"
                    + " to 2.25 (got " + abbreviated(ratio.toString()) + ")");
        }
        return ratio.asDouble();
    }

    private static String abbreviated(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }

    private static long number(String s, int errcode, String field) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new WeComValidationException(errcode, field + " must list numeric ids separated by | (got '" + s + "')");
        }
    }
}
