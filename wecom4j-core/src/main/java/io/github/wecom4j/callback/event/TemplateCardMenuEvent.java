package io.github.wecom4j.callback.event;

import io.github.wecom4j.callback.CallbackMessage;

/**
 * Event {@code template_card_menu_event}: a member picked an entry of a card's top-right menu
 * ({@code action_menu}); {@link #eventKey()} is the entry's key.
 */
public record TemplateCardMenuEvent(CallbackMessage raw, String taskId, String cardType, String responseCode)
        implements CardInteraction {
}
