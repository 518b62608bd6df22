package io.github.wecom4j.gateway.directory;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * HR sync: plans the writes that make WeCom hold the desired org (against the mirror), and, unless
 * it is a dry run, makes them one by one with the contacts-sync token. Each accepted write goes
 * into the mirror at once, because WeCom does not announce changes made through the contacts-sync
 * API (no change_contact for them, doc 96301). A write WeCom refuses is reported with its errcode
 * and the sync goes on with the others: each row succeeds or is reported, never silently skipped.
 * <p>
 * When at least {@code jobMinCreates} members are new, the creations a job file can carry go in
 * {@code batch/syncuser} jobs ({@link MemberCreationJobs}) after every other member write (so the
 * mobiles and emails those free are free for the new members) and before departments are deleted.
 */
final class HrSync {

    private static final Logger log = LoggerFactory.getLogger(HrSync.class);

    private final Contacts contacts;
    private final MirrorStore store;
    private final String corp;
    private final MemberCreationJobs jobs;
    /** Fewest new members that go by job; 0: never. */
    private final int jobMinCreates;

    HrSync(Contacts contacts, MirrorStore store, String corp, MemberCreationJobs jobs, int jobMinCreates) {
        this.contacts = contacts;
        this.store = store;
        this.corp = corp;
        this.jobs = jobs;
        this.jobMinCreates = jobMinCreates;
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
        List<SyncReport.Step> done = new ArrayList<>();
        List<SyncReport.Problem> refused = new ArrayList<>();
        List<String> jobIds = new ArrayList<>();
        int[] calls = {0};
        boolean jobsRun = byJob.isEmpty();
        java.util.Set<Write> inJob = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        inJob.addAll(byJob);
        for (Write w : plan.writes()) {
            if (!jobsRun && w instanceof DeleteDepartment) {
                jobsRun = runJobs(byJob, done, refused, jobIds, calls);
            }
            if (inJob.contains(w)) {
                continue;
            }
            if (w instanceof DeleteMembers d) {
                deleteMembers(d, done, refused, calls);
                continue;
            }
            try {
                calls[0]++;
                execute(w);
                done.add(w.step());
                if (w instanceof CreateDepartment c && c.request().order() == null) {
                    // WeCom picks the order of a department created without one: read it back for the mirror
                    calls[0]++;
                    w = new CreateDepartment(c.request(), contacts.departments().get(c.after().id()));
                }
                mirror(w);
            } catch (WeComException e) {
                if (w instanceof DeleteDepartment && (e.errcode() == ContactErrors.DEPARTMENT_NOT_FOUND
                        || e.errcode() == ContactErrors.INVALID_DEPARTMENT)) {
                    mirror(w); // already gone from WeCom: the mirror was behind
                }
                refused.add(new SyncReport.Problem(w.step().op(), 0, w.step().key(), e.errcode(), e.errmsg()));
            }
        }
        if (!jobsRun) {
            runJobs(byJob, done, refused, jobIds, calls);
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        String summary = done.size() + " writes done, " + refused.size() + " refused by WeCom, " + calls[0] + " calls"
                + (jobIds.isEmpty() ? "" : " (" + byJob.size() + " creations in " + jobIds.size() + " batch/syncuser job(s))")
                + ", " + millis + " ms";
        store.recordSync(corp, summary);
        log.info("HR sync of {}: {}", corp, summary);
        return new SyncReport(false, true, List.of(), steps, done, refused, calls[0], millis, jobIds, byJob.size());
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

    /** Runs the job creations, mirrors the members WeCom accepted (in one transaction per job's worth), reports the rest. */
    private boolean runJobs(List<CreateMember> byJob, List<SyncReport.Step> done, List<SyncReport.Problem> refused,
                            List<String> jobIds, int[] calls) {
        MemberCreationJobs.Outcome outcome = jobs.run(byJob);
        calls[0] += outcome.calls();
        jobIds.addAll(outcome.jobIds());
        refused.addAll(outcome.refused());
        for (int i = 0; i < outcome.accepted().size(); i += MemberCreationJobs.ROWS_PER_JOB) {
            List<CreateMember> part = outcome.accepted().subList(i, Math.min(outcome.accepted().size(), i + MemberCreationJobs.ROWS_PER_JOB));
            store.locked(corp, () -> store.writeMembers(corp, part.stream().map(c -> new MirroredMember(c.after(), true)).toList(), false));
        }
        outcome.accepted().forEach(c -> done.add(c.step()));
        return true;
    }

    private Map<String, Member> currentMembers(List<String> userIds) {
        Map<String, Member> out = new HashMap<>();
        store.members(corp, userIds).forEach((id, s) -> out.put(id, s.value().member()));
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

    /** What WeCom now holds, into the mirror (WeCom will not announce it). */
    private void mirror(Write w) {
        store.locked(corp, () -> {
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
        });
    }

    /**
     * batchdelete is all-or-nothing (one unknown userid refuses the call); when WeCom refuses it, the
     * members are deleted one by one so the report names the ones WeCom refused.
     */
    private void deleteMembers(DeleteMembers d, List<SyncReport.Step> done, List<SyncReport.Problem> refused, int[] calls) {
        try {
            calls[0]++;
            if (d.userIds().size() == 1) {
                contacts.members().delete(d.userIds().get(0));
            } else {
                contacts.members().batchDelete(d.userIds());
            }
            done.add(d.step());
            mirror(d);
            return;
        } catch (WeComException e) {
            if (d.userIds().size() == 1) {
                if (e.errcode() == ContactErrors.USER_NOT_FOUND) {
                    mirror(d); // already gone from WeCom: the mirror was behind
                }
                refused.add(new SyncReport.Problem("delete_user", 0, d.userIds().get(0), e.errcode(), e.errmsg()));
                return;
            }
        }
        for (String userId : d.userIds()) {
            deleteMembers(new DeleteMembers(List.of(userId)), done, refused, calls);
        }
    }
}
