package io.github.wecom4j.emulator.message;

import io.github.wecom4j.emulator.ApiError;
import io.github.wecom4j.emulator.EmulatorCounters;
import io.github.wecom4j.emulator.corp.EmulatedCorp;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * {@code message/send} and {@code message/recall} (doc 90236, 94867) with WeCom's state: per-member
 * inboxes, the duplicate check, the per-member frequency limit and recall within 24 hours.
 *
 * <p>Order of checks: the token's app (a contacts-sync token cannot send: 48002; agentid missing or
 * unknown: 40056; another app's agentid: 301002), then the body ({@link MessageBodyRules}), then
 * the recipients ({@link Audience}), then the duplicate check, then delivery member by member
 * through the frequency limit.
 */
public final class MessageCenter {

    /** Counter names on {@code /_emulator/counters}. */
    public static final String DELIVERED = "messages delivered";
    public static final String DROPPED = "messages dropped (per-member frequency limit)";
    public static final String DUPLICATES = "messages absorbed by duplicate check";
    public static final String RECALLED = "messages recalled";

    private static final Duration RECALL_WINDOW = Duration.ofHours(24);

    private record Sent(int agentId, Instant at, List<String> members) {
    }

    private record DuplicateKey(int agentId, JsonNode body) {
    }

    private record Remembered(Instant until, ObjectNode answer) {
    }

    private final Supplier<EmulatedCorp> corp;
    private final Clock clock;
    private final EmulatorCounters counters;
    private final JsonMapper json;
    private final Inboxes inboxes = new Inboxes();
    private final TemplateCards cards;
    private final AppChats chats;
    private final MemberFrequencyLimit frequency = new MemberFrequencyLimit();
    private final Map<String, Sent> sent = new ConcurrentHashMap<>();
    private final Map<DuplicateKey, Remembered> recent = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Object[] locks = new Object[64];
    private final java.util.concurrent.atomic.AtomicLong sends = new java.util.concurrent.atomic.AtomicLong();
    private volatile Audience.Index index;

    public MessageCenter(Supplier<EmulatedCorp> corp, Clock clock, EmulatorCounters counters, JsonMapper json) {
        this.corp = corp;
        this.clock = clock;
        this.counters = counters;
        this.json = json;
        this.cards = new TemplateCards(clock, inboxes);
        this.chats = new AppChats(corp, clock);
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
    }

    public Inboxes inboxes() {
        return inboxes;
    }

    /** Sent interactive cards and their response codes. */
    public TemplateCards cards() {
        return cards;
    }

    /** Group chats and their inboxes. */
    public AppChats chats() {
        return chats;
    }

    /** {@code POST /cgi-bin/appchat/create}: {@code {"chatid"}}. */
    public ObjectNode createChat(int tokenAgentId, JsonNode body) {
        requireSender(tokenAgentId);
        ObjectNode out = json.createObjectNode();
        out.put("chatid", chats.create(tokenAgentId, body));
        return out;
    }

    /** {@code POST /cgi-bin/appchat/update}. */
    public ObjectNode updateChat(int tokenAgentId, JsonNode body) {
        requireSender(tokenAgentId);
        chats.update(tokenAgentId, body);
        return json.createObjectNode();
    }

    /** {@code GET /cgi-bin/appchat/get?chatid=}: {@code {"chat_info":{chatid,name,owner,userlist}}}. */
    public ObjectNode getChat(int tokenAgentId, String chatId) {
        requireSender(tokenAgentId);
        AppChats.Chat chat = AppChats.createdBy(tokenAgentId, chats.get(chatId));
        ObjectNode out = json.createObjectNode();
        ObjectNode info = out.putObject("chat_info");
        info.put("chatid", chat.chatId());
        info.put("name", chat.name());
        info.put("owner", chat.owner());
        chat.members().forEach(info.putArray("userlist")::add);
        return out;
    }

    /** {@code POST /cgi-bin/appchat/send}: the message lands in the chat's inbox. */
    public ObjectNode sendToChat(int tokenAgentId, JsonNode body) {
        requireSender(tokenAgentId);
        chats.send(tokenAgentId, body, newMsgid());
        counters.increment("chat messages");
        return json.createObjectNode();
    }

    private static void requireSender(int tokenAgentId) {
        if (tokenAgentId == 0) {
            throw new ApiError(48002, "api forbidden: use an app's secret for group chats");
        }
    }

    /** {@code POST /cgi-bin/message/update_template_card} (doc 94888). */
    public ObjectNode updateTemplateCard(int tokenAgentId, JsonNode body) {
        requireApp(tokenAgentId, body);
        return cards.update(tokenAgentId, body, json.createObjectNode(), b -> {
            ObjectNode audience = json.createObjectNode();
            audience.put("touser", join(b.path("userids")));
            audience.put("toparty", join(b.path("partyids")));
            audience.put("totag", join(b.path("tagids")));
            return Audience.resolve(index(), visible(tokenAgentId), audience).members();
        });
    }

    private static String join(JsonNode array) {
        List<String> parts = new java.util.ArrayList<>();
        array.forEach(n -> parts.add(n.asString()));
        return String.join("|", parts);
    }

    /** {@code POST /cgi-bin/message/send} called with the token of app {@code tokenAgentId} (0 = contacts). */
    public ObjectNode send(int tokenAgentId, JsonNode body) {
        requireApp(tokenAgentId, body);
        JsonNode content = MessageBodyRules.check(body);
        Audience audience = Audience.resolve(index(), visible(tokenAgentId), body);
        if (body.path("enable_duplicate_check").asInt(0) != 1) {
            return deliver(tokenAgentId, body, content, audience, null);
        }
        DuplicateKey key = new DuplicateKey(tokenAgentId, body);
        // Identical concurrent requests must not both pass the check: serialise per key.
        synchronized (locks[Math.floorMod(key.hashCode(), locks.length)]) {
            return deliver(tokenAgentId, body, content, audience, key);
        }
    }

