package io.github.wecom4j.emulator.message;

import io.github.wecom4j.emulator.ApiError;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Interactive template cards after they are sent (doc 94888 "更新模版卡片消息"): every response_code
 * (one from message/send, one per member interaction) may update the card once, within 72 hours;
 * an update changes what the members' inboxes show, for the task's recipients it names.
 */
public final class TemplateCards {

    /** doc 94888: "response_code的有效期是72小时". */
    public static final Duration CODE_VALIDITY = Duration.ofHours(72);

    /** A sent interactive card: which app, which message, which task, who received it. */
    public record SentCard(int agentId, String msgid, String taskId, String cardType, List<String> recipients) {
    }

    private record Code(SentCard card, Instant issuedAt) {
    }

    private final Clock clock;
    private final Inboxes inboxes;
    private final Map<String, Code> codes = new ConcurrentHashMap<>();
    private final Set<String> used = ConcurrentHashMap.newKeySet();
    private final Map<String, SentCard> byTask = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    TemplateCards(Clock clock, Inboxes inboxes) {
        this.clock = clock;
        this.inboxes = inboxes;
    }

    /** Records a sent card and returns its response_code. */
    String sent(SentCard card) {
        byTask.put(card.agentId() + "/" + card.taskId(), card);
        return issue(card);
    }

    /** A new single-use code for an interaction with this task's card (the callback carries it). */
    public Optional<String> codeForInteraction(int agentId, String taskId) {
        return Optional.ofNullable(byTask.get(agentId + "/" + taskId)).map(this::issue);
    }

    public Optional<SentCard> card(int agentId, String taskId) {
        return Optional.ofNullable(byTask.get(agentId + "/" + taskId));
    }

    /** True when a card with this task_id was already sent by the app (task_id is unique per app). */
    boolean taskUsed(int agentId, String taskId) {
        return byTask.containsKey(agentId + "/" + taskId);
    }

    private String issue(SentCard card) {
        byte[] b = new byte[24];
        random.nextBytes(b);
        String code = HexFormat.of().formatHex(b);
        codes.put(code, new Code(card, clock.instant()));
        return code;
    }

    /**
     * {@code POST /cgi-bin/message/update_template_card}. {@code members} resolves the body's
     * userids / partyids / tagids to userids; atall means every recipient of the task.
     */
    ObjectNode update(int tokenAgentId, JsonNode body, ObjectNode ok, java.util.function.Function<JsonNode, List<String>> members) {
        if (body.path("agentid").asInt(-1) != tokenAgentId) {
            throw new ApiError(301002, "agentid differs from the app of the access_token");
        }
        String responseCode = MessageBodyRules.text(body, "response_code");
        Code code = responseCode.isEmpty() ? null : codes.get(responseCode);
        if (code == null || code.card().agentId() != tokenAgentId) {
            throw new ApiError(40058, "invalid response_code");
        }
        if (clock.instant().isAfter(code.issuedAt().plus(CODE_VALIDITY))) {
            throw new ApiError(40058, "response_code expired: valid 72 hours");
        }
        JsonNode button = body.path("button");
        JsonNode card = body.path("template_card");
        if (button.isObject() == card.isObject()) {
            throw new ApiError(40058, "exactly one of button and template_card is required");
        }
        if (button.isObject()) {
            if (!TemplateCardRules.interactive(code.card().cardType())) {
                throw new ApiError(40058, "only button, vote and multiple interaction cards have buttons to update");
            }
            String name = MessageBodyRules.text(button, "replace_name");
            if (name.isBlank() || MessageBodyRules.bytes(name) > 64) {
                throw new ApiError(40058, "button.replace_name must be 1 to 64 bytes");
            }
        } else {
            TemplateCardRules.check(card);
        }
        List<String> targets = targets(code.card(), body, members);
        if (!used.add(responseCode)) {
            throw new ApiError(40058, "response_code already used: each code updates the card once");
        }
        for (String member : targets) {
            inboxes.update(code.card().msgid(), member, m -> button.isObject()
                    ? m.withContent(replacedButtons(m.content(), MessageBodyRules.text(button, "replace_name")))
                    : m.withContent(card.deepCopy()));
        }
        ok.put("invaliduser", "");
        return ok;
    }

    /**
     * A passive {@code update_button} reply to one member's click (doc 90240): only their copy
     * changes, as in WeCom. False when they have no copy of that message.
     */
    public boolean replaceButtonsFor(String msgid, String userId, String replaceName) {
        return inboxes.update(msgid, userId, m -> m.withContent(replacedButtons(m.content(), replaceName)));
    }

    /** The card as it shows once its buttons were replaced by one disabled button with this text. */
    public static JsonNode replacedButtons(JsonNode content, String replaceName) {
        ObjectNode c = content.isObject() ? (ObjectNode) content.deepCopy() : new tools.jackson.databind.node.ObjectNode(
                tools.jackson.databind.node.JsonNodeFactory.instance);
        c.remove(List.of("button_list", "button_selection", "checkbox", "select_list", "submit_button"));
        c.put("replace_text", replaceName);
        return c;
    }

    private static List<String> targets(SentCard card, JsonNode body, java.util.function.Function<JsonNode, List<String>> members) {
        if (body.path("atall").asInt(0) == 1) {
            return card.recipients();
        }
        if (body.path("userids").isEmpty() && body.path("partyids").isEmpty() && body.path("tagids").isEmpty()) {
            throw new ApiError(40058, "name userids, partyids or tagids, or set atall to 1");
        }
        if (body.path("userids").size() > 1000 || body.path("partyids").size() > 100 || body.path("tagids").size() > 100) {
            throw new ApiError(40058, "at most 1000 userids, 100 partyids and 100 tagids");
        }
        Set<String> named = new LinkedHashSet<>(members.apply(body));
        List<String> out = new ArrayList<>();
        for (String r : card.recipients()) {
            if (named.stream().anyMatch(n -> n.equalsIgnoreCase(r))) {
                out.add(r);
            }
        }
        return out;
    }

    void clear() {
        codes.clear();
        used.clear();
        byTask.clear();
    }
}
