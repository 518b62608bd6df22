package io.github.wecom4j.contact;

import io.github.wecom4j.WeComApi;
import io.github.wecom4j.error.WeComValidationException;

/**
 * Which token a contacts call uses. Writes, {@code user/list_id} and async jobs need the
 * contacts-sync (通讯录同步) secret's token: any other token gets 48002 from WeCom, so without that
 * secret the SDK refuses up front and says what to configure. Reads use the reader: the
 * contacts-sync token by default, or an app's token (its visible range, its era's fields).
 */
final class ContactsCredentials {

    private final WeComApi sync;
    private final WeComApi reader;

    ContactsCredentials(WeComApi sync, WeComApi reader) {
        this.sync = sync;
        this.reader = reader;
    }

    WeComApi reader() {
        return reader;
    }

    WeComApi sync(String what) {
        if (sync == null) {
            throw new WeComValidationException(48002, what + " needs the contacts-sync (通讯录同步) secret's token, and no "
                    + "contacts secret is configured: set WeComConfig.builder(...).contactsSecret(...) (wecom.contacts-secret)");
        }
        return sync;
    }

    ContactsCredentials readingWith(WeComApi reader) {
        return new ContactsCredentials(sync, reader);
    }
}