    private ObjectNode deliver(int tokenAgentId, JsonNode body, JsonNode content, Audience audience, DuplicateKey key) {
        Instant now = clock.instant();
        if (key != null) {
            Remembered earlier = recent.get(key);
            if (earlier != null && now.isBefore(earlier.until())) {
                counters.increment(DUPLICATES);
                return earlier.answer().deepCopy();
            }
        }
        String msgtype = body.path("msgtype").asString();
        String msgid = newMsgid();
        String summary = summary(msgtype, content);
        for (String member : audience.members()) {
            if (frequency.tryDeliver(tokenAgentId, member, now)) {
                inboxes.deliver(new DeliveredMessage(msgid, tokenAgentId, member, msgtype, content.deepCopy(), summary, now, false));
                counters.increment(DELIVERED);
            } else {
                // WeCom answers ok and silently drops the excess (doc 90454); only the control API tells.
                inboxes.dropped(member);
                counters.increment(DROPPED);
            }
        }
        sent.put(msgid, new Sent(tokenAgentId, now, audience.members()));
        if (sends.incrementAndGet() % 1000 == 0) {
            forgetOld(now);
        }
        ObjectNode out = json.createObjectNode();
        out.put("errcode", 0);
        out.put("errmsg", "ok");
        out.put("invaliduser", String.join("|", audience.invalidUsers()));
        out.put("invalidparty", String.join("|", audience.invalidParties()));
        out.put("invalidtag", String.join("|", audience.invalidTags()));
        out.put("unlicenseduser", "");
        out.put("msgid", msgid);
        String cardType = content.path("card_type").asString("");
        if (msgtype.equals("template_card") && (TemplateCardRules.interactive(cardType) || content.has("action_menu"))) {
            out.put("response_code", cards.sent(new TemplateCards.SentCard(tokenAgentId, msgid,
                    content.path("task_id").asString(""), cardType, audience.members())));
        }
        if (key != null) {
            long seconds = body.path("duplicate_check_interval").asLong(1800);
            recent.put(key, new Remembered(now.plusSeconds(seconds), out.deepCopy()));
        }
        return out;
    }

    /** {@code POST /cgi-bin/message/recall}: only the sending app, only within 24 hours (doc 94867). */
    public ObjectNode recall(int tokenAgentId, JsonNode body) {
        if (tokenAgentId == 0) {
            throw new ApiError(48002, "api forbidden: the contacts-sync secret cannot recall messages");
        }
        String msgid = MessageBodyRules.text(body, "msgid");
        if (msgid.isBlank()) {
            throw new ApiError(40058, "missing msgid");
        }
        Sent s = sent.get(msgid);
        if (s == null) {
            throw new ApiError(40058, "invalid msgid");
        }
        if (s.agentId() != tokenAgentId) {
            throw new ApiError(40058, "msgid was sent by another app");
        }
        if (clock.instant().isAfter(s.at().plus(RECALL_WINDOW))) {
            throw new ApiError(40058, "message older than 24 hours cannot be recalled");
        }
        inboxes.recall(msgid, s.members());
        counters.increment(RECALLED);
        return json.createObjectNode();
    }

    /** Keeps a long-running emulator's memory bounded: recall ends after 24 h, a check after its interval. */
    private void forgetOld(Instant now) {
        sent.values().removeIf(s -> now.isAfter(s.at().plus(RECALL_WINDOW)));
        recent.values().removeIf(r -> !now.isBefore(r.until()));
    }

    public void reset() {
        inboxes.clear();
        cards.clear();
        chats.clear();
        frequency.clear();
        sent.clear();
        recent.clear();
    }

    private void requireApp(int tokenAgentId, JsonNode body) {
        if (tokenAgentId == 0) {
            throw new ApiError(48002, "api forbidden: the contacts-sync secret cannot send messages");
        }
        JsonNode agent = body.path("agentid");
        int agentId;
        if (agent.isIntegralNumber()) {
            agentId = agent.asInt();
        } else if (agent.isString() && agent.asString().matches("\\d{1,10}")) {
            agentId = Integer.parseInt(agent.asString());
        } else {
            throw new ApiError(40056, "invalid agentid");
        }
        if (index().corp().app(agentId).isEmpty()) {
            throw new ApiError(40056, "invalid agentid");
        }
        if (agentId != tokenAgentId) {
            throw new ApiError(301002, "not allow operate another agent with this accesstoken.");
        }
    }

    /** The visible range of the sending app (checked to exist by {@link #requireApp}). */
    private Audience.Visible visible(int agentId) {
        Audience.Index i = index();
        return i.visible(i.corp().app(agentId).orElseThrow(() -> new ApiError(40056, "invalid agentid")));
    }

    private Audience.Index index() {
        EmulatedCorp c = corp.get();
        Audience.Index i = index;
        if (i == null || i.corp() != c) {
            i = new Audience.Index(c);
            index = i;
        }
        return i;
    }

    private String newMsgid() {
        byte[] b = new byte[36];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static String summary(String msgtype, JsonNode c) {
        return switch (msgtype) {
            case "text", "markdown" -> c.path("content").asString("");
            case "textcard", "video", "miniprogram_notice" -> c.path("title").asString("");
            case "news", "mpnews" -> c.path("articles").path(0).path("title").asString("");
            case "template_card" -> c.path("card_type").asString("") + ": "
                    + c.path("main_title").path("title").asString(c.path("sub_title_text").asString(""));
            default -> c.path("media_id").asString("");
        };
    }
}
