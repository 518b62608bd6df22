package io.github.wecom4j.gateway.directory;

import io.github.wecom4j.contact.ContactCsv;
import io.github.wecom4j.contact.Contacts;
import io.github.wecom4j.contact.JobResult;
import io.github.wecom4j.contact.Member;
import io.github.wecom4j.error.WeComException;
import io.github.wecom4j.gateway.directory.SyncPlanner.CreateMember;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Many member creations of an HR sync as {@code batch/syncuser} jobs (doc 90980) rather than one
 * {@code user/create} each: a file upload, a job and a few {@code batch/getresult} polls (doc
 * 90983) instead of thousands of calls. Only creations the job file expresses exactly go this way
 * (see {@link #expressible}); the rest stay single calls. syncuser creates the members of the file
 * that WeCom does not hold and leaves every other member as it is; a row WeCom refuses is named in
 * the job's result with its errcode, like a refused call.
 */
final class MemberCreationJobs {

    /** Rows per job file: a few MB of CSV, far under WeCom's 20 MB file limit. */
    static final int ROWS_PER_JOB = 10_000;
    /** Unset errcode of a row whose outcome the gateway could not learn (the job outlived the wait, or the result left it out). */
    static final int OUTCOME_UNKNOWN = -1;
    private static final Duration FIRST_POLL = Duration.ofMillis(200);
    private static final Duration LONGEST_POLL = Duration.ofSeconds(2);

    /** What the jobs did: the creations WeCom accepted, the rows it refused (or whose end was not seen), the jobs, the calls made. */
    record Outcome(List<CreateMember> accepted, List<SyncReport.Problem> refused, List<String> jobIds, int calls) {
    }

    private final Contacts contacts;
    private final Duration timeout;

    MemberCreationJobs(Contacts contacts, Duration timeout) {
        this.contacts = contacts;
        this.timeout = timeout;
    }

    /**
     * Whether the job file carries everything {@code user/create} would send: the file has no main
     * department column (WeCom makes the first department the main one), and a value the file
     * writes behind an apostrophe (a spreadsheet formula) is not stored as given.
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
     * Runs the creations in jobs of {@link #ROWS_PER_JOB} rows, one after the other, each waited for,
     * all within the timeout (the sync holds a cluster lock meanwhile): rows of a job not started
     * in time are reported, not sent.
     */
    Outcome run(List<CreateMember> creations) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<CreateMember> accepted = new ArrayList<>();
        List<SyncReport.Problem> refused = new ArrayList<>();
        List<String> jobIds = new ArrayList<>();
        int calls = 0;
        for (int i = 0; i < creations.size(); i += ROWS_PER_JOB) {
            List<CreateMember> rows = creations.subList(i, Math.min(creations.size(), i + ROWS_PER_JOB));
            if (System.nanoTime() >= deadline) {
                rows.forEach(c -> refused.add(problem(c, OUTCOME_UNKNOWN, "not sent: the earlier jobs used the "
                        + timeout.toSeconds() + " s a sync waits for jobs; send the desired state again")));
                continue;
            }
            String jobId;
            try {
                calls += 2; // media/upload of the file, then batch/syncuser
                jobId = contacts.jobs().syncUsers(rows.stream().map(CreateMember::request).toList(), null);
            } catch (WeComException e) {
                rows.forEach(c -> refused.add(problem(c, e.errcode(), e.errmsg())));
                continue;
            }
            jobIds.add(jobId);
            Awaited awaited = await(jobId, deadline);
            calls += awaited.calls();
            sort(rows, awaited, accepted, refused);
        }
        return new Outcome(accepted, refused, jobIds, calls);
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
                return new Awaited(null, "the gateway stopped waiting for job " + jobId + " (shutting down)", calls);
            }
            JobResult result = null;
            String failure;
            try {
                calls++;
                result = contacts.jobs().result(jobId);
                failure = "job " + jobId + " had not finished after " + timeout.toSeconds() + " s (" + result.percentage()
                        + " %); WeCom may still apply it: the next reconcile brings the mirror up to date";
            } catch (WeComException e) {
                failure = "batch/getresult of job " + jobId + " failed: " + e.errcode() + " " + e.errmsg()
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
    private static void sort(List<CreateMember> rows, Awaited awaited, List<CreateMember> accepted, List<SyncReport.Problem> refused) {
        if (awaited.result() == null) {
            rows.forEach(c -> refused.add(problem(c, OUTCOME_UNKNOWN, awaited.failure())));
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
                refused.add(problem(c, OUTCOME_UNKNOWN, "job " + awaited.result().jobId() + " finished without a result for this row;"
                        + " the next reconcile shows whether WeCom created the member"));
            } else if (r.ok()) {
                accepted.add(c);
            } else {
                refused.add(problem(c, r.errcode(), r.errmsg()));
            }
        }
    }

    private static SyncReport.Problem problem(CreateMember c, int errcode, String errmsg) {
        return new SyncReport.Problem(c.step().op(), 0, c.step().key(), errcode, errmsg);
    }
}
