package io.github.wecom4j.callback.event;

import io.github.wecom4j.callback.CallbackMessage;

/** change_contact / {@code delete_user}: a member was removed. */
public record UserDeleted(CallbackMessage raw, String userId) implements ChangeContactEvent {
}
