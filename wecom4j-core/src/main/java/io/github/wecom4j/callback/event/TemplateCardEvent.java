package io.github.wecom4j.callback.event;

import io.github.wecom4j.callback.CallbackMessage;

import java.util.List;

/**
 * Event {@code template_card_event} (doc 90240 "模板卡片事件推送"): a member clicked a button of an
 * interactive card or submitted its choices. {@link #eventKey()} is the button's key (for vote and
 * multiple-choice cards, the submit button's); {@link #responseCode()} may be used once, within
 * 72 hours, with {@code message/update_template_card} (doc 94888) to change the card for them.
 */
public record TemplateCardEvent(CallbackMessage raw, String taskId, String cardType, String responseCode,
                                List<SelectedItem> selectedItems) implements CardInteraction {

    public TemplateCardEvent {
        selectedItems = List.copyOf(selectedItems);
    }

    /** One question of a vote / multiple-choice card ({@code SelectedItems/SelectedItem}) and the chosen option ids. */
    public record SelectedItem(String questionKey, List<String> optionIds) {
        public SelectedItem {
            optionIds = List.copyOf(optionIds);
        }
    }
}
