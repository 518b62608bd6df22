package io.github.wecom4j.gateway.directory;

import io.github.wecom4j.gateway.web.WeComErrmsg;
import io.github.wecom4j.contact.Contacts;
import io.github.wecom4j.contact.Department;
import io.github.wecom4j.contact.Member;
import io.github.wecom4j.error.WeComException;
import io.github.wecom4j.gateway.directory.SyncPlanner.CreateDepartment;
import io.github.wecom4j.gateway.directory.SyncPlanner.CreateMember;
import io.github.wecom4j.gateway.directory.SyncPlanner.DeleteDepartment;
import io.github.wecom4j.gateway.directory.SyncPlanner.DeleteMembers;
import io.github.wecom4j.gateway.directory.SyncPlanner.UpdateDepartment;
import io.github.wecom4j.gateway.directory.SyncPlanner.UpdateMember;
import io.github.wecom4j.gateway.directory.SyncPlanner.Write;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * HR sync: plans the writes that make WeCom hold the desired org (against the mirror), and, unless
 * it is a dry run, makes them one by one with the contacts-sync token. Each accepted write goes
 * into the mirror at once, because WeCom does not announce changes made through the contacts-sync
 * API (no change_contact for them, doc 96301). A write WeCom refuses is reported with its errcode
 * and the sync goes on with the others: each row succeeds or is reported, never silently skipped.
 * <p>
 * When at least {@code jobMinCreates} creations can be carried by a job file, they go in
 * {@code batch/syncuser} jobs ({@link MemberCreationJobs}) after every other member write (so the
 * mobiles and emails those free are free for the new members) and before departments are deleted,
 * within {@code jobs.timeout()} of the sync's start; WeCom's stored result is read back into the
 * mirror ({@link JobCreationsMirror}).
 */
final class HrSync {

    private static final Logger log = LoggerFactory.getLogger(HrSync.class);

    private final Contacts contacts;
    private final MirrorStore store;
    private final String corp;
    private final MemberCreationJobs jobs;
    private final JobCreationsMirror jobMirror;
    private final DepartmentRefresher departments;
    /** Fewest job-expressible creations that go by job; 0: never. */
    private final int jobMinCreates;
    /** How long after its start the sync may still send a write (inside its cluster lock). */
    private final java.time.Duration maxDuration;

    HrSync(Contacts contacts, MirrorStore store, String corp, MemberCreationJobs jobs, int jobMinCreates,
           java.time.Duration maxDuration) {
        this.contacts = contacts;
        this.store = store;
        this.corp = corp;
        this.jobs = jobs;
        this.jobMirror = new JobCreationsMirror(contacts, store, corp);
        this.departments = new DepartmentRefresher(contacts, store, corp);
        this.jobMinCreates = jobMinCreates;
        this.maxDuration = maxDuration;
    }

    SyncReport run(DesiredOrgReader.Read input, boolean dryRun) {
        long started = System.nanoTime();
        if (!input.problems().isEmpty()) {
            return new SyncReport(dryRun, false, input.problems(), List.of(), List.of(), List.of(), 0, 0, List.of(), 0);
        }
        Map<Long, Department> departments = new HashMap<>();
        store.departments(corp).forEach((id, s) -> departments.put(id, s.value()));
        SyncPlanner.Plan plan = new SyncPlanner(input.org(), departments).plan(this::currentMembers, store.allUserIds(corp));
        List<SyncReport.Step> steps = plan.writes().stream().map(Write::step).toList();
        List<CreateMember> byJob = byJob(plan.writes());
        if (!plan.invalid().isEmpty() || dryRun) {
            return new SyncReport(dryRun, plan.invalid().isEmpty(), plan.invalid(), steps, List.of(), List.of(), 0,
                    (System.nanoTime() - started) / 1_000_000, List.of(), byJob.size());
        }
        Progress p = new Progress(started + maxDuration.toNanos());
        boolean jobsRun = byJob.isEmpty();
        Set<Write> inJob = Collections.newSetFromMap(new IdentityHashMap<>());
        inJob.addAll(byJob);
        long deadline = started + Math.min(jobs.timeout().toNanos(), maxDuration.toNanos());
        for (Write w : plan.writes()) {
            if (!jobsRun && w instanceof DeleteDepartment) {
                runJobs(byJob, deadline, p);
                jobsRun = true;
            }
            if (!inJob.contains(w)) {
                applyInTime(w, p);
            }
        }
        if (!jobsRun) {
            runJobs(byJob, deadline, p);
        }
        refreshLeaders(p);
        long millis = (System.nanoTime() - started) / 1_000_000;
        String summary = p.done.size() + " writes done, " + p.refused.size() + " refused by WeCom, " + p.calls + " calls"
                + (p.jobIds.isEmpty() ? "" : " (" + byJob.size() + " creations in " + p.jobIds.size() + " batch/syncuser job(s))")
                + ", " + millis + " ms";
        store.recordSync(corp, summary);
        log.info("HR sync of {}: {}", corp, summary);
        return new SyncReport(false, true, List.of(), steps, p.done, p.refused, p.calls, millis, p.jobIds, byJob.size());
    }

