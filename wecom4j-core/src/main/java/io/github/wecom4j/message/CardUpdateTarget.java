package io.github.wecom4j.message;

import java.util.List;

/**
 * Whose copy of a card {@code update_template_card} changes (doc 94888): everyone who received the
 * task ({@link #everyone()}), or named members, departments and tags (at most 1000 / 100 / 100).
 */
public record CardUpdateTarget(boolean allRecipients, List<String> userIds, List<Long> partyIds, List<Long> tagIds) {

    public CardUpdateTarget {
        userIds = List.copyOf(userIds);
        partyIds = List.copyOf(partyIds);
        tagIds = List.copyOf(tagIds);
    }

    /** Every recipient of the card ({@code atall: 1}). */
    public static CardUpdateTarget everyone() {
        return new CardUpdateTarget(true, List.of(), List.of(), List.of());
    }

    public static CardUpdateTarget users(String... userIds) {
        return new CardUpdateTarget(false, List.of(userIds), List.of(), List.of());
    }

    void validate() {
        if (!allRecipients && userIds.isEmpty() && partyIds.isEmpty() && tagIds.isEmpty()) {
            Check.fail("name the members, departments or tags whose card changes, or use CardUpdateTarget.everyone()");
        }
        Check.count(userIds, 0, 1000, "userids");
        Check.count(partyIds, 0, 100, "partyids");
        Check.count(tagIds, 0, 100, "tagids");
        userIds.forEach(u -> Check.required(u, "userids[]"));
    }

    void into(Json body) {
        if (allRecipients) {
            body.put("atall", 1);
            return;
        }
        body.put("userids", userIds.isEmpty() ? null : userIds);
        body.put("partyids", partyIds.isEmpty() ? null : partyIds);
        body.put("tagids", tagIds.isEmpty() ? null : tagIds);
    }
}
