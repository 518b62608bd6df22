package io.github.wecom4j.gateway.directory;

import io.github.wecom4j.contact.Department;
import io.github.wecom4j.contact.DepartmentUpdate;
import io.github.wecom4j.contact.Member;
import io.github.wecom4j.contact.MemberStatus;
import io.github.wecom4j.contact.MemberUpdate;
import io.github.wecom4j.contact.Membership;
import io.github.wecom4j.contact.NewDepartment;
import io.github.wecom4j.contact.UserIds;
import io.github.wecom4j.error.WeComException;
import io.github.wecom4j.gateway.directory.SyncReport.Problem;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a desired org into the fewest WeCom writes, against the mirror (what WeCom holds, as far as
 * the gateway knows), after checking every row with WeCom's rules so a bad file is refused whole
 * rather than applied half-way. The order avoids WeCom refusing a later step because of an
 * earlier one: new departments top-down, department moves in the desired tree's order (a parent is
 * in place before its children move under it, so no move makes a cycle, 60010), members deleted
 * (freeing mobiles and emails), members changed and created, departments deleted deepest first
 * (empty by then, 60005/60006).
 */
final class SyncPlanner {

    /** WeCom's deepest department tree (81002). */
    private static final int MAX_DEPTH = 15;
    private static final long ROOT = 1;

    /** One write, with what the mirror should hold once WeCom accepted it. */
    sealed interface Write permits CreateDepartment, UpdateDepartment, DeleteDepartment, CreateMember, UpdateMember,
            DeleteMembers {
        SyncReport.Step step();

        /** Departments whose leaders the write changes ({@link Leadership}). */
        default Set<Long> leadershipChanged() {
            return Set.of();
        }
    }

    record CreateDepartment(NewDepartment request, Department after) implements Write {
        public SyncReport.Step step() {
            return new SyncReport.Step("create_party", Long.toString(after.id()), after.name() + " under " + after.parentId());
        }
    }

    record UpdateDepartment(DepartmentUpdate request, Department after, String changes) implements Write {
        public SyncReport.Step step() {
            return new SyncReport.Step("update_party", Long.toString(after.id()), changes);
        }
    }

    record DeleteDepartment(long id) implements Write {
        public SyncReport.Step step() {
            return new SyncReport.Step("delete_party", Long.toString(id), "");
        }
    }

    record CreateMember(Member request, Member after) implements Write {
        public SyncReport.Step step() {
            return new SyncReport.Step("create_user", after.userId(), "in " + after.departmentIds());
        }

        @Override
        public Set<Long> leadershipChanged() {
            return Leadership.changed(null, after);
        }
    }

    /** {@code before}: the mirror's member the plan was made from; {@code after}: it with the update applied. */
    record UpdateMember(MemberUpdate request, Member before, Member after, String changes, Set<Long> leadershipChanged)
            implements Write {
        public SyncReport.Step step() {
            return new SyncReport.Step("update_user", after.userId(), changes);
        }
    }


    /** user/batchdelete takes at most 200 userids (doc 90199). */
    record DeleteMembers(List<String> userIds) implements Write {
        public SyncReport.Step step() {
            return new SyncReport.Step("delete_user", String.join(",", userIds), userIds.size() + " members");
        }
    }

    /** The writes in order, or the invalid rows (then no writes). */
    record Plan(List<Write> writes, List<Problem> invalid) {
    }

    private final DesiredOrg desired;
    private final Map<Long, Department> current;
    private final List<Problem> invalid = new ArrayList<>();

    SyncPlanner(DesiredOrg desired, Map<Long, Department> currentDepartments) {
        this.desired = desired;
        this.current = currentDepartments;
    }

