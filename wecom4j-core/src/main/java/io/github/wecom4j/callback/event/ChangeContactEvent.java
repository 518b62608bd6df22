package io.github.wecom4j.callback.event;

/**
 * Event {@code change_contact} (doc 90970 members, 90971 departments, 90972 tags): the directory
 * changed. FromUserName is {@code sys} and there is no AgentID. Since 2022-08-15, callbacks
 * configured for the contacts-sync secret carry only UserID/Department (members) and Id/ParentId
 * (departments): every other field is then absent (null, or an empty list).
 */
public sealed interface ChangeContactEvent extends WeComEvent
        permits UserCreated, UserUpdated, UserDeleted, DepartmentCreated, DepartmentUpdated, DepartmentDeleted,
        TagMembersUpdated, OtherContactChange {

    /** {@code ChangeType}: create_user, update_user, delete_user, create_party, update_party, delete_party, update_tag. */
    default String changeType() {
        return raw().fields().getOrDefault("ChangeType", "");
    }
}
