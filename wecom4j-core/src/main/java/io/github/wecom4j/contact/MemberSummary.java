package io.github.wecom4j.contact;

import java.util.List;

/** A member as user/simplelist and tag/get give it: userid, name, department ids. */
public record MemberSummary(String userId, String name, List<Long> departmentIds) {
    public MemberSummary {
        departmentIds = departmentIds == null ? List.of() : List.copyOf(departmentIds);
    }
}
