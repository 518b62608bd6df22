package io.github.wecom4j.contact;

import java.util.List;

/** Who carries a tag (doc 90213): members (userid + name) and whole departments. */
public record TagMembers(int tagId, String name, List<MemberSummary> members, List<Long> departmentIds) {
    public TagMembers {
        members = List.copyOf(members);
        departmentIds = List.copyOf(departmentIds);
    }
}
