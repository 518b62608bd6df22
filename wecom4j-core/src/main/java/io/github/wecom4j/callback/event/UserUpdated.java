package io.github.wecom4j.callback.event;

import io.github.wecom4j.callback.CallbackMessage;

/**
 * change_contact / {@code update_user}: a member changed. {@code user().userId()} is the userid
 * before the change; {@code newUserId} is set when the userid itself changed (null otherwise).
 */
public record UserUpdated(CallbackMessage raw, ChangedUser user, String newUserId) implements ChangeContactEvent {
}
