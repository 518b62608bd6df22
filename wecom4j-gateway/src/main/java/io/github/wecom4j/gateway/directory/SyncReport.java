package io.github.wecom4j.gateway.directory;

import java.util.List;

/**
 * What an HR sync found, planned, did and what WeCom refused, row by row. {@code accepted} is false
 * when the input had invalid rows: then nothing was applied ({@code done} is empty) and
 * {@code invalid} says why, per row. {@code createdByJob} counts the creations that go (or, in a
 * dry run, would go) in {@code batch/syncuser} jobs, {@code jobIds} the jobs WeCom ran.
 */
record SyncReport(boolean dryRun, boolean accepted, List<Problem> invalid, List<Step> plan, List<Step> done,
                  List<Problem> refused, int wecomCalls, long millis, List<String> jobIds, int createdByJob) {

    /** A row that is invalid, or a write WeCom refused: errcode as WeCom (or the SDK's local check) gives it. */
    record Problem(String kind, int row, String key, int errcode, String errmsg) {
        static Problem member(int row, String userId, int errcode, String errmsg) {
            return new Problem("member", row, userId, errcode, errmsg);
        }

        static Problem department(int row, String id, int errcode, String errmsg) {
            return new Problem("department", row, id, errcode, errmsg);
        }
    }

    /** One WeCom write: create_party, update_party, delete_party, create_user, update_user, delete_user. */
    record Step(String op, String key, String detail) {
    }
}