    /**
     * {@link #apply}, unless the sync's time is up: the cluster lock it holds is not renewed, and a
     * sync writing past it could run beside a second one, each sending its own plan. What is left is
     * reported, not sent.
     */
    private void applyInTime(Write w, Progress p) {
        if (System.nanoTime() - p.writesUntil >= 0) {
            p.refused.add(new SyncReport.Problem(w.step().op(), 0, w.step().key(), -1, "not sent: the sync reached"
                    + " gateway.directory.sync-max-duration (" + maxDuration.toMinutes() + " min, inside its cluster"
                    + " lock); run the sync again to send the rest"));
            return;
        }
        apply(w, p);
    }

    /** What one sync has done so far (local to the run). */
    private static final class Progress {
        /** {@link System#nanoTime()} after which no write is sent. */
        final long writesUntil;

        Progress(long writesUntil) {
            this.writesUntil = writesUntil;
        }

        final List<SyncReport.Step> done = new ArrayList<>();
        final List<SyncReport.Problem> refused = new ArrayList<>();
        final List<String> jobIds = new ArrayList<>();
        /** Departments whose leaders the sync changed. */
        final Set<Long> leadershipChanged = new LinkedHashSet<>();
        int calls;
    }

    /**
     * The leaders of the departments whose leadership the sync changed, read back (one
     * {@code department/get} each): WeCom lists the members who lead a department among its
     * leaders and announces no change for it. A department WeCom no longer answers for is left to
     * the next reconcile.
     */
    private void refreshLeaders(Progress p) {
        for (long id : p.leadershipChanged) {
            try {
                p.calls++;
                departments.refresh(id, null, null);
            } catch (WeComException e) {
                log.info("leaders of department {} not read back ({}); the next reconcile reads them", id, e.errcode());
            }
        }
    }

    /** One write as a single call, into the mirror once WeCom accepted it, else into {@code refused}. */
    private void apply(Write w, Progress p) {
        if (w instanceof DeleteMembers d) {
            deleteMembers(d, p);
            return;
        }
        try {
            p.calls++;
            execute(w);
            p.done.add(w.step());
            p.leadershipChanged.addAll(w.leadershipChanged());
            if (w instanceof CreateDepartment c && c.request().order() == null) {
                // WeCom picks the order of a department created without one: read it back for the mirror
                p.calls++;
                w = new CreateDepartment(c.request(), contacts.departments().get(c.after().id()));
            }
            if (!mirror(w) && w instanceof UpdateMember u) {
                p.calls++;
                readBack(u.after().userId());
            }
        } catch (WeComException e) {
            if (w instanceof DeleteDepartment && (e.errcode() == ContactErrors.DEPARTMENT_NOT_FOUND
                    || e.errcode() == ContactErrors.INVALID_DEPARTMENT)) {
                mirror(w); // already gone from WeCom: the mirror was behind
            }
            p.refused.add(new SyncReport.Problem(w.step().op(), 0, w.step().key(), e.errcode(), WeComErrmsg.publicPart(e.errmsg())));
        }
    }

    /** The creations that go by job: all a job file can carry, when they are at least {@code jobMinCreates}. */
    private List<CreateMember> byJob(List<Write> writes) {
        if (jobMinCreates <= 0) {
            return List.of();
        }
        List<CreateMember> expressible = writes.stream().filter(w -> w instanceof CreateMember).map(w -> (CreateMember) w)
                .filter(MemberCreationJobs::expressible).toList();
        return expressible.size() >= jobMinCreates ? expressible : List.of();
    }

    /**
     * The job creations: those naming a department WeCom lacks now as single calls (a job would
     * make the department up), the rest by job; what WeCom accepted into the mirror as WeCom
     * stored it, the rest reported.
     */
    private void runJobs(List<CreateMember> byJob, long deadline, Progress p) {
        MemberCreationJobs.Split split;
        try {
            split = jobs.split(byJob);
        } catch (WeComException e) {
            split = new MemberCreationJobs.Split(List.of(), byJob, 1); // WeCom's departments unknown: every row as a call
        }
        p.calls += split.calls();
        split.singly().forEach(c -> applyInTime(c, p));
        MemberCreationJobs.Outcome outcome = jobs.run(split.byJob(), deadline);
        p.calls += outcome.calls();
        p.jobIds.addAll(outcome.jobIds());
        p.refused.addAll(outcome.refused());
        p.calls += jobMirror.mirror(outcome.accepted());
        outcome.accepted().forEach(c -> {
            p.done.add(c.step());
            p.leadershipChanged.addAll(c.leadershipChanged());
        });
    }

