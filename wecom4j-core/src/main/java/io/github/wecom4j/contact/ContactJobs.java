package io.github.wecom4j.contact;

import io.github.wecom4j.WeComApi;
import io.github.wecom4j.error.WeComValidationException;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Async import jobs (docs 90980-90983): the SDK writes the CSV in WeCom's format from typed rows,
 * uploads it as a file and starts the job; {@link #result} polls it. A job's end is also pushed
 * to its {@link JobCallback} as a {@code batch_job_result} event.
 */
public final class ContactJobs {

    /** WeCom's largest file upload. */
    static final int MAX_FILE_BYTES = 20 * 1024 * 1024;

    private final ContactsCredentials credentials;

    ContactJobs(ContactsCredentials credentials) {
        this.credentials = credentials;
    }

    /** Creates or updates the members in the file; fields left empty keep their value (syncuser). */
    public String syncUsers(List<Member> members, JobCallback callback) {
        return start("/cgi-bin/batch/syncuser", "members.csv", ContactCsv.members(members), callback);
    }

    /** Makes the corp's members exactly the file's: the others are deleted (replaceuser). */
    public String replaceUsers(List<Member> members, JobCallback callback) {
        return start("/cgi-bin/batch/replaceuser", "members.csv", ContactCsv.members(members), callback);
    }

    /** Makes the corp's departments exactly the file's; departments with members stay (replaceparty). */
    public String replaceDepartments(List<Department> departments, JobCallback callback) {
        return start("/cgi-bin/batch/replaceparty", "departments.csv", ContactCsv.departments(departments), callback);
    }

    public JobResult result(String jobId) {
        if (jobId == null || jobId.isBlank() || jobId.length() > 64) {
            throw new WeComValidationException(40058, "jobid must be 1-64 characters");
        }
        JsonNode body = credentials.sync("batch/getresult").get("/cgi-bin/batch/getresult", Map.of("jobid", jobId));
        List<JobResult.Row> rows = new ArrayList<>();
        for (JsonNode r : body.path("result")) {
            rows.add(new JobResult.Row(r.has("userid") ? r.path("userid").asString() : null,
                    r.has("partyid") ? r.path("partyid").asLong() : null, r.has("action") ? r.path("action").asInt() : null,
                    r.path("errcode").asInt(0), r.path("errmsg").asString("")));
        }
        return new JobResult(jobId, JobStatus.of(body.path("status").asInt(1)), body.path("type").asString(""),
                body.path("total").asInt(0), body.path("percentage").asInt(0), rows);
    }

    private String start(String path, String filename, byte[] csv, JobCallback callback) {
        if (csv.length > MAX_FILE_BYTES) {
            throw new WeComValidationException(40006, "the job's file is " + csv.length + " bytes; WeCom takes at most 20 MB");
        }
        WeComApi api = credentials.sync(path.substring("/cgi-bin/".length()));
        String mediaId = api.upload("/cgi-bin/media/upload", Map.of("type", "file"), filename, "text/csv", csv)
                .path("media_id").asString();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("media_id", mediaId);
        body.put("to_invite", false);
        if (callback != null) {
            body.put("callback", Map.of("url", callback.url(), "token", callback.token(), "encodingaeskey", callback.encodingAesKey()));
        }
        return api.post(path, body).path("jobid").asString();
    }
}
