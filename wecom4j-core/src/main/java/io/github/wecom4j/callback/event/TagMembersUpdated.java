package io.github.wecom4j.callback.event;

import io.github.wecom4j.callback.CallbackMessage;

import java.util.List;

/**
 * change_contact / {@code update_tag}: a tag's members changed: {@code AddUserItems},
 * {@code DelUserItems} (userids), {@code AddPartyItems}, {@code DelPartyItems} (department ids).
 */
public record TagMembersUpdated(CallbackMessage raw, Long tagId, List<String> addedUsers, List<String> removedUsers,
                                List<Long> addedDepartments, List<Long> removedDepartments) implements ChangeContactEvent {
    public TagMembersUpdated {
        addedUsers = List.copyOf(addedUsers);
        removedUsers = List.copyOf(removedUsers);
        addedDepartments = List.copyOf(addedDepartments);
        removedDepartments = List.copyOf(removedDepartments);
    }
}
