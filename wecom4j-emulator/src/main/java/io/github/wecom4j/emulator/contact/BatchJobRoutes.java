package io.github.wecom4j.emulator.contact;

import io.github.wecom4j.emulator.ApiCall;
import io.github.wecom4j.emulator.ApiError;
import io.github.wecom4j.emulator.ApiRoutes;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.Optional;
import java.util.function.Function;

/**
 * {@code /cgi-bin/batch/*} (docs 90980-90983): syncuser, replaceuser, replaceparty from an
 * uploaded CSV (its media_id), and getresult. Contacts-sync token only.
 */
final class BatchJobRoutes {

    private final ContactContext ctx;
    private final BatchJobs jobs;
    private final Function<String, Optional<byte[]>> media;

    BatchJobRoutes(ContactContext ctx, BatchJobs jobs, Function<String, Optional<byte[]>> media) {
        this.ctx = ctx;
        this.jobs = jobs;
        this.media = media;
    }

    void register(ApiRoutes api) {
        api.post("/cgi-bin/batch/syncuser", call -> submit(call, "sync_user"));
        api.post("/cgi-bin/batch/replaceuser", call -> submit(call, "replace_user"));
        api.post("/cgi-bin/batch/replaceparty", call -> submit(call, "replace_party"));
        api.get("/cgi-bin/batch/getresult", this::result);
    }

    private ObjectNode submit(ApiCall call, String type) {
        ctx.directory().read(() -> {
            ctx.access(call).requireWrite();
            return null;
        });
        JsonNode b = call.body();
        String mediaId = DirectoryJson.text(b, "media_id", 256, "");
        byte[] file = media.apply(mediaId).orElseThrow(() -> new ApiError(40007, "invalid media_id: " + mediaId));
        BatchJobs.Callback callback = null;
        JsonNode cb = b.path("callback");
        if (cb.isObject()) {
            callback = new BatchJobs.Callback(DirectoryJson.text(cb, "url", 1024, null), DirectoryJson.text(cb, "token", 32, null),
                    DirectoryJson.text(cb, "encodingaeskey", 43, null));
            if (callback.url() == null || callback.token() == null || callback.aesKey() == null || callback.aesKey().length() != 43) {
                throw new ApiError(40058, "callback needs url, token and a 43-character encodingaeskey");
            }
        }
        BatchJobs.Job job = jobs.submit(type, file, callback);
        return ctx.json().createObjectNode().put("jobid", job.id);
    }

    private ObjectNode result(ApiCall call) {
        String id = call.requireParam("jobid", 40058);
        ctx.directory().read(() -> {
            ctx.access(call).requireWrite();
            return null;
        });
        BatchJobs.Job job = jobs.get(id);
        ObjectNode out = ctx.json().createObjectNode();
        boolean done = job.finished;
        out.put("status", done ? 3 : jobs.percentage(job) > 0 ? 2 : 1);
        out.put("type", job.type);
        out.put("total", job.rows.size());
        out.put("percentage", done ? 100 : jobs.percentage(job));
        ArrayNode rows = out.putArray("result");
        if (done) {
            for (BatchJobs.RowResult r : job.results) {
                ObjectNode n = rows.addObject();
                if (r.userId() != null) {
                    n.put("userid", r.userId());
                }
                if (r.action() != null) {
                    n.put("action", r.action());
                    if (r.partyId() != null) {
                        n.put("partyid", r.partyId());
                    }
                }
                n.put("errcode", r.errcode());
                n.put("errmsg", r.errmsg());
            }
        }
        return out;
    }
}
