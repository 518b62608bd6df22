package io.github.wecom4j.contact;

import java.util.List;

/**
 * A member (doc 90196). A member belongs to one or more departments ({@code departmentIds}),
 * and {@code mainDepartment} is one of them. {@code status}: 1 active, 2 disabled, 4 not activated,
 * 5 left.
 */
public record User(String userId, String name, List<Long> departmentIds, Long mainDepartment, String position,
                   String mobile, String email, int status) {
    public User {
        departmentIds = departmentIds == null ? List.of() : List.copyOf(departmentIds);
    }
}
