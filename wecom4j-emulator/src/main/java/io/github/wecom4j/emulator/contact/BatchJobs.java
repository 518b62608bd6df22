package io.github.wecom4j.emulator.contact;

import io.github.wecom4j.emulator.ApiError;
import io.github.wecom4j.emulator.EmulatorCounters;
import io.github.wecom4j.emulator.callback.CallbackPusher;
import io.github.wecom4j.emulator.corp.EmulatedMember;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The async import jobs (docs 90980-90983) on the emulator's virtual clock: a job is queued when
 * submitted, runs for one second plus one per thousand rows of virtual time, then applies its
 * rows (each with its own errcode), and pushes a {@code batch_job_result} event to the callback
 * given in the request. Changes made by jobs are not announced as change_contact.
 */
public final class BatchJobs {

    static final List<String> MEMBER_REQUIRED = List.of("姓名", "帐号", "部门");
    static final List<String> DEPARTMENT_REQUIRED = List.of("部门名称", "部门ID", "父部门ID");

    /** Where to announce the end of a job. */
    record Callback(String url, String token, String aesKey) {
    }

    /** A row's outcome, as batch/getresult lists it. */
    record RowResult(String userId, Long partyId, Integer action, int errcode, String errmsg) {
    }

    static final class Job {
        final String id;
        final String type;
        final List<Map<String, String>> rows;
        final Callback callback;
        final Instant submittedAt;
        final Instant dueAt;
        volatile List<RowResult> results = List.of();
        volatile boolean finished;
        boolean claimed;

        Job(String id, String type, List<Map<String, String>> rows, Callback callback, Instant submittedAt, Instant dueAt) {
            this.id = id;
            this.type = type;
            this.rows = rows;
            this.callback = callback;
            this.submittedAt = submittedAt;
            this.dueAt = dueAt;
        }
    }

    private final Directory directory;
    private final Clock clock;
    private final CallbackPusher pusher;
    private final EmulatorCounters counters;
    private final Supplier<String> corpId;
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    /** Jobs held back (a WeCom slower than any wait): none runs until released. */
    private volatile boolean held;

    public BatchJobs(Directory directory, Clock clock, CallbackPusher pusher, EmulatorCounters counters, Supplier<String> corpId) {
        this.directory = directory;
        this.clock = clock;
        this.pusher = pusher;
        this.counters = counters;
        this.corpId = corpId;
    }

    synchronized Job submit(String type, byte[] file, Callback callback) {
        List<Map<String, String>> rows = CsvRows.parse(file, type.equals("replace_party") ? DEPARTMENT_REQUIRED : MEMBER_REQUIRED);
        Instant now = clock.instant();
        Job job = new Job(UUID.randomUUID().toString().replace("-", ""), type, rows, callback, now,
                now.plus(Duration.ofSeconds(1 + rows.size() / 1000)));
        jobs.put(job.id, job);
        counters.increment("batch jobs submitted");
        return job;
    }

    /** The job, run first if its time has come. */
    Job get(String id) {
        tick();
        synchronized (this) {
            Job job = jobs.get(id);
            if (job == null) {
                throw new ApiError(40058, "invalid jobid");
            }
            return job;
        }
    }

    int percentage(Job job) {
        if (job.finished) {
            return 100;
        }
        long total = Duration.between(job.submittedAt, job.dueAt).toMillis();
        long done = Duration.between(job.submittedAt, clock.instant()).toMillis();
        return (int) Math.max(0, Math.min(99, done * 100 / Math.max(1, total)));
    }

    /**
     * Holds every job back (getresult answers them queued or running) until released: a test's
     * WeCom that takes longer than the client waits, whatever the clock says.
     */
    public void hold(boolean held) {
        this.held = held;
    }

