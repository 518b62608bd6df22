package io.github.wecom4j.contact;

import java.util.List;

/**
 * batch/getresult (doc 90983): the job's state and, once finished, one row per line of the file
 * with WeCom's errcode for it. {@code type} is sync_user, replace_user, invite_user or replace_party.
 */
public record JobResult(String jobId, JobStatus status, String type, int total, int percentage, List<Row> rows) {

    public JobResult {
        rows = List.copyOf(rows);
    }

    /** One line of the file: a member ({@code userId}) or a department ({@code departmentId}, {@code action}). */
    public record Row(String userId, Long departmentId, Integer action, int errcode, String errmsg) {
        public boolean ok() {
            return errcode == 0;
        }
    }

    public boolean finished() {
        return status == JobStatus.FINISHED;
    }

    /** The rows WeCom refused. */
    public List<Row> failures() {
        return rows.stream().filter(r -> !r.ok()).toList();
    }
}
