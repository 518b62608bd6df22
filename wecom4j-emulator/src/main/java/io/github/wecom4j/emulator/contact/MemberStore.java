package io.github.wecom4j.emulator.contact;

import io.github.wecom4j.emulator.ApiError;
import io.github.wecom4j.emulator.corp.EmulatedMember;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Members and WeCom's rules for them (docs 90195-90199): userid format and case-insensitive
 * uniqueness (60102), name (60112), unique mobile (60103/60104) and email (60105/60106), not both
 * empty (60129), 1-100 existing departments (60127/60110/60003), at most 5 direct leaders (60257).
 * Members are kept in userid order (case-insensitive) so {@code user/list_id} pages are stable.
 * Not thread-safe: {@link Directory} guards it.
 */
final class MemberStore {

    static final int MAX_DEPARTMENTS = 100;
    private static final Pattern USERID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_@.\\-]{0,63}");
    private static final Pattern MOBILE = Pattern.compile("(\\+\\d{1,4} ?)?[0-9\\-]{5,20}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private final Directory directory;
    private final DepartmentStore departments;
    private final TreeMap<String, EmulatedMember> byKey = new TreeMap<>();
    private final Map<String, String> byMobile = new HashMap<>();
    private final Map<String, String> byEmail = new HashMap<>();
    private final Map<Long, Set<String>> byDepartment = new HashMap<>();

    MemberStore(Directory directory, DepartmentStore departments) {
        this.directory = directory;
        this.departments = departments;
    }

    void load(Collection<EmulatedMember> members) {
        byKey.clear();
        byMobile.clear();
        byEmail.clear();
        byDepartment.clear();
        members.forEach(this::index);
    }

    EmulatedMember create(EmulatedMember m) {
        if (!USERID.matcher(m.userId()).matches()) {
            throw new ApiError(40003, "invalid userid '" + m.userId() + "': 1-64 letters, digits or _-@. starting with a letter or digit");
        }
        if (byKey.containsKey(key(m.userId()))) {
            throw new ApiError(60102, "userid exists: " + m.userId());
        }
        check(m, null);
        index(m);
        directory.publish(new DirectoryEvent.MemberCreated(directory.origin(), m));
        return m;
    }

    EmulatedMember update(EmulatedMember after) {
        EmulatedMember before = require(after.userId());
        check(after, before);
        unindex(before);
        index(after);
        directory.publish(new DirectoryEvent.MemberUpdated(directory.origin(), before, after));
        return after;
    }

    /**
     * A userid changed in the admin console (WeCom lets an administrator change a member's account
     * id; the change_contact event then carries UserID and NewUserID). The member keeps everything
     * else; references to it follow without events of their own (an assumption: WeCom keys members
     * internally, so the direct_leader of another member and a department's leaders read back
     * with the new userid, and nothing documents an update_user for them).
     */
    EmulatedMember rename(String from, String to) {
        EmulatedMember before = require(from);
        if (to == null || !USERID.matcher(to).matches()) {
            throw new ApiError(40003, "invalid new_userid '" + to + "': 1-64 letters, digits or _-@. starting with a letter or digit");
        }
        EmulatedMember taken = byKey.get(key(to));
        if (taken != null && taken != before) {
            throw new ApiError(60102, "userid exists: " + to);
        }
        EmulatedMember.Builder b = before.toBuilder();
        b.userId = to;
        b.directLeaders = renamed(before.directLeaders(), from, to);
        EmulatedMember after = b.build();
        unindex(before);
        index(after);
        for (EmulatedMember m : List.copyOf(byKey.values())) {
            List<String> leaders = renamed(m.directLeaders(), from, to);
            if (!leaders.equals(m.directLeaders())) {
                EmulatedMember.Builder led = m.toBuilder();
                led.directLeaders = leaders;
                byKey.put(key(m.userId()), led.build()); // same key, mobile, email and departments: only the map entry changes
            }
        }
        directory.publish(new DirectoryEvent.MemberUpdated(directory.origin(), before, after));
        return after;
    }

    /** {@code ids} with {@code from} (case-insensitively, as WeCom compares userids) replaced by {@code to}. */
    static List<String> renamed(List<String> ids, String from, String to) {
        return ids.stream().map(id -> key(id).equals(key(from)) ? to : id).toList();
    }

    EmulatedMember delete(String userId) {
        EmulatedMember m = require(userId);
        unindex(m);
        directory.publish(new DirectoryEvent.MemberDeleted(directory.origin(), m));
        return m;
    }

    EmulatedMember require(String userId) {
        EmulatedMember m = userId == null ? null : byKey.get(key(userId));
        if (m == null) {
            throw new ApiError(60111, "userid not found: " + userId);
        }
        return m;
    }

    EmulatedMember get(String userId) {
        return userId == null ? null : byKey.get(key(userId));
    }

    String byMobile(String mobile) {
        return byMobile.get(normalMobile(mobile));
    }

    String byEmail(String email) {
        return byEmail.get(email.toLowerCase(Locale.ROOT));
    }

    boolean hasMembers(long departmentId) {
        Set<String> in = byDepartment.get(departmentId);
        return in != null && !in.isEmpty();
    }

    /** Members in any of the departments, in userid order. */
    List<EmulatedMember> inDepartments(Collection<Long> ids) {
        Set<String> keys = new java.util.TreeSet<>();
        for (long id : ids) {
            keys.addAll(byDepartment.getOrDefault(id, Set.of()));
        }
        List<EmulatedMember> out = new ArrayList<>(keys.size());
        keys.forEach(k -> out.add(byKey.get(k)));
        return out;
    }

    Collection<EmulatedMember> all() {
        return byKey.values();
    }

    /** Members from {@code key} on (inclusive; null = from the start), in userid order. */
    NavigableMap<String, EmulatedMember> from(String key) {
        return key == null ? byKey : byKey.tailMap(key, true);
    }

    int size() {
        return byKey.size();
    }

    static String key(String userId) {
        return userId.toLowerCase(Locale.ROOT);
    }

    private void check(EmulatedMember m, EmulatedMember before) {
        if (m.name() == null || m.name().isBlank() || m.name().codePointCount(0, m.name().length()) > 64) {
            throw new ApiError(60112, "name must be 1-64 characters");
        }
        if (m.departments().size() > MAX_DEPARTMENTS) {
            throw new ApiError(60110, "a member belongs to at most " + MAX_DEPARTMENTS + " departments");
        }
        for (long d : m.departments()) {
            if (!departments.exists(d)) {
                throw new ApiError(60003, "department not found: " + d);
            }
        }
        if (m.mobile().isEmpty() && m.email().isEmpty() && m.bizMail().isEmpty()) {
            throw new ApiError(60129, "mobile and email cannot both be empty");
        }
        if (!m.mobile().isEmpty()) {
            if (!MOBILE.matcher(m.mobile()).matches()) {
                throw new ApiError(60103, "invalid mobile '" + m.mobile() + "'");
            }
            String owner = byMobile.get(normalMobile(m.mobile()));
            if (owner != null && (before == null || !owner.equals(key(before.userId())))) {
                throw new ApiError(60104, "mobile exists (another member has it)");
            }
        }
        if (!m.email().isEmpty()) {
            if (m.email().length() < 6 || m.email().length() > 64 || !EMAIL.matcher(m.email()).matches()) {
                throw new ApiError(60105, "invalid email '" + m.email() + "'");
            }
            String owner = byEmail.get(m.email().toLowerCase(Locale.ROOT));
            if (owner != null && (before == null || !owner.equals(key(before.userId())))) {
                throw new ApiError(60106, "email exists (another member has it)");
            }
        }
        if (m.directLeaders().size() > 5) {
            throw new ApiError(60257, "at most 5 direct leaders");
        }
        for (String leader : m.directLeaders()) {
            if (!byKey.containsKey(key(leader)) && !key(leader).equals(key(m.userId()))) {
                throw new ApiError(60111, "direct leader not found: " + leader);
            }
        }
        if (m.position().length() > 128) {
            throw new ApiError(40058, "position is at most 128 characters");
        }
    }

    private void index(EmulatedMember m) {
        String k = key(m.userId());
        byKey.put(k, m);
        if (!m.mobile().isEmpty()) {
            byMobile.put(normalMobile(m.mobile()), k);
        }
        if (!m.email().isEmpty()) {
            byEmail.put(m.email().toLowerCase(Locale.ROOT), k);
        }
        for (long d : m.departments()) {
            byDepartment.computeIfAbsent(d, x -> new LinkedHashSet<>()).add(k);
        }
    }

    private void unindex(EmulatedMember m) {
        String k = key(m.userId());
        byKey.remove(k);
        byMobile.remove(normalMobile(m.mobile()), k);
        byEmail.remove(m.email().toLowerCase(Locale.ROOT), k);
        for (long d : m.departments()) {
            Set<String> in = byDepartment.get(d);
            if (in != null) {
                in.remove(k);
            }
        }
    }

    /** "+86 13800000001" and "13800000001" are the same number to WeCom. */
    private static String normalMobile(String mobile) {
        String digits = mobile.replaceAll("[^0-9]", "");
        return digits.startsWith("86") && digits.length() == 13 ? digits.substring(2) : digits;
    }
}
