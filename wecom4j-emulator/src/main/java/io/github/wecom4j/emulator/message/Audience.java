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
 * The emulated corp has no tags, so every tag is reported invalid.
 */
record Audience(List<String> members, List<String> invalidUsers, List<String> invalidParties, List<String> invalidTags) {

    /** Per-corp lookup tables, built once per corp instance (a corp can have 10,000+ members). */
    static final class Index {
        private final EmulatedCorp corp;
        private final Map<String, EmulatedMember> byUserId = new HashMap<>();
        private final Map<Long, List<Long>> children = new HashMap<>();
        private final Map<Long, List<EmulatedMember>> membersByDept = new HashMap<>();

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
    }

    static Audience resolve(Index index, JsonNode body) {
        String touser = MessageBodyRules.text(body, "touser").trim();
        Set<String> members = new LinkedHashSet<>();
        List<String> badUsers = new ArrayList<>();
        List<String> badParties = new ArrayList<>();
        List<String> badTags = new ArrayList<>();
        if (touser.equals("@all")) {
            index.corp.members().stream().filter(Audience::active).forEach(m -> members.add(m.userId()));
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
            if (m == null || !active(m)) {
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
            if (index.corp.department(id).isEmpty()) {
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
