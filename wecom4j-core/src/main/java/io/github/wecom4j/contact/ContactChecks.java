package io.github.wecom4j.contact;

import io.github.wecom4j.error.WeComValidationException;

/** Local checks shared by the contacts services. */
final class ContactChecks {

    private ContactChecks() {
    }

    static void requireUserId(String userId) {
        if (!UserIds.valid(userId)) {
            throw new WeComValidationException(40003,
                    "userid must be 1-64 letters, digits or _-@. (got " + (userId == null ? "null" : "'" + userId + "'") + ")");
        }
    }
}
