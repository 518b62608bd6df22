package io.github.wecom4j.emulator.message;

import io.github.wecom4j.emulator.ApiError;
import io.github.wecom4j.emulator.corp.EmulatedCorp;
import io.github.wecom4j.emulator.corp.EmulatedDepartment;
import io.github.wecom4j.emulator.corp.EmulatedMember;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Resolves {@code touser}/{@code toparty}/{@code totag} to members the way doc 90236 describes:
 * ids separated by {@code |} (spaces trimmed), at most 1000 users, 100 departments and 100 tags
 * (40035 beyond), {@code @all} = every active member, a department reaches its sub-departments,
 * unknown ids are reported back (userids lower-cased) while the rest still receive the message.
 * Only the sending app's visible range receives (doc 90236: "常见的原因是接收人不在应用的可见范围内"):
 * a member or department outside it is reported invalid like an unknown one, and {@code @all} means
 * every active member the app sees; all outside it is 81013.
 * The emulated corp has no tags, so every tag is reported invalid.
 */
record Audience(List<String> members, List<String> invalidUsers, List<String> invalidParties, List<String> invalidTags) {

    /** Per-corp lookup tables, built once per corp instance (a corp can have 10,000+ members). */
    static final class Index {
        private final EmulatedCorp corp;
        private final Map<String, EmulatedMember> byUserId = new HashMap<>();
        private final Map<Long, List<Long>> children = new HashMap<>();
        private final Map<Long, List<EmulatedMember>> membersByDept = new HashMap<>();
        /** Each app's visible range, computed once per corp instance (a send must not walk the tree). */
        private final Map<Integer, Visible> visibleByApp = new java.util.concurrent.ConcurrentHashMap<>();

        Index(EmulatedCorp corp) {
            this.corp = corp;
            for (EmulatedMember m : corp.members()) {
                byUserId.put(m.userId().toLowerCase(Locale.ROOT), m);
                for (long d : m.departments()) {
                    membersByDept.computeIfAbsent(d, k -> new ArrayList<>()).add(m);
                }
            }
            for (EmulatedDepartment d : corp.departments()) {
                children.computeIfAbsent(d.parentId(), k -> new ArrayList<>()).add(d.id());
            }
        }

        EmulatedCorp corp() {
            return corp;
        }

        Visible visible(io.github.wecom4j.emulator.corp.EmulatedApp app) {
            return visibleByApp.computeIfAbsent(app.agentId(), id -> Visible.of(this, app));
        }
    }

    /** What one app sees: its visible departments with their descendants, and members named one by one. */
    record Visible(Set<Long> departments, Set<String> users) {

        static Visible of(Index index, io.github.wecom4j.emulator.corp.EmulatedApp app) {
            Set<Long> departments = new java.util.HashSet<>();
            for (long root : app.visibleDepartments()) {
                if (index.corp.department(root).isPresent()) {
                    collect(index, root, departments);
                }
            }
            Set<String> users = new java.util.HashSet<>();
            app.visibleUsers().forEach(u -> users.add(u.toLowerCase(Locale.ROOT)));
            return new Visible(departments, users);
        }

        private static void collect(Index index, long id, Set<Long> out) {
            if (out.add(id)) {
                for (long child : index.children.getOrDefault(id, List.of())) {
                    collect(index, child, out);
                }
            }
        }

        boolean sees(EmulatedMember m) {
            if (users.contains(m.userId().toLowerCase(Locale.ROOT))) {
                return true;
            }
            for (long d : m.departments()) {
                if (departments.contains(d)) {
                    return true;
                }
            }
            return false;
        }
    }

    static Audience resolve(Index index, Visible visible, JsonNode body) {
        String touser = MessageBodyRules.text(body, "touser").trim();
        Set<String> members = new LinkedHashSet<>();
        List<String> badUsers = new ArrayList<>();
        List<String> badParties = new ArrayList<>();
        List<String> badTags = new ArrayList<>();
        if (touser.equals("@all")) {
            index.corp.members().stream().filter(Audience::active).filter(visible::sees).forEach(m -> members.add(m.userId()));
            if (members.isEmpty()) {
                throw new ApiError(81013, "user & party & tag all invalid");
            }
            return new Audience(List.copyOf(members), badUsers, badParties, badTags);
        }
        List<String> users = split(touser);
        List<String> parties = split(MessageBodyRules.text(body, "toparty"));
        List<String> tags = split(MessageBodyRules.text(body, "totag"));
        if (users.isEmpty() && parties.isEmpty() && tags.isEmpty()) {
            throw new ApiError(82001, "All touser & toparty & totag invalid");
        }
        if (users.size() > 1000 || parties.size() > 100 || tags.size() > 100) {
            throw new ApiError(40035, "invalid parameter: touser > 1000 or toparty > 100 or totag > 100");
        }
        for (String u : users) {
            EmulatedMember m = index.byUserId.get(u.toLowerCase(Locale.ROOT));
            if (m == null || !active(m) || !visible.sees(m)) {
                badUsers.add(u.toLowerCase(Locale.ROOT));
            } else {
                members.add(m.userId());
            }
        }
        for (String p : parties) {
            long id;
            try {
                id = Long.parseLong(p);
            } catch (NumberFormatException e) {
                badParties.add(p);
                continue;
            }
            if (index.corp.department(id).isEmpty() || !visible.departments().contains(id)) {
                badParties.add(p);
                continue;
            }
            addDepartment(index, id, members);
        }
        badTags.addAll(tags);
        if (members.isEmpty()) {
            throw new ApiError(81013, "user & party & tag all invalid");
        }
        return new Audience(List.copyOf(members), badUsers, badParties, badTags);
    }

    private static void addDepartment(Index index, long id, Set<String> out) {
        for (EmulatedMember m : index.membersByDept.getOrDefault(id, List.of())) {
            if (active(m)) {
                out.add(m.userId());
            }
        }
        for (long child : index.children.getOrDefault(id, List.of())) {
            addDepartment(index, child, out);
        }
    }

    /** status 1 activated and 4 not yet activated receive; 2 disabled and 5 left do not. */
    private static boolean active(EmulatedMember m) {
        return m.status() == 1 || m.status() == 4;
    }

    private static List<String> split(String s) {
        List<String> out = new ArrayList<>();
        for (String part : s.split("\\|")) {
            String t = part.trim();
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }
}
