package io.github.wecom4j.message;

import java.util.List;

/**
 * WeCom's answer to one {@code message/send} call (doc 90236). Recipients that do not exist or are
 * outside the app's visible range are listed, lower-cased, while the others still receive it;
 * when all are invalid WeCom answers 81013, which is reported here as {@link #errcode()} 81013 and
 * the whole batch as invalid, so one bad batch does not hide the results of the others.
 *
 * @param responseCode only for interactive template cards, for message/update_template_card
 */
public record SendResult(int errcode, String msgid, List<String> invalidUsers, List<String> invalidParties,
                         List<String> invalidTags, List<String> unlicensedUsers, String responseCode) {

    public SendResult {
        invalidUsers = List.copyOf(invalidUsers);
        invalidParties = List.copyOf(invalidParties);
        invalidTags = List.copyOf(invalidTags);
        unlicensedUsers = List.copyOf(unlicensedUsers);
    }

    public boolean delivered() {
        return errcode == 0;
    }

    public boolean partiallyInvalid() {
        return !invalidUsers.isEmpty() || !invalidParties.isEmpty() || !invalidTags.isEmpty();
    }
}