    /** Runs every job whose time has come; called by the emulator's ticker and by getresult. */
    public void tick() {
        if (held) {
            return;
        }
        List<Job> due = new ArrayList<>();
        synchronized (this) {
            for (Job j : jobs.values()) {
                if (!j.claimed && !clock.instant().isBefore(j.dueAt)) {
                    j.claimed = true;
                    due.add(j);
                }
            }
        }
        for (Job j : due) {
            j.results = run(j);
            j.finished = true;
            counters.increment("batch jobs finished");
            if (j.callback != null) {
                pusher.pushTo(j.callback.url(), j.callback.token(), j.callback.aesKey(), "batch_job_result", resultXml(j));
            }
        }
    }

    public synchronized void reset() {
        jobs.clear();
        held = false;
    }

    private List<RowResult> run(Job job) {
        return directory.change(Origin.BATCH_JOB, () -> switch (job.type) {
            case "sync_user" -> members(job.rows, false);
            case "replace_user" -> members(job.rows, true);
            default -> departments(job.rows);
        });
    }

    private List<RowResult> members(List<Map<String, String>> rows, boolean replace) {
        List<RowResult> out = new ArrayList<>();
        Set<String> inFile = new HashSet<>();
        for (Map<String, String> row : rows) {
            String userId = row.get("帐号");
            inFile.add(MemberStore.key(userId));
            try {
                EmulatedMember existing = directory.members().get(userId);
                EmulatedMember.Builder b = existing == null ? new EmulatedMember.Builder() : existing.toBuilder();
                b.userId = existing == null ? userId : existing.userId();
                fill(b, row, replace || existing == null);
                if (existing == null) {
                    b.status = b.status == 0 ? 4 : b.status;
                    directory.members().create(b.build());
                } else {
                    directory.members().update(b.build());
                }
                out.add(new RowResult(userId, null, null, 0, "ok"));
            } catch (ApiError | IllegalArgumentException e) {
                out.add(new RowResult(userId, null, null, e instanceof ApiError a ? a.errcode() : 40058, e.getMessage()));
            }
        }
        if (replace) {
            for (EmulatedMember m : List.copyOf(directory.members().all())) {
                if (!inFile.contains(MemberStore.key(m.userId()))) {
                    directory.members().delete(m.userId());
                }
            }
        }
        return out;
    }

    /** Fills the member from a row; empty cells keep the old value unless the row replaces it. */
    private static void fill(EmulatedMember.Builder b, Map<String, String> row, boolean replace) {
        b.name = cell(row, "姓名", b.name, replace);
        b.alias = cell(row, "别名", b.alias, replace);
        b.position = cell(row, "职务", b.position, replace);
        b.mobile = cell(row, "手机", b.mobile, replace);
        b.telephone = cell(row, "座机", b.telephone, replace);
        b.email = cell(row, "个人邮箱", b.email, replace);
        b.address = cell(row, "地址", b.address, replace);
        String gender = row.getOrDefault("性别", "");
        if (!gender.isEmpty() || replace) {
            b.gender = gender.equals("男") ? "1" : gender.equals("女") ? "2" : gender.isEmpty() ? "0" : gender;
        }
        String departments = row.getOrDefault("部门", "");
        if (!departments.isEmpty()) {
            b.departments = ids(departments);
            b.orders = row.getOrDefault("排序", "").isEmpty() ? null : ids(row.get("排序"));
            b.leaderInDept = row.getOrDefault("是否部门内上级", "").isEmpty() ? null
                    : ids(row.get("是否部门内上级")).stream().map(l -> l == 0 ? 0 : 1).toList();
            if (b.orders != null && b.orders.size() != b.departments.size()
                    || b.leaderInDept != null && b.leaderInDept.size() != b.departments.size()) {
                throw new ApiError(60132, "排序 and 是否部门内上级 must have as many values as 部门");
            }
        } else if (b.departments == null) {
            throw new ApiError(60127, "部门 is empty");
        }
        if ("1".equals(row.get("禁用"))) {
            b.status = 2;
        } else if (b.status == 2 && "0".equals(row.get("禁用"))) {
            b.status = 1;
        }
    }

