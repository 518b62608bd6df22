package io.github.wecom4j.gateway.message;

import io.github.wecom4j.WeComClient;
import io.github.wecom4j.error.WeComValidationException;
import io.github.wecom4j.message.CardUpdateTarget;
import io.github.wecom4j.message.MessageJson;
import io.github.wecom4j.message.TemplateCardUpdates;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/cards/{responseCode}}: updates an interactive card a member acted on, through
 * {@code message/update_template_card} (doc 94888). The body is WeCom's, without the code (it is
 * in the path): {@code {"agentid"?, "button": {"replace_name": "Approved"}}} greys the buttons out,
 * {@code {"template_card": {...}}} replaces the card; {@code "atall": 1} (the default) or
 * {@code "userids"} / {@code "partyids"} / {@code "tagids"} say whose copy changes.
 *
 * <p>Sent at once, not through the outbox: a response code works once and for 72 hours, and the
 * caller (typically the consumer that received the click) must know whether it was used. WeCom's
 * refusal (40058: used, expired or unknown code) comes back as 502 with WeCom's errcode.
 */
@RestController
class CardController {

    private final WeComClient wecom;

    CardController(WeComClient wecom) {
        this.wecom = wecom;
    }

    @PostMapping(path = "/api/cards/{responseCode}", consumes = "application/json")
    Map<String, Object> update(@PathVariable String responseCode, @RequestBody String requestJson) {
        if (responseCode.length() > 256) {
            throw new WeComValidationException(40058, "response_code is longer than 256 characters");
        }
        JsonNode body = RequestBodies.object(requestJson);
        int agentId = RequestBodies.agentId(wecom, body);
        TemplateCardUpdates cards = wecom.app(agentId).templateCards();
        CardUpdateTarget target = target(body);
        boolean button = body.path("button").isObject();
        if (button == body.path("template_card").isObject()) {
            throw new WeComValidationException(40058, "give exactly one of button (replace_name) and template_card");
        }
        if (button) {
            cards.replaceButtons(responseCode, target, body.path("button").path("replace_name").asString(""));
        } else {
            cards.replaceCard(responseCode, target, MessageJson.parseTemplateCard(body.path("template_card")));
        }
        return Map.of("errcode", 0, "errmsg", "ok", "updated", button ? "button" : "template_card");
    }

    private static CardUpdateTarget target(JsonNode body) {
        boolean named = body.has("userids") || body.has("partyids") || body.has("tagids");
        if (!named || body.path("atall").asInt(0) == 1) {
            return CardUpdateTarget.everyone();
        }
        return new CardUpdateTarget(false, strings(body.path("userids")), longs(body.path("partyids")),
                longs(body.path("tagids")));
    }

    private static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.forEach(x -> out.add(x.asString("")));
        return out;
    }

    private static List<Long> longs(JsonNode n) {
        List<Long> out = new ArrayList<>();
        n.forEach(x -> out.add(x.asLong(-1)));
        return out;
    }
}
