package io.github.wecom4j.gateway.directory;

import io.github.wecom4j.contact.Gender;
import io.github.wecom4j.contact.Membership;

import java.util.List;

/**
 * The org an HR system wants WeCom to hold. {@code departments} null = departments are not managed
 * by this sync (members may use any department WeCom has); a list = exactly these below the root
 * (id 1, never listed). Members are always managed: a member WeCom has and the list lacks is
 * deleted. A member field left null is not managed (WeCom's value stays).
 */
record DesiredOrg(List<Department> departments, List<Member> members) {

    /** A department with the id the HR system gives it (WeCom takes ids > 1, doc 90205). */
    record Department(int row, long id, String name, long parentId, Long order) {
    }

    /** A member; {@code row} is its line in the input (1-based), for the report. */
    record Member(int row, String userId, String name, String alias, String position, String mobile, String email,
                  Gender gender, String telephone, String address, Boolean enabled, List<Placement> placements,
                  Long mainDepartment) {

        /** The departments, with order 0 and no leadership where the input leaves them out. */
        List<Membership> memberships() {
            return placements.stream().map(p -> new Membership(p.departmentId(), p.order() == null ? 0 : p.order(),
                    Boolean.TRUE.equals(p.leader()))).toList();
        }
    }

    /**
     * A department of a member: {@code order} and {@code leader} null where the input does not
     * give them (a bare id), so the member keeps what WeCom holds there.
     */
    record Placement(long departmentId, Long order, Boolean leader) {
    }
}