    private List<RowResult> departments(List<Map<String, String>> rows) {
        List<RowResult> out = new ArrayList<>();
        Set<Long> inFile = new HashSet<>(List.of(1L));
        List<Map<String, String>> pending = new ArrayList<>(rows);
        // parents first: a row waits until its parent exists (the file may list children first)
        boolean progress = true;
        while (!pending.isEmpty() && progress) {
            progress = false;
            for (var it = pending.iterator(); it.hasNext(); ) {
                Map<String, String> row = it.next();
                long id;
                long parent;
                try {
                    id = Long.parseLong(row.get("部门ID").trim());
                    parent = Long.parseLong(row.get("父部门ID").trim());
                } catch (NumberFormatException e) {
                    out.add(new RowResult(null, null, 1, 60123, "部门ID and 父部门ID must be numbers"));
                    it.remove();
                    progress = true;
                    continue;
                }
                if (!directory.departments().exists(parent) && rows.stream().anyMatch(r -> r.get("部门ID").trim().equals(Long.toString(parent)))
                        && pending.stream().anyMatch(r -> r.get("部门ID").trim().equals(Long.toString(parent)))) {
                    continue;
                }
                it.remove();
                progress = true;
                inFile.add(id);
                Long order = row.getOrDefault("排序", "").isEmpty() ? null : Long.parseLong(row.get("排序").trim());
                try {
                    if (id == 1) {
                        directory.departments().update(1, row.get("部门名称"), null, null, order);
                        out.add(new RowResult(null, 1L, 2, 0, "ok"));
                    } else if (directory.departments().exists(id)) {
                        directory.departments().update(id, row.get("部门名称"), null, parent, order);
                        out.add(new RowResult(null, id, 2, 0, "ok"));
                    } else {
                        directory.departments().create(id, row.get("部门名称"), null, parent, order);
                        out.add(new RowResult(null, id, 1, 0, "ok"));
                    }
                } catch (ApiError e) {
                    out.add(new RowResult(null, id, 1, e.errcode(), e.errmsg()));
                }
            }
        }
        for (Map<String, String> row : pending) {
            out.add(new RowResult(null, null, 1, 60010, "cycle among the rows of 部门ID " + row.get("部门ID")));
        }
        // departments missing from the file go, deepest first, unless members keep them
        List<Long> order = directory.departments().descendants(1);
        for (int i = order.size() - 1; i >= 0; i--) {
            long id = order.get(i);
            if (!inFile.contains(id)) {
                try {
                    directory.departments().delete(id);
                    out.add(new RowResult(null, id, 3, 0, "ok"));
                } catch (ApiError e) {
                    out.add(new RowResult(null, id, 3, e.errcode(), e.errmsg()));
                }
            }
        }
        return out;
    }

    private String resultXml(Job j) {
        return "<xml><ToUserName><![CDATA[" + corpId.get() + "]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName>"
                + "<CreateTime>" + clock.instant().getEpochSecond() + "</CreateTime><MsgType><![CDATA[event]]></MsgType>"
                + "<Event><![CDATA[batch_job_result]]></Event><BatchJob><JobId><![CDATA[" + j.id + "]]></JobId>"
                + "<JobType><![CDATA[" + j.type + "]]></JobType><ErrCode>0</ErrCode><ErrMsg><![CDATA[ok]]></ErrMsg></BatchJob></xml>";
    }

    private static String cell(Map<String, String> row, String column, String old, boolean replace) {
        String v = row.getOrDefault(column, "");
        return !v.isEmpty() || replace ? v : old;
    }

    private static List<Long> ids(String cell) {
        try {
            return Arrays.stream(cell.split(";")).map(String::trim).map(Long::parseLong).toList();
        } catch (NumberFormatException e) {
            throw new ApiError(40058, "'" + cell + "' must be numbers separated by ;");
        }
    }
}
