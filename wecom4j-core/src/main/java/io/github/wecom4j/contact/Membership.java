package io.github.wecom4j.contact;

/**
 * A member's place in one department: WeCom sends these as three index-aligned arrays
 * ({@code department}, {@code order}, {@code is_leader_in_dept}); here they are one value.
 */
public record Membership(long departmentId, long order, boolean leader) {

    public static Membership in(long departmentId) {
        return new Membership(departmentId, 0, false);
    }
}
