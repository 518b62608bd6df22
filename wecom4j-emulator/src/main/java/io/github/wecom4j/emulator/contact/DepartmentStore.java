package io.github.wecom4j.emulator.contact;

import io.github.wecom4j.emulator.ApiError;
import io.github.wecom4j.emulator.corp.EmulatedDepartment;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongPredicate;

/**
 * Departments and WeCom's rules for them (docs 90205-90208): ids &gt; 1 when given, names of 1-32
 * characters without {@code \ : * ? " < > |}, unique among siblings, at most 15 levels, no cycles,
 * the root never deleted, a department with children or members never deleted. Not thread-safe:
 * {@link Directory} guards it.
 */
final class DepartmentStore {

    static final int MAX_DEPTH = 15;
    static final int MAX_CHILDREN = 30_000;
    private static final String ILLEGAL = "\\:*?\"<>|";

    private final Directory directory;
    private final LongPredicate hasMembers;
    private final TreeMap<Long, EmulatedDepartment> byId = new TreeMap<>();
    private final Map<Long, Set<Long>> children = new HashMap<>();

    DepartmentStore(Directory directory, LongPredicate hasMembers) {
        this.directory = directory;
        this.hasMembers = hasMembers;
    }

    void load(Collection<EmulatedDepartment> departments) {
        byId.clear();
        children.clear();
        departments.forEach(this::put);
    }

    EmulatedDepartment create(Long id, String name, String nameEn, Long parentId, Long order) {
        if (parentId == null) {
            throw new ApiError(60004, "parentid is required");
        }
        EmulatedDepartment parent = byId.get(parentId);
        if (parent == null) {
            throw new ApiError(60004, "parent department not found: " + parentId);
        }
        checkName(name, parentId, null);
        if (id != null) {
            if (id <= 1 || id > Integer.MAX_VALUE) {
                throw new ApiError(60123, "invalid department id " + id + ": it must be greater than 1 (1 is the root)");
            }
            if (byId.containsKey(id)) {
                throw new ApiError(60008, "department id " + id + " exists");
            }
        }
        if (depth(parentId) + 1 > MAX_DEPTH) {
            throw new ApiError(81002, "departments are at most " + MAX_DEPTH + " levels deep");
        }
        if (children(parentId).size() >= MAX_CHILDREN) {
            throw new ApiError(81001, "too many departments under " + parentId);
        }
        long newId = id != null ? id : Math.max(byId.lastKey() + 1, 2);
        EmulatedDepartment d = new EmulatedDepartment(newId, name, nameEn, parentId, order == null ? nextOrder(parentId) : order,
                List.of());
        put(d);
        directory.publish(new DirectoryEvent.DepartmentCreated(directory.origin(), d));
        return d;
    }

    EmulatedDepartment update(long id, String name, String nameEn, Long parentId, Long order) {
        EmulatedDepartment before = require(id);
        long newParent = parentId == null ? before.parentId() : parentId;
        if (parentId != null && parentId != before.parentId()) {
            if (id == 1) {
                throw new ApiError(60010, "the root department has no parent");
            }
            if (!byId.containsKey(parentId)) {
                throw new ApiError(60004, "parent department not found: " + parentId);
            }
            if (descendants(id).contains(parentId)) {
                throw new ApiError(60010, "department " + parentId + " is " + id + " or below it: that would be a cycle");
            }
            if (depth(parentId) + height(id) > MAX_DEPTH) {
                throw new ApiError(81002, "departments are at most " + MAX_DEPTH + " levels deep");
            }
        }
        if (name != null) {
            checkName(name, newParent, id);
        } else if (newParent != before.parentId()) {
            checkName(before.name(), newParent, id);
        }
        EmulatedDepartment after = new EmulatedDepartment(id, name == null ? before.name() : name,
                nameEn == null ? before.nameEn() : nameEn, newParent, order == null ? before.order() : order, before.leaders());
        remove(before);
        put(after);
        directory.publish(new DirectoryEvent.DepartmentUpdated(directory.origin(), before, after));
        return after;
    }

    void delete(long id) {
        EmulatedDepartment d = require(id);
        if (id == 1 || d.parentId() == 0) {
            throw new ApiError(60007, "the root department cannot be deleted");
        }
        if (!children(id).isEmpty()) {
            throw new ApiError(60006, "department " + id + " has sub-departments");
        }
        if (hasMembers.test(id)) {
            throw new ApiError(60005, "department " + id + " has members");
        }
        remove(d);
        directory.publish(new DirectoryEvent.DepartmentDeleted(directory.origin(), d));
    }

    EmulatedDepartment require(long id) {
        EmulatedDepartment d = byId.get(id);
        if (d == null) {
            throw new ApiError(60003, "department not found: " + id);
        }
        return d;
    }

    EmulatedDepartment get(long id) {
        return byId.get(id);
    }

    boolean exists(long id) {
        return byId.containsKey(id);
    }

    Collection<EmulatedDepartment> all() {
        return byId.values();
    }

    int size() {
        return byId.size();
    }

    /** {@code root} and everything below it, parents before children. */
    List<Long> descendants(long root) {
        List<Long> out = new ArrayList<>();
        if (!byId.containsKey(root)) {
            return out;
        }
        out.add(root);
        for (int i = 0; i < out.size(); i++) {
            out.addAll(children(out.get(i)));
        }
        return out;
    }

    Set<Long> children(long id) {
        return children.getOrDefault(id, Set.of());
    }

    private int depth(long id) {
        int depth = 0;
        EmulatedDepartment d = byId.get(id);
        while (d != null) {
            depth++;
            d = d.parentId() == 0 ? null : byId.get(d.parentId());
        }
        return depth;
    }

    private int height(long id) {
        int h = 1;
        for (long child : children(id)) {
            h = Math.max(h, 1 + height(child));
        }
        return h;
    }

    private long nextOrder(long parentId) {
        // WeCom places a new department last: a smaller order than its siblings (higher sorts first)
        long min = Long.MAX_VALUE;
        for (long c : children(parentId)) {
            min = Math.min(min, byId.get(c).order());
        }
        return min == Long.MAX_VALUE ? 100_000_000L : Math.max(0, min - 1000);
    }

    private void checkName(String name, long parentId, Long self) {
        if (name == null || name.isEmpty() || name.codePointCount(0, name.length()) > 32) {
            throw new ApiError(60001, "department name must be 1-32 characters");
        }
        for (char c : name.toCharArray()) {
            if (ILLEGAL.indexOf(c) >= 0) {
                throw new ApiError(60009, "department name contains '" + c + "'; \\ : * ? \" < > | are not allowed");
            }
        }
        for (long sibling : children(parentId)) {
            if ((self == null || sibling != self) && byId.get(sibling).name().equals(name)) {
                throw new ApiError(60008, "department '" + name + "' exists under " + parentId);
            }
        }
    }

    private void put(EmulatedDepartment d) {
        byId.put(d.id(), d);
        if (d.parentId() != 0) {
            children.computeIfAbsent(d.parentId(), k -> new LinkedHashSet<>()).add(d.id());
        }
    }

    private void remove(EmulatedDepartment d) {
        byId.remove(d.id());
        Set<Long> siblings = children.get(d.parentId());
        if (siblings != null) {
            siblings.remove(d.id());
        }
    }
}
