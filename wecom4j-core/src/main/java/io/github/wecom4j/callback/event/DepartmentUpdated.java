package io.github.wecom4j.callback.event;

import io.github.wecom4j.callback.CallbackMessage;

/**
 * change_contact / {@code update_party}: a department changed; {@code Name} and {@code ParentId} are
 * sent when they changed (null otherwise).
 */
public record DepartmentUpdated(CallbackMessage raw, Long id, String name, Long parentId) implements ChangeContactEvent {
}
