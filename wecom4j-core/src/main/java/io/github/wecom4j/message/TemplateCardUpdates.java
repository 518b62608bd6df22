package io.github.wecom4j.message;

import io.github.wecom4j.WeComApi;
import io.github.wecom4j.error.WeComValidationException;

/**
 * {@code message/update_template_card} (doc 94888): changes a sent interactive card for its
 * recipients, with a {@code response_code} from the send ({@link SendResult#responseCode()}) or from
 * a member's click ({@code TemplateCardEvent#responseCode()}). Each code works <b>once</b> and only
 * for <b>72 hours</b>; WeCom refuses a used or expired one, so keep the newest code per card.
 */
public final class TemplateCardUpdates {

    static final String UPDATE = "/cgi-bin/message/update_template_card";

    private final WeComApi api;
    private final int agentId;

    public TemplateCardUpdates(WeComApi api, int agentId) {
        this.api = api;
        this.agentId = agentId;
    }

    /**
     * Greys the card's buttons out into one disabled button reading {@code replaceName} (button,
     * vote and multiple-choice cards only), e.g. "Approved".
     */
    public void replaceButtons(String responseCode, CardUpdateTarget target, String replaceName) {
        Check.required(replaceName, "button.replace_name");
        Check.maxBytes(replaceName, 64, "button.replace_name");
        post(responseCode, target, Json.object().put("replace_name", replaceName).build(), null);
    }

    /** Replaces the whole card with another one of any type. */
    public void replaceCard(String responseCode, CardUpdateTarget target, TemplateCardMessage card) {
        if (card == null) {
            throw new WeComValidationException(Check.INVALID_PARAMETER, "template_card is required");
        }
        card.validate();
        post(responseCode, target, null, card.payload());
    }

    private void post(String responseCode, CardUpdateTarget target, Object button, Object card) {
        Check.required(responseCode, "response_code");
        if (target == null) {
            throw new WeComValidationException(Check.INVALID_PARAMETER, "a CardUpdateTarget is required");
        }
        target.validate();
        Json body = Json.object();
        target.into(body);
        body.put("agentid", agentId).put("response_code", responseCode).put("button", button).put("template_card", card);
        api.post(UPDATE, body.build());
    }
}
