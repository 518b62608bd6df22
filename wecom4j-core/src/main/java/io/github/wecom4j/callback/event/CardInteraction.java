package io.github.wecom4j.callback.event;

/**
 * What a member did with an interactive template card: a button, a submit, or a top-right menu
 * entry. Both carry the card's {@code TaskId} (unique per app, chosen by the sender) and a
 * {@code ResponseCode} for one {@code update_template_card} within 72 hours.
 */
public sealed interface CardInteraction extends WeComEvent permits TemplateCardEvent, TemplateCardMenuEvent {

    String taskId();

    /** button_interaction, vote_interaction, multiple_interaction, text_notice, news_notice. */
    String cardType();

    String responseCode();
}
