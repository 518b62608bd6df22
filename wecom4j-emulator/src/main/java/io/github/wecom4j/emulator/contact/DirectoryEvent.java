package io.github.wecom4j.emulator.contact;

import io.github.wecom4j.emulator.corp.EmulatedDepartment;
import io.github.wecom4j.emulator.corp.EmulatedMember;

import java.util.List;

/**
 * A change of the emulated directory. The stores publish these; other resources react to them
 * (a deleted member leaves its tags) and the change_contact notifier turns them into callbacks.
 */
public sealed interface DirectoryEvent {

    Origin origin();

    record DepartmentCreated(Origin origin, EmulatedDepartment department) implements DirectoryEvent {
    }

    record DepartmentUpdated(Origin origin, EmulatedDepartment before, EmulatedDepartment after) implements DirectoryEvent {
    }

    record DepartmentDeleted(Origin origin, EmulatedDepartment department) implements DirectoryEvent {
    }

    record MemberCreated(Origin origin, EmulatedMember member) implements DirectoryEvent {
    }

    record MemberUpdated(Origin origin, EmulatedMember before, EmulatedMember after) implements DirectoryEvent {
    }

    record MemberDeleted(Origin origin, EmulatedMember member) implements DirectoryEvent {
    }

    record TagMembersChanged(Origin origin, int tagId, List<String> addedUsers, List<String> removedUsers,
                             List<Long> addedParties, List<Long> removedParties) implements DirectoryEvent {
    }
}
