package io.github.wecom4j.gateway.directory;

import io.github.wecom4j.contact.Contacts;
import io.github.wecom4j.contact.Department;
import io.github.wecom4j.contact.DepartmentMember;
import io.github.wecom4j.contact.DepartmentRef;
import io.github.wecom4j.contact.Member;
import io.github.wecom4j.contact.MemberSummary;
import io.github.wecom4j.contact.Tag;
import io.github.wecom4j.contact.TagMembers;
import io.github.wecom4j.error.WeComException;
import io.github.wecom4j.gateway.directory.MirrorStore.MirroredTag;
import io.github.wecom4j.gateway.directory.MirrorStore.Stored;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Full load and reconcile: reads the whole directory from WeCom and makes the mirror equal to it,
 * counting what it had to change (the drift: callbacks that were lost, or changes nobody announced).
 *
 * <ul>
 *   <li>Departments: {@code department/simplelist} (ids, parents, order; always allowed), then
 *   {@code department/list} for names and leaders where the secret may read details.</li>
 *   <li>Members with details: {@code user/list} one department at a time (2,000 calls for a
 *   2,000-department corp, where {@code user/get} would be one call per member); heap holds one
 *   department's members, written in batches. Ids only (the contacts-sync secret from an IP first
 *   used after 2022-08-15 gets 48009 for everything but list_id / simplelist, doc 96255):
 *   {@code user/list_id}, streamed page by page.</li>
 *   <li>Tags: {@code tag/list} and {@code tag/get} per tag.</li>
 * </ul>
 * A row changed after the reconcile began (a callback, the gateway's own write) is left as it is;
 * rows neither seen nor changed since the start are deleted, but only after a complete pass: a
 * reconcile that fails half-way deletes nothing. An object deleted after the reconcile began (a
 * delete_user / delete_party callback, an HR sync delete) has a tombstone newer than the
 * reconcile's read sequence, so the reconcile's older read never writes it back; tombstones older
 * than a finished pass (plus {@link #TOMBSTONE_GRACE}) are expired.
 */
final class DirectoryReconciler {

    private static final Logger log = LoggerFactory.getLogger(DirectoryReconciler.class);

    /** Rows per transaction: big enough for batched JDBC, small enough to keep lock holds short. */
    static final int BATCH = 500;

    /**
     * How long a tombstone outlives the reconcile that made it unnecessary: a callback's user/get
     * that started before the delete (bounded by the SDK's timeouts, seconds) still compares with it.
     */
    static final java.time.Duration TOMBSTONE_GRACE = java.time.Duration.ofMinutes(10);

    /** What one run did. {@code drift} counts rows added, changed and removed (0 on the first load). */
    record Result(boolean firstLoad, boolean details, int departments, int members, int tags, int drift, String detail,
                  long millis) {
    }

    private final Contacts contacts;
    private final MirrorStore store;
    private final String corp;

    DirectoryReconciler(Contacts contacts, MirrorStore store, String corp) {
        this.contacts = contacts;
        this.store = store;
        this.corp = corp;
    }

    Result run() {
        long started = System.nanoTime();
        boolean firstLoad = !store.state(corp).loaded();
        Timestamp since = store.now();
        long seq = store.nextReadSeq(corp); // every read of this pass happens after it
        try {
            Drift departments = new Drift();
            Drift members = new Drift();
            Drift tags = new Drift();
            List<DepartmentRef> refs = contacts.departments().simpleList();
            boolean details = reconcileDepartments(refs, since, seq, departments);
            if (details) {
                reconcileMembers(refs, since, seq, members);
            } else {
                reconcileMemberIds(seq, members);
            }
            reconcileTags(since, seq, tags);
            if (details) {
                recheckUnseenMembers(since);
            }
            store.locked(corp, () -> {
                members.removed += store.pruneMembers(corp, since, !details);
                departments.removed += store.pruneDepartments(corp, since);
                tags.removed += store.pruneTags(corp, since);
                store.expireTombstones(corp, Timestamp.from(since.toInstant().minus(TOMBSTONE_GRACE)));
            });
            int drift = departments.total() + members.total() + tags.total();
            String detail = "departments " + departments + "; members " + members + "; tags " + tags;
            long millis = (System.nanoTime() - started) / 1_000_000;
            store.recordReconcile(corp, firstLoad, details, millis, drift, detail);
            log.info("directory {} of {}: {} in {} ms{}", firstLoad ? "load" : "reconcile", corp, detail, millis,
                    details ? "" : " (ids only: WeCom refused details to this secret and IP)");
            return new Result(firstLoad, details, departments.seen, members.seen, tags.seen, firstLoad ? 0 : drift, detail,
                    millis);
        } catch (RuntimeException e) {
            store.recordError(corp, "reconcile failed: " + (e instanceof WeComException w ? "errcode " + w.errcode() + " "
                    // shown by GET /api/directory/status: never WeCom's trailer, whose "from ip" names our egress IP
                    + io.github.wecom4j.gateway.web.WeComErrmsg.publicPart(w.errmsg()) : e.getClass().getSimpleName()));
            throw e;
        }
    }

    /** Counts of one kind of row. */
    private static final class Drift {
        int seen;
        int added;
        int changed;
        int removed;

        int total() {
            return added + changed + removed;
        }

        @Override
        public String toString() {
            return seen + " seen, +" + added + " ~" + changed + " -" + removed;
        }
    }

    /** Returns whether details (names, member fields) may be read. */
    private boolean reconcileDepartments(List<DepartmentRef> refs, Timestamp since, long seq, Drift drift) {
        List<Department> full;
        boolean details;
        try {
            full = contacts.departments().list();
            details = true;
        } catch (WeComException e) {
            if (e.errcode() != ContactErrors.API_FORBIDDEN_NEW_IP) {
                throw e;
            }
            full = null;
            details = false;
        }
        List<Department> wecomView = full;
        store.locked(corp, () -> {
            Map<Long, Stored<Department>> mirror = store.departments(corp);
            Set<String> deleted = store.tombstonedAfter(corp, MirrorStore.DEPARTMENT, seq);
            List<Department> write = new ArrayList<>();
            List<Long> confirm = new ArrayList<>();
            Iterator<?> source = wecomView != null ? wecomView.iterator() : refs.iterator();
            while (source.hasNext()) {
                Object next = source.next();
                Department d;
                if (next instanceof Department dep) {
                    d = dep;
                } else {
                    DepartmentRef r = (DepartmentRef) next;
                    Stored<Department> known = mirror.get(r.id());
                    // ids only: keep the names the mirror learnt before
                    d = new Department(r.id(), known == null ? "" : known.value().name(), known == null ? ""
                            : known.value().nameEn(), r.parentId(), r.order(), known == null ? List.of() : known.value().leaders());
                }
                drift.seen++;
                classify(mirror.get(d.id()), deleted.contains(Long.toString(d.id())), d, since, drift, () -> write.add(d),
                        () -> confirm.add(d.id()));
            }
            store.writeDepartments(corp, write, true, seq);
            store.confirmDepartments(corp, confirm);
        });
        return details;
    }

    private void reconcileMembers(List<DepartmentRef> refs, Timestamp since, long seq, Drift drift) {
        for (DepartmentRef d : refs) {
            List<Member> direct;
            try {
                direct = contacts.members().list(d.id());
            } catch (WeComException e) {
                if (e.errcode() != ContactErrors.DEPARTMENT_NOT_FOUND && e.errcode() != ContactErrors.INVALID_DEPARTMENT) {
                    throw e;
                }
                // deleted since simplelist: WeCom deletes only empty departments (60005), so no member is missed
                continue;
            }
            for (int from = 0; from < direct.size(); from += BATCH) {
                List<MirroredMember> batch = direct.subList(from, Math.min(direct.size(), from + BATCH)).stream()
                        .map(m -> new MirroredMember(MemberCopies.withoutAvatar(m), true)).toList();
                reconcileMemberBatch(batch, since, seq, drift);
            }
        }
    }

    /** Above this many members unseen by a pass, one {@code user/list_id} sweep checks them, not a {@code user/get} each. */
    static final int RECHECK_ONE_BY_ONE = 50;

    /**
     * Members this pass did not see are pruned, but a member can dodge a pass that reads one
     * department at a time: moved from a department not read yet into one already read, it is in
     * no list the pass got. With its callback lost, or no callback URL configured, the mirror lost a
     * member WeCom has, for an hour, and an HR sync then planned it as new. So each unseen member is
     * looked up before the prune: one still in WeCom is written as read now (read-sequence rule) or,
     * among many, confirmed by one {@code user/list_id} sweep (its details wait for the next pass);
     * only one WeCom does not know (60111) is pruned.
     */
    private void recheckUnseenMembers(Timestamp since) {
        List<String> unseen = store.memberPruneCandidates(corp, since);
        if (unseen.isEmpty()) {
            return;
        }
        if (unseen.size() > RECHECK_ONE_BY_ONE) {
            Set<String> listed = new java.util.HashSet<>();
            try (Stream<DepartmentMember> rows = contacts.members().listIds()) {
                rows.forEach(r -> listed.add(r.userId().toLowerCase(java.util.Locale.ROOT)));
            }
            List<String> present = unseen.stream().filter(u -> listed.contains(u.toLowerCase(java.util.Locale.ROOT))).toList();
            store.locked(corp, () -> store.confirmMembers(corp, present));
            return;
        }
        for (String userId : unseen) {
            long readSeq = store.nextReadSeq(corp);
            Member m;
            try {
                m = contacts.members().get(userId);
            } catch (WeComException e) {
                if (e.errcode() == ContactErrors.USER_NOT_FOUND) {
                    continue; // gone: pruned
                }
                throw e;
            }
            MirroredMember read = new MirroredMember(MemberCopies.withoutAvatar(m), true);
            store.locked(corp, () -> {
                if (!store.writeMemberIfLatest(corp, userId, read, readSeq)) {
                    store.confirmMembers(corp, List.of(userId)); // a newer event wrote it meanwhile
                }
            });
        }
    }

    private void reconcileMemberBatch(List<MirroredMember> batch, Timestamp since, long seq, Drift drift) {
        store.locked(corp, () -> {
            Map<String, Stored<MirroredMember>> mirror = store.members(corp, batch.stream().map(MirroredMember::userId).toList());
            Set<String> deleted = store.tombstonedAfter(corp, MirrorStore.MEMBER, seq);
            List<MirroredMember> write = new ArrayList<>();
            List<String> confirm = new ArrayList<>();
            for (MirroredMember m : batch) {
                drift.seen++;
                classify(mirror.get(m.userId()), deleted.contains(m.userId()), m, since, drift, () -> write.add(m),
                        () -> confirm.add(m.userId()));
            }
            store.writeMembers(corp, write, true, seq);
            store.confirmMembers(corp, confirm);
        });
    }

    private void reconcileMemberIds(long seq, Drift drift) {
        List<DepartmentMember> page = new ArrayList<>(BATCH);
        try (Stream<DepartmentMember> rows = contacts.members().listIds()) {
            Iterator<DepartmentMember> it = rows.iterator();
            while (it.hasNext()) {
                page.add(it.next());
                if (page.size() == BATCH || !it.hasNext()) {
                    List<DepartmentMember> batch = List.copyOf(page);
                    page.clear();
                    drift.seen += batch.size();
                    drift.added += store.locked(corp, () -> {
                        Set<String> deleted = store.tombstonedAfter(corp, MirrorStore.MEMBER, seq);
                        return store.confirmMemberships(corp, batch.stream().filter(r -> !deleted.contains(r.userId())).toList());
                    });
                }
            }
        }
    }

    private void reconcileTags(Timestamp since, long seq, Drift drift) {
        for (Tag t : contacts.tags().list()) {
            TagMembers members;
            try {
                members = contacts.tags().get(t.id());
            } catch (WeComException e) {
                if (e.errcode() != ContactErrors.INVALID_TAG) {
                    throw e;
                }
                continue; // deleted since tag/list: left to prune (or already gone)
            }
            drift.seen++;
            store.locked(corp, () -> {
                // WeCom removes a deleted member or department from every tag: one deleted since this read is not tagged
                Set<String> goneMembers = store.tombstonedAfter(corp, MirrorStore.MEMBER, seq);
                Set<String> goneDepartments = store.tombstonedAfter(corp, MirrorStore.DEPARTMENT, seq);
                MirroredTag tag = new MirroredTag(t.id(), t.name(), members.members().stream().map(MemberSummary::userId)
                        .filter(u -> !goneMembers.contains(u)).toList(),
                        members.departmentIds().stream().filter(d -> !goneDepartments.contains(Long.toString(d))).toList());
                Stored<MirroredTag> known = store.tags(corp).get(tag.id());
                boolean deleted = store.tombstonedAfter(corp, MirrorStore.TAG, seq).contains(Integer.toString(tag.id()));
                classify(known, deleted, tag, since, drift, () -> store.writeTag(corp, tag, seq), () -> store.confirmTags(corp, List.of(tag.id())));
            });
        }
    }

    /** New (unless deleted since the run began), changed (unless changed in the mirror since the run began), or the same. */
    private static <T> void classify(Stored<T> mirror, boolean deletedSince, T wecom, Timestamp since, Drift drift,
                                     Runnable write, Runnable confirm) {
        if (mirror == null && deletedSince) {
            return; // a delete_* callback (or an HR sync delete) is newer than what we read
        } else if (mirror == null) {
            drift.added++;
            write.run();
        } else if (!mirror.changedAt().before(since)) {
            return; // a callback or the gateway's own write is at least as new as what we read
        } else if (!mirror.value().equals(wecom)) {
            drift.changed++;
            write.run();
        } else {
            confirm.run();
        }
    }
}