    /** The mirrored members of these userids, whatever their case, by lower-case userid. */
    private Map<String, Member> currentMembers(List<String> userIds) {
        Map<String, Member> out = new HashMap<>();
        store.members(corp, store.userIdsIgnoringCase(corp, userIds).values())
                .forEach((id, s) -> out.put(id.toLowerCase(Locale.ROOT), s.value().member()));
        return out;
    }

    private void execute(Write w) {
        if (w instanceof CreateDepartment c) {
            contacts.departments().create(c.request());
        } else if (w instanceof UpdateDepartment u) {
            contacts.departments().update(u.request());
        } else if (w instanceof DeleteDepartment d) {
            contacts.departments().delete(d.id());
        } else if (w instanceof CreateMember c) {
            contacts.members().create(c.request(), false);
        } else if (w instanceof UpdateMember u) {
            contacts.members().update(u.request());
        }
    }

    /**
     * What WeCom now holds, into the mirror (WeCom will not announce it). False when it cannot be
     * known without asking WeCom: a member whose mirror row changed after the plan was made (an
     * administrator's change, announced and mirrored meanwhile). The plan's row with the update
     * applied would put the fields the update did not touch back as they were before that change.
     */
    private boolean mirror(Write w) {
        return store.locked(corp, () -> {
            if (w instanceof UpdateMember u) {
                String id = u.after().userId();
                MirrorStore.Stored<MirroredMember> now = store.members(corp, List.of(id)).get(id);
                if (now == null || !now.value().member().equals(u.before())) {
                    return false;
                }
            }
            mirrorLocked(w);
            return true;
        });
    }

    /** A member as WeCom holds it now, into the mirror under the read-sequence rule. */
    private void readBack(String userId) {
        long seq = store.nextReadSeq(corp);
        Member m;
        try {
            m = contacts.members().get(userId);
        } catch (WeComException e) {
            // the update stands at WeCom; the mirror catches up at the next reconcile
            log.info("member {} not read back after its update ({}); the next reconcile reads it", userId, e.errcode());
            return;
        }
        MirroredMember read = new MirroredMember(MemberCopies.withoutAvatar(m), true);
        store.locked(corp, () -> store.writeMemberIfLatest(corp, userId, read, seq));
    }

    private void mirrorLocked(Write w) {
        if (w instanceof CreateDepartment c) {
            store.writeDepartments(corp, List.of(c.after()), false);
        } else if (w instanceof UpdateDepartment u) {
            store.writeDepartments(corp, List.of(u.after()), false);
        } else if (w instanceof DeleteDepartment d) {
            store.removeDepartment(corp, d.id(), store.ownWriteSeq(corp));
        } else if (w instanceof CreateMember c) {
            store.writeMembers(corp, List.of(new MirroredMember(c.after(), true)), false);
        } else if (w instanceof UpdateMember u) {
            store.writeMembers(corp, List.of(new MirroredMember(u.after(), true)), false);
        } else if (w instanceof DeleteMembers d) {
            long seq = store.ownWriteSeq(corp);
            d.userIds().forEach(id -> store.removeMember(corp, id, seq));
        }
    }

    /** The departments these mirrored members lead. */
    private Set<Long> ledBy(List<String> userIds) {
        Set<Long> out = new LinkedHashSet<>();
        store.members(corp, userIds).values().forEach(m -> out.addAll(Leadership.led(m.value().member())));
        return out;
    }

    /**
     * batchdelete is all-or-nothing (one unknown userid refuses the call); when WeCom refuses it, the
     * members are deleted one by one so the report names the ones WeCom refused.
     */
    private void deleteMembers(DeleteMembers d, Progress p) {
        try {
            p.calls++;
            if (d.userIds().size() == 1) {
                contacts.members().delete(d.userIds().get(0));
            } else {
                contacts.members().batchDelete(d.userIds());
            }
            p.done.add(d.step());
            p.leadershipChanged.addAll(ledBy(d.userIds())); // a deleted leader leaves the department's leaders
            mirror(d);
            return;
        } catch (WeComException e) {
            if (d.userIds().size() == 1) {
                if (e.errcode() == ContactErrors.USER_NOT_FOUND) {
                    p.leadershipChanged.addAll(ledBy(d.userIds()));
                    mirror(d); // already gone from WeCom: the mirror was behind
                }
                p.refused.add(new SyncReport.Problem("delete_user", 0, d.userIds().get(0), e.errcode(), WeComErrmsg.publicPart(e.errmsg())));
                return;
            }
        }
        for (String userId : d.userIds()) {
            deleteMembers(new DeleteMembers(List.of(userId)), p);
        }
    }
}
