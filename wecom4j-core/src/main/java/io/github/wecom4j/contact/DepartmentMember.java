package io.github.wecom4j.contact;

/** One row of user/list_id (doc 96067): a member in one department; a member in two is two rows. */
public record DepartmentMember(String userId, long departmentId) {
}
