package io.github.wecom4j.callback.event;

import io.github.wecom4j.callback.CallbackMessage;

/**
 * change_contact / {@code create_party}: a department was added ({@code Id}, {@code Name},
 * {@code ParentId}, {@code Order}); absent or unreadable values are null.
 */
public record DepartmentCreated(CallbackMessage raw, Long id, String name, Long parentId, Long order)
        implements ChangeContactEvent {
}
