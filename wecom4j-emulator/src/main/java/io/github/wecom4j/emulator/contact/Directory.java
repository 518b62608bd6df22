package io.github.wecom4j.emulator.contact;

import io.github.wecom4j.emulator.corp.EmulatedCorp;
import io.github.wecom4j.emulator.corp.EmulatedDepartment;
import io.github.wecom4j.emulator.corp.EmulatedMember;
import io.github.wecom4j.emulator.corp.EmulatedTag;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The live directory of the emulated corp: one store per resource (departments, members, tags),
 * each with its state and WeCom's rules. Every change runs in {@link #change} under one lock and
 * publishes {@link DirectoryEvent}s: the other stores react inside the change (a deleted member
 * leaves its tags), and the listeners registered with {@link #afterChange} (change_contact
 * callbacks) see them after the lock is released, in order.
 */
public final class Directory {

    private final ReentrantLock lock = new ReentrantLock();
    private final DepartmentStore departments;
    private final MemberStore members;
    private final TagStore tags;
    private final List<Consumer<List<DirectoryEvent>>> afterChange = new CopyOnWriteArrayList<>();
    private final AtomicLong version = new AtomicLong();
    private List<DirectoryEvent> pending;
    private Origin origin;

    public Directory(EmulatedCorp seed) {
        this.departments = new DepartmentStore(this, this::hasMembers);
        this.members = new MemberStore(this, departments);
        this.tags = new TagStore(this, members, departments);
        load(seed);
    }

    /**
     * Replaces the whole directory (a seed, or a large corp from the control API); no events. A
     * department's declared leaders become those members' is_leader_in_dept there: in WeCom they
     * are one fact (department_leader lists the members who lead it), so the API derives one from
     * the other and a member who stops leading leaves the department's leaders.
     */
    public void load(EmulatedCorp corp) {
        lock.lock();
        try {
            departments.load(corp.departments().stream().map(d -> new EmulatedDepartment(d.id(), d.name(), d.nameEn(),
                    d.parentId(), d.order(), List.of())).toList());
            members.load(withDeclaredLeaders(corp));
            tags.load(corp.tags());
            version.incrementAndGet();
        } finally {
            lock.unlock();
        }
    }

    /** Runs one change made by {@code origin}; nested changes join the outer one. */
    public <T> T change(Origin origin, Supplier<T> op) {
        List<DirectoryEvent> events;
        T result;
        lock.lock();
        boolean outer = pending == null;
        try {
            if (outer) {
                pending = new ArrayList<>();
                this.origin = origin;
            }
            result = op.get();
        } finally {
            events = outer ? pending : List.of();
            if (outer) {
                pending = null;
                this.origin = null;
            }
            if (!events.isEmpty()) {
                version.incrementAndGet();
            }
            lock.unlock();
        }
        if (outer && !events.isEmpty()) {
            afterChange.forEach(l -> l.accept(List.copyOf(events)));
        }
        return result;
    }

    /** Reads under the lock, so a reader never sees half a change. */
    public <T> T read(Supplier<T> op) {
        lock.lock();
        try {
            return op.get();
        } finally {
            lock.unlock();
        }
    }

    public void afterChange(Consumer<List<DirectoryEvent>> listener) {
        afterChange.add(listener);
    }

    /** Grows on every change: a cheap way to tell whether a snapshot is stale. */
    public long version() {
        return version.get();
    }

    /** A consistent copy of departments, members and tags. */
    public Snapshot snapshot() {
        return read(() -> new Snapshot(departments.all().stream().map(d -> new EmulatedDepartment(d.id(), d.name(), d.nameEn(),
                d.parentId(), d.order(), leaders(d.id()))).toList(), List.copyOf(members.all()), List.copyOf(tags.all()),
                version.get()));
    }

    /** A department's leaders (department_leader): its members flagged is_leader_in_dept there. */
    List<String> leaders(long departmentId) {
        List<String> out = new ArrayList<>();
        for (EmulatedMember m : members.inDepartments(List.of(departmentId))) {
            if (m.leaderInDept().get(m.departments().indexOf(departmentId)) == 1) {
                out.add(m.userId());
            }
        }
        return out;
    }

    /** The corp's members with the departments it declares them leaders of flagged; a leader must be a member there. */
    private static List<EmulatedMember> withDeclaredLeaders(EmulatedCorp corp) {
        Map<String, Set<Long>> leads = new HashMap<>();
        Map<String, List<Long>> memberOf = new HashMap<>();
        corp.members().forEach(m -> memberOf.put(MemberStore.key(m.userId()), m.departments()));
        for (EmulatedDepartment d : corp.departments()) {
            for (String u : d.leaders()) {
                if (!memberOf.getOrDefault(MemberStore.key(u), List.of()).contains(d.id())) {
                    throw new IllegalArgumentException("department " + d.id() + " declares " + u
                            + " a leader, who is not one of its members (WeCom's leaders are members who lead it)");
                }
                leads.computeIfAbsent(MemberStore.key(u), k -> new HashSet<>()).add(d.id());
            }
        }
        return corp.members().stream().map(m -> {
            Set<Long> led = leads.getOrDefault(MemberStore.key(m.userId()), Set.of());
            if (led.isEmpty()) {
                return m;
            }
            EmulatedMember.Builder b = m.toBuilder();
            List<Integer> flags = new ArrayList<>(m.leaderInDept());
            for (int i = 0; i < m.departments().size(); i++) {
                if (led.contains(m.departments().get(i))) {
                    flags.set(i, 1);
                }
            }
            b.leaderInDept = flags;
            return b.build();
        }).toList();
    }

    /** The directory at one moment. */
    public record Snapshot(List<EmulatedDepartment> departments, List<EmulatedMember> members, List<EmulatedTag> tags,
                           long version) {
    }

    DepartmentStore departments() {
        return departments;
    }

    MemberStore members() {
        return members;
    }

    TagStore tags() {
        return tags;
    }

    private boolean hasMembers(long departmentId) {
        return members.hasMembers(departmentId);
    }

    Origin origin() {
        return origin;
    }

    void publish(DirectoryEvent event) {
        if (pending == null) {
            throw new IllegalStateException("directory changes run inside Directory.change");
        }
        pending.add(event);
        tags.on(event);
    }
}
