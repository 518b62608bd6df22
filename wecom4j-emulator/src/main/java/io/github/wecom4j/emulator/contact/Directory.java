package io.github.wecom4j.emulator.contact;

import io.github.wecom4j.emulator.corp.EmulatedCorp;
import io.github.wecom4j.emulator.corp.EmulatedDepartment;
import io.github.wecom4j.emulator.corp.EmulatedMember;
import io.github.wecom4j.emulator.corp.EmulatedTag;

import java.util.ArrayList;
import java.util.List;
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

    /** Replaces the whole directory (a seed, or a large corp from the control API); no events. */
    public void load(EmulatedCorp corp) {
        lock.lock();
        try {
            departments.load(corp.departments());
            members.load(corp.members());
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
        return read(() -> new Snapshot(List.copyOf(departments.all()), List.copyOf(members.all()), List.copyOf(tags.all()),
                version.get()));
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
