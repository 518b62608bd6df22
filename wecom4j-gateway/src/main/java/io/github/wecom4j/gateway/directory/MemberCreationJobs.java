package io.github.wecom4j.gateway.directory;

import io.github.wecom4j.gateway.web.WeComErrmsg;
import io.github.wecom4j.contact.ContactCsv;
import io.github.wecom4j.contact.Contacts;
import io.github.wecom4j.contact.DepartmentRef;
import io.github.wecom4j.contact.JobResult;
import io.github.wecom4j.contact.Member;
import io.github.wecom4j.contact.Membership;
import io.github.wecom4j.error.WeComException;
import io.github.wecom4j.error.WeComValidationException;
import io.github.wecom4j.gateway.directory.SyncPlanner.CreateMember;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Many member creations of an HR sync as {@code batch/syncuser} jobs (doc 90980) rather than one
 * {@code user/create} each: a file upload, a job and a few {@code batch/getresult} polls (doc
 * 90983) instead of thousands of calls. syncuser creates the file's members WeCom does not hold,
 * updates those it holds with the file's non-empty cells, and leaves every other member as it is;
 * a row WeCom refuses is named in the job's result with its errcode, like a refused call.
 * <p>
 * Unlike {@code user/create}, a job does not refuse a row naming a department WeCom lacks: it
 * creates that department under 待设置部门. So a row goes by job only when every department it
 * names is one WeCom holds ({@link #split}).
 */
final class MemberCreationJobs {

    /** Rows per job file; a file WeCom would refuse as too large (20 MB) is split in two until it fits. */
    static final int ROWS_PER_JOB = 10_000;
    /**
     * A row whose outcome the gateway did not learn: the job outlived the wait, its start or its
     * result was lost, or it was not sent. Not a WeCom errcode (WeCom's -1 means busy).
     */
    static final int OUTCOME_UNKNOWN = -3;
    private static final Duration FIRST_POLL = Duration.ofMillis(200);
    private static final Duration LONGEST_POLL = Duration.ofSeconds(2);

    /** What the jobs did: the creations WeCom accepted, the rows it refused (or whose end was not seen), the jobs, the calls made. */
    record Outcome(List<CreateMember> accepted, List<SyncReport.Problem> refused, List<String> jobIds, int calls) {
    }

    /** The creations that go by job and those that stay single calls (they name a department WeCom lacks). */
    record Split(List<CreateMember> byJob, List<CreateMember> singly, int calls) {
    }

    private final Contacts contacts;
    private final Duration timeout;

    MemberCreationJobs(Contacts contacts, Duration timeout) {
        this.contacts = contacts;
        this.timeout = timeout;
    }

    /** How long a sync waits for its jobs, counted from the sync's start. */
    Duration timeout() {
        return timeout;
    }

    /**
     * Whether the job file carries everything {@code user/create} would send: the file has no main
     * department column (WeCom makes the first department the main one), nor columns for direct
     * leaders, extended attributes, biz_mail or the external position, and a value the file writes
     * behind an apostrophe (a spreadsheet formula) is not stored as given.
     */
    static boolean expressible(CreateMember create) {
        Member m = create.request();
        boolean mainIsFirst = m.mainDepartment() == null || m.mainDepartment() == m.memberships().get(0).departmentId();
        return mainIsFirst && m.directLeaders().isEmpty() && m.extAttrs().isEmpty() && m.bizMail().isEmpty()
                && m.externalPosition().isEmpty()
                && Stream.of(m.name(), m.userId(), m.alias(), m.position(), m.mobile(), m.telephone(), m.email(), m.address())
                .noneMatch(ContactCsv::defused);
    }

    /**
     * Splits the creations by the departments WeCom holds now (one {@code department/simplelist}):
     * a department whose creation WeCom refused in this sync, or that WeCom deleted without the
     * mirror learning of it, keeps its rows out of the job, so WeCom refuses them (60003) as it
     * would a single call instead of making up the department.
     */
    Split split(List<CreateMember> creations) {
        Set<Long> held = new HashSet<>();
        for (DepartmentRef d : contacts.departments().simpleList()) {
            held.add(d.id());
        }
        List<CreateMember> byJob = new ArrayList<>();
        List<CreateMember> singly = new ArrayList<>();
        for (CreateMember c : creations) {
            boolean known = c.request().memberships().stream().map(Membership::departmentId).allMatch(held::contains);
            (known ? byJob : singly).add(c);
        }
        return new Split(byJob, singly, 1);
    }

    /**
     * Runs the creations in jobs of at most {@link #ROWS_PER_JOB} rows, one after the other, each
     * waited for until {@code deadline} ({@link System#nanoTime()}; the sync holds a cluster lock
     * meanwhile): rows of a job not started in time are reported, not sent.
     */
    Outcome run(List<CreateMember> creations, long deadline) {
        Outcome out = new Outcome(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), 0);
        int calls = 0;
        for (int i = 0; i < creations.size(); i += ROWS_PER_JOB) {
            calls += submit(creations.subList(i, Math.min(creations.size(), i + ROWS_PER_JOB)), deadline, out);
        }
        return new Outcome(out.accepted(), out.refused(), out.jobIds(), calls);
    }

    /** One job of these rows (two, each of half, when the file is too large for WeCom); the calls it made. */
    private int submit(List<CreateMember> rows, long deadline, Outcome out) {
        if (System.nanoTime() >= deadline || Thread.currentThread().isInterrupted()) {
            rows.forEach(c -> out.refused().add(problem(c, OUTCOME_UNKNOWN, "not sent: the sync's " + timeout.toSeconds()
                    + " s for jobs were used up (or the gateway is stopping); send the desired state again")));
            return 0;
        }
        String jobId;
        try {
            jobId = contacts.jobs().syncUsers(rows.stream().map(CreateMember::request).toList(), null);
        } catch (WeComValidationException e) {
            if (e.errcode() == 40006 && rows.size() > 1) {
                int half = rows.size() / 2;
                return submit(rows.subList(0, half), deadline, out) + submit(rows.subList(half, rows.size()), deadline, out);
            }
            rows.forEach(c -> out.refused().add(problem(c, e.errcode(), WeComErrmsg.publicPart(e.errmsg()))));
            return 0;
        } catch (WeComException e) {
            // the upload or the start failed; after a network failure WeCom may have started the job all the same
            boolean maybeStarted = e.errcode() == WeComException.TRANSPORT_FAILURE;
            rows.forEach(c -> out.refused().add(maybeStarted ? problem(c, OUTCOME_UNKNOWN, "batch/syncuser failed on the network ("
                    + WeComErrmsg.publicPart(e.errmsg()) + "); WeCom may have started the job: the next reconcile shows what it created")
                    : problem(c, e.errcode(), WeComErrmsg.publicPart(e.errmsg()))));
            return 2;
        }
        out.jobIds().add(jobId);
        Awaited awaited = await(jobId, deadline);
        sort(rows, awaited, out);
        return 2 + awaited.calls(); // media/upload of the file, batch/syncuser, the polls
    }

    private record Awaited(JobResult result, String failure, int calls) {
    }

    /** Polls the job until it has finished or the deadline has passed, backing off from 200 ms to 2 s between polls. */
    private Awaited await(String jobId, long deadline) {
        Duration pause = FIRST_POLL;
        int calls = 0;
        while (true) {
            long left = deadline - System.nanoTime();
            try {
                Thread.sleep(Math.max(0, Math.min(pause.toMillis(), left / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Awaited(null, "the gateway stopped waiting for job " + jobId + " (shutting down); WeCom may still"
                        + " apply it: the next reconcile brings the mirror up to date", calls);
            }
            JobResult result = null;
            String failure;
            try {
                calls++;
                result = contacts.jobs().result(jobId);
                failure = "job " + jobId + " had not finished after " + timeout.toSeconds() + " s (" + result.percentage()
                        + " %); WeCom may still apply it: the next reconcile brings the mirror up to date";
            } catch (WeComException e) {
                failure = "batch/getresult of job " + jobId + " failed: " + e.errcode() + " " + WeComErrmsg.publicPart(e.errmsg())
                        + "; WeCom may still apply the job: the next reconcile brings the mirror up to date";
                // the job runs on at WeCom whatever a poll met: a network failure or a busy WeCom is polled through
                if (e.errcode() != WeComException.TRANSPORT_FAILURE && e.errcode() != -1) {
                    return new Awaited(null, failure, calls);
                }
            }
            if (result != null && result.finished()) {
                return new Awaited(result, null, calls);
            }
            if (System.nanoTime() >= deadline) {
                return new Awaited(null, failure, calls);
            }
            pause = pause.multipliedBy(2).compareTo(LONGEST_POLL) > 0 ? LONGEST_POLL : pause.multipliedBy(2);
        }
    }

    /** Each row of the job: accepted, refused with WeCom's errcode, or unknown (never silently dropped). */
    private static void sort(List<CreateMember> rows, Awaited awaited, Outcome out) {
        if (awaited.result() == null) {
            rows.forEach(c -> out.refused().add(problem(c, OUTCOME_UNKNOWN, awaited.failure())));
            return;
        }
        Map<String, JobResult.Row> byUserId = new HashMap<>();
        for (JobResult.Row r : awaited.result().rows()) {
            if (r.userId() != null) {
                // userids are unique whatever their case (doc 90195)
                byUserId.put(r.userId().toLowerCase(Locale.ROOT), r);
            }
        }
        for (CreateMember c : rows) {
            JobResult.Row r = byUserId.get(c.request().userId().toLowerCase(Locale.ROOT));
            if (r == null) {
                out.refused().add(problem(c, OUTCOME_UNKNOWN, "job " + awaited.result().jobId() + " finished without a result"
                        + " for this row; the next reconcile shows whether WeCom created the member"));
            } else if (r.ok()) {
                out.accepted().add(c);
            } else {
                out.refused().add(problem(c, r.errcode(), WeComErrmsg.publicPart(r.errmsg())));
            }
        }
    }

    private static SyncReport.Problem problem(CreateMember c, int errcode, String errmsg) {
        return new SyncReport.Problem(c.step().op(), 0, c.step().key(), errcode, errmsg);
    }
}
