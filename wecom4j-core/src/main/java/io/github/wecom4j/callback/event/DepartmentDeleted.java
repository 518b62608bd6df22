package io.github.wecom4j.callback.event;

import io.github.wecom4j.callback.CallbackMessage;

/** change_contact / {@code delete_party}: a department was removed. */
public record DepartmentDeleted(CallbackMessage raw, Long id) implements ChangeContactEvent {
}