    /**
     * Plans against the mirror; {@code currentMembers} looks members up in batches (the mirror's
     * store), answering them by lower-case userid (userids are unique whatever their case, so a
     * file's "ZhangSan" updates "zhangsan"), and {@code allCurrentUserIds} lists the userids the
     * mirror holds, for deletions.
     */
    Plan plan(java.util.function.Function<List<String>, Map<String, Member>> currentMembers, List<String> allCurrentUserIds) {
        Map<Long, DesiredOrg.Department> wantedDeps = checkDepartments();
        Set<Long> knownDeps = new HashSet<>(wantedDeps != null ? wantedDeps.keySet() : current.keySet());
        knownDeps.add(ROOT);
        checkMembers(knownDeps);
        if (!invalid.isEmpty()) {
            return new Plan(List.of(), List.copyOf(invalid));
        }
        List<Write> writes = new ArrayList<>();
        if (wantedDeps != null) {
            planDepartments(wantedDeps, writes);
        }
        Set<String> wantedIds = new HashSet<>();
        desired.members().forEach(m -> wantedIds.add(m.userId().toLowerCase(Locale.ROOT)));
        List<String> gone = allCurrentUserIds.stream().filter(u -> !wantedIds.contains(u.toLowerCase(Locale.ROOT))).toList();
        for (int i = 0; i < gone.size(); i += 200) {
            writes.add(new DeleteMembers(gone.subList(i, Math.min(gone.size(), i + 200))));
        }
        for (int i = 0; i < desired.members().size(); i += DirectoryReconciler.BATCH) {
            List<DesiredOrg.Member> batch = desired.members().subList(i, Math.min(desired.members().size(), i + DirectoryReconciler.BATCH));
            Map<String, Member> known = currentMembers.apply(batch.stream().map(DesiredOrg.Member::userId).toList());
            for (DesiredOrg.Member m : batch) {
                Member before = known.get(m.userId().toLowerCase(Locale.ROOT));
                Write w = before == null ? create(m) : update(before, m);
                if (w != null) {
                    writes.add(w);
                }
            }
        }
        if (!invalid.isEmpty()) {
            // a new member that fails a rule an existing one is spared (a name, a mobile or an email):
            // refused like any invalid row, never left out of the plan unreported
            return new Plan(List.of(), List.copyOf(invalid));
        }
        if (wantedDeps != null) {
            current.values().stream().filter(d -> d.id() != ROOT && !wantedDeps.containsKey(d.id()))
                    .sorted(Comparator.comparingInt((Department d) -> depth(d.id(), id -> current.get(id) == null ? null
                            : current.get(id).parentId())).reversed())
                    .forEach(d -> writes.add(new DeleteDepartment(d.id())));
        }
        return new Plan(writes, List.of());
    }

    // ---- departments ---------------------------------------------------------------------------

    private Map<Long, DesiredOrg.Department> checkDepartments() {
        if (desired.departments() == null) {
            return null;
        }
        Map<Long, DesiredOrg.Department> byId = new HashMap<>();
        for (DesiredOrg.Department d : desired.departments()) {
            if (byId.putIfAbsent(d.id(), d) != null) {
                invalid.add(Problem.department(d.row(), Long.toString(d.id()), 40058, "department " + d.id() + " is listed twice"));
            }
        }
        Set<String> siblingNames = new HashSet<>();
        for (DesiredOrg.Department d : desired.departments()) {
            String key = Long.toString(d.id());
            try {
                new NewDepartment(d.name(), null, d.parentId(), d.order(), d.id());
            } catch (WeComException e) {
                invalid.add(Problem.department(d.row(), key, e.errcode(), e.errmsg()));
                continue;
            }
            if (d.parentId() != ROOT && !byId.containsKey(d.parentId())) {
                invalid.add(Problem.department(d.row(), key, 60004, "parent " + d.parentId() + " is neither the root (1) nor"
                        + " a department of the file"));
                continue;
            }
            if (!siblingNames.add(d.parentId() + "/" + d.name())) {
                invalid.add(Problem.department(d.row(), key, 60008, "another department under " + d.parentId()
                        + " is named '" + d.name() + "'"));
            }
            int depth = depth(d.id(), id -> byId.get(id) == null ? null : byId.get(id).parentId());
            if (depth < 0) {
                invalid.add(Problem.department(d.row(), key, 60010, "department " + d.id() + " is its own ancestor (a cycle)"));
            } else if (depth > MAX_DEPTH) {
                invalid.add(Problem.department(d.row(), key, 81002, "more than " + MAX_DEPTH + " levels below the root"));
            }
        }
        return byId;
    }

    /** Levels below the root following {@code parent}; -1 on a cycle. */
    private static int depth(long id, java.util.function.LongFunction<Long> parent) {
        Set<Long> seen = new HashSet<>();
        int depth = 0;
        long at = id;
        while (at != ROOT) {
            if (!seen.add(at)) {
                return -1;
            }
            Long p = parent.apply(at);
            if (p == null || p == 0) {
                return depth;
            }
            at = p;
            depth++;
        }
        return depth;
    }

