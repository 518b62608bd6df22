package io.github.wecom4j.gateway.directory;

import io.github.wecom4j.contact.Member;
import io.github.wecom4j.contact.Membership;

import java.util.HashSet;
import java.util.Set;

/**
 * Which departments a member leads (is_leader_in_dept, doc 90196). WeCom lists those members as
 * the department's leaders (department_leader, doc 90208) and announces no department change when
 * a member starts or stops leading, so whoever changes a member refreshes those departments.
 */
final class Leadership {

    private Leadership() {
    }

    /** The departments the member leads; none for no member. */
    static Set<Long> led(Member m) {
        Set<Long> out = new HashSet<>();
        if (m != null) {
            m.memberships().stream().filter(Membership::leader).forEach(x -> out.add(x.departmentId()));
        }
        return out;
    }

    /** The departments led before or after, not both: those whose leaders changed. */
    static Set<Long> changed(Member before, Member after) {
        Set<Long> out = led(before);
        out.addAll(led(after));
        Set<Long> throughout = led(before);
        throughout.retainAll(led(after));
        out.removeAll(throughout);
        return Set.copyOf(out);
    }
}
