package io.github.wecom4j.contact;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A change to a member (doc 90197): only the fields given are sent, so only they change.
 * Immutable: each method returns a new update.
 *
 * <pre>{@code
 * members.update(MemberUpdate.of("lisi").position("CTO").memberships(List.of(new Membership(2, 10, true))));
 * }</pre>
 */
public final class MemberUpdate {

    private final String userId;
    private final Map<String, Object> fields;

    private MemberUpdate(String userId, Map<String, Object> fields) {
        this.userId = userId;
        this.fields = fields;
    }

    public static MemberUpdate of(String userId) {
        ContactChecks.requireUserId(userId);
        return new MemberUpdate(userId, Map.of());
    }

    public String userId() {
        return userId;
    }

    /** True when nothing would change. */
    public boolean isEmpty() {
        return fields.isEmpty();
    }

    public MemberUpdate name(String name) {
        MemberRules.requireName(name);
        return with("name", name);
    }

    public MemberUpdate alias(String alias) {
        return with("alias", alias);
    }

    public MemberUpdate position(String position) {
        return with("position", position);
    }

    public MemberUpdate mobile(String mobile) {
        MemberRules.requireMobile(mobile);
        return with("mobile", mobile);
    }

    public MemberUpdate email(String email) {
        MemberRules.requireEmail(email);
        return with("email", email);
    }

    public MemberUpdate gender(Gender gender) {
        return with("gender", gender.code());
    }

    public MemberUpdate telephone(String telephone) {
        return with("telephone", telephone);
    }

    public MemberUpdate address(String address) {
        return with("address", address);
    }

    public MemberUpdate enabled(boolean enabled) {
        return with("enable", enabled ? 1 : 0);
    }

    public MemberUpdate mainDepartment(long departmentId) {
        return with("main_department", departmentId);
    }

    public MemberUpdate directLeaders(List<String> userIds) {
        return with("direct_leader", List.copyOf(userIds));
    }

    /** The member's departments as a whole (moves, joins, leaves), with order and leadership. */
    public MemberUpdate memberships(List<Membership> memberships) {
        MemberRules.requireMemberships(memberships);
        MemberUpdate u = with("department", memberships.stream().map(Membership::departmentId).toList());
        u = u.with("order", memberships.stream().map(Membership::order).toList());
        return u.with("is_leader_in_dept", memberships.stream().map(m -> m.leader() ? 1 : 0).toList());
    }

    public MemberUpdate extAttrs(List<ExtAttr> attrs) {
        return with("extattr", MemberJson.extAttrBody(attrs));
    }

    private MemberUpdate with(String field, Object value) {
        Map<String, Object> f = new LinkedHashMap<>(fields);
        f.put(field, value == null ? "" : value);
        return new MemberUpdate(userId, f);
    }

    Map<String, Object> body() {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("userid", userId);
        b.putAll(fields);
        return b;
    }
}