    private void planDepartments(Map<Long, DesiredOrg.Department> wanted, List<Write> writes) {
        List<DesiredOrg.Department> topDown = new ArrayList<>(wanted.values());
        topDown.sort(Comparator.comparingInt((DesiredOrg.Department d) -> depth(d.id(), id -> wanted.get(id) == null ? null
                : wanted.get(id).parentId())).thenComparingLong(DesiredOrg.Department::id));
        for (DesiredOrg.Department d : topDown) {
            Department before = current.get(d.id());
            if (before == null) {
                NewDepartment request = new NewDepartment(d.name(), null, d.parentId(), d.order(), d.id());
                writes.add(new CreateDepartment(request, new Department(d.id(), d.name(), "", d.parentId(),
                        d.order() == null ? 0 : d.order(), List.of())));
                continue;
            }
            DepartmentUpdate u = DepartmentUpdate.of(d.id());
            List<String> changes = new ArrayList<>();
            if (!before.name().equals(d.name())) {
                u = u.name(d.name());
                changes.add("name");
            }
            if (before.parentId() != d.parentId()) {
                u = u.parentId(d.parentId());
                changes.add("parent " + before.parentId() + " -> " + d.parentId());
            }
            if (d.order() != null && before.order() != d.order()) {
                u = u.order(d.order());
                changes.add("order");
            }
            if (!changes.isEmpty()) {
                writes.add(new UpdateDepartment(u, new Department(d.id(), d.name(), before.nameEn(), d.parentId(),
                        d.order() == null ? before.order() : d.order(), before.leaders()), String.join(", ", changes)));
            }
        }
    }

    // ---- members -------------------------------------------------------------------------------

    private void checkMembers(Set<Long> knownDeps) {
        Set<String> ids = new HashSet<>();
        Map<String, String> mobiles = new HashMap<>();
        Map<String, String> emails = new HashMap<>();
        for (DesiredOrg.Member m : desired.members()) {
            String key = m.userId();
            if (!UserIds.valid(m.userId())) {
                invalid.add(Problem.member(m.row(), key, 40003, "invalid userid '" + key + "': 1-64 letters, digits or _-@.,"
                        + " starting with a letter or digit"));
                continue;
            }
            if (!ids.add(key.toLowerCase(Locale.ROOT))) {
                invalid.add(Problem.member(m.row(), key, 60102, "userid " + key + " is listed twice (userids are unique"
                        + " whatever their case)"));
                continue;
            }
            if (m.memberships().isEmpty()) {
                invalid.add(Problem.member(m.row(), key, 60127, "a member needs at least one department"));
                continue;
            }
            List<Long> unknown = m.memberships().stream().map(Membership::departmentId).filter(d -> !knownDeps.contains(d)).toList();
            if (!unknown.isEmpty()) {
                invalid.add(Problem.member(m.row(), key, 60003, "unknown department(s) " + unknown));
                continue;
            }
            if (m.mainDepartment() != null && m.memberships().stream().noneMatch(x -> x.departmentId() == m.mainDepartment())) {
                invalid.add(Problem.member(m.row(), key, 60003, "mainDepartment " + m.mainDepartment()
                        + " is not one of the member's departments"));
                continue;
            }
            if (m.mobile() != null && !m.mobile().isEmpty() && mobiles.putIfAbsent(m.mobile(), key) != null) {
                invalid.add(Problem.member(m.row(), key, 60104, "mobile " + m.mobile() + " is also "
                        + mobiles.get(m.mobile()) + "'s"));
                continue;
            }
            if (m.email() != null && !m.email().isEmpty()
                    && emails.putIfAbsent(m.email().toLowerCase(Locale.ROOT), key) != null) {
                invalid.add(Problem.member(m.row(), key, 60106, "email " + m.email() + " is also "
                        + emails.get(m.email().toLowerCase(Locale.ROOT)) + "'s"));
                continue;
            }
            try {
                // WeCom's field rules (name, mobile and email format, departments), with WeCom's errcodes
                asNew(m);
            } catch (WeComException e) {
                if (e.errcode() != 60129 && e.errcode() != 60112) {
                    invalid.add(Problem.member(m.row(), key, e.errcode(), e.errmsg()));
                }
            }
        }
    }

    private static Member asNew(DesiredOrg.Member m) {
        Member.Builder b = Member.builder(m.userId(), m.name() == null ? m.userId() : m.name());
        m.memberships().forEach(b::department);
        if (m.mainDepartment() != null) {
            b.mainDepartment(m.mainDepartment());
        }
        b.alias(m.alias()).position(m.position()).mobile(m.mobile()).email(m.email()).gender(m.gender())
                .telephone(m.telephone()).address(m.address()).enabled(m.enabled() == null || m.enabled());
        return b.build();
    }

