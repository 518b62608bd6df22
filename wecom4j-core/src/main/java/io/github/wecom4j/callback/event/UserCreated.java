package io.github.wecom4j.callback.event;

import io.github.wecom4j.callback.CallbackMessage;

/** change_contact / {@code create_user}: a member was added. */
public record UserCreated(CallbackMessage raw, ChangedUser user) implements ChangeContactEvent {
}