    private Write create(DesiredOrg.Member m) {
        if (m.name() == null) {
            invalid.add(Problem.member(m.row(), m.userId(), 60112, "a new member needs a name"));
            return null;
        }
        Member request;
        try {
            request = asNew(m);
        } catch (WeComException e) {
            invalid.add(Problem.member(m.row(), m.userId(), e.errcode(), e.errmsg()));
            return null;
        }
        long main = m.mainDepartment() != null ? m.mainDepartment() : m.memberships().get(0).departmentId();
        // WeCom's state for a new member: not activated until they join, or disabled (doc 90196)
        Member after = new Member(request.userId(), request.name(), request.alias(), request.memberships(), main,
                request.position(), request.mobile(), request.email(), request.bizMail(), request.gender(), request.telephone(),
                request.address(), m.enabled() == null || m.enabled() ? MemberStatus.NOT_ACTIVATED : MemberStatus.DISABLED,
                request.directLeaders(), request.extAttrs(), request.externalPosition(), null);
        return new CreateMember(request, after);
    }

    private Write update(Member before, DesiredOrg.Member m) {
        MemberUpdate u = MemberUpdate.of(before.userId());
        List<String> changes = new ArrayList<>();
        String name = pick(m.name(), before.name(), changes, "name");
        String alias = pick(m.alias(), before.alias(), changes, "alias");
        String position = pick(m.position(), before.position(), changes, "position");
        String mobile = pick(m.mobile(), before.mobile(), changes, "mobile");
        String email = pick(m.email(), before.email(), changes, "email");
        String telephone = pick(m.telephone(), before.telephone(), changes, "telephone");
        String address = pick(m.address(), before.address(), changes, "address");
        var gender = m.gender() != null && m.gender() != before.gender() ? m.gender() : before.gender();
        if (gender != before.gender()) {
            changes.add("gender");
        }
        MemberStatus status = before.status();
        boolean enabledBefore = before.status() != MemberStatus.DISABLED;
        if (m.enabled() != null && m.enabled() != enabledBefore) {
            changes.add(m.enabled() ? "enabled" : "disabled");
            status = m.enabled() ? MemberStatus.NOT_ACTIVATED : MemberStatus.DISABLED;
            u = u.enabled(m.enabled());
        }
        List<Membership> memberships = before.memberships();
        List<Membership> wanted = keepOrderAndLeadership(before, m.placements());
        if (!before.memberships().equals(wanted)) {
            memberships = wanted;
            u = u.memberships(memberships);
            changes.add("departments " + before.departmentIds() + " -> " + m.memberships().stream().map(Membership::departmentId).toList());
        }
        Long main = before.mainDepartment();
        long wantedMain = m.mainDepartment() != null ? m.mainDepartment()
                : memberships.stream().anyMatch(x -> Objects.equals(x.departmentId(), before.mainDepartment()))
                ? before.mainDepartment() : memberships.get(0).departmentId();
        if (!Objects.equals(main, wantedMain)) {
            main = wantedMain;
            u = u.mainDepartment(wantedMain);
            changes.add("main department");
        }
        if (changes.isEmpty()) {
            return null;
        }
        if (!name.equals(before.name())) {
            u = u.name(name);
        }
        if (!alias.equals(before.alias())) {
            u = u.alias(alias);
        }
        if (!position.equals(before.position())) {
            u = u.position(position);
        }
        if (!mobile.equals(before.mobile())) {
            u = u.mobile(mobile);
        }
        if (!email.equals(before.email())) {
            u = u.email(email);
        }
        if (!telephone.equals(before.telephone())) {
            u = u.telephone(telephone);
        }
        if (!address.equals(before.address())) {
            u = u.address(address);
        }
        if (gender != before.gender()) {
            u = u.gender(gender);
        }
        Member after = new Member(before.userId(), name, alias, memberships, main, position, mobile, email, before.bizMail(),
                gender, telephone, address, status, before.directLeaders(), before.extAttrs(), before.externalPosition(), null);
        return new UpdateMember(u, before, after, String.join(", ", changes), Leadership.changed(before, after));
    }

    /**
     * Where the input leaves a department's order or leadership out (a bare id, or an object
     * without the field), the member keeps what WeCom holds there: an HR file that lists ids only
     * does not reset what an administrator set, and one that says {@code "leader": false} ends a
     * leadership.
     */
    private static List<Membership> keepOrderAndLeadership(Member before, List<DesiredOrg.Placement> wanted) {
        return wanted.stream().map(w -> {
            Optional<Membership> had = before.membership(w.departmentId());
            long order = w.order() != null ? w.order() : had.map(Membership::order).orElse(0L);
            boolean leader = w.leader() != null ? w.leader() : had.map(Membership::leader).orElse(false);
            return new Membership(w.departmentId(), order, leader);
        }).toList();
    }

    private static String pick(String wanted, String before, List<String> changes, String field) {
        if (wanted == null || wanted.equals(before)) {
            return before;
        }
        changes.add(field);
        return wanted;
    }
}
