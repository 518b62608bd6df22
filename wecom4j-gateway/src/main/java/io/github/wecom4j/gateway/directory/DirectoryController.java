package io.github.wecom4j.gateway.directory;

import io.github.wecom4j.WeComClient;
import io.github.wecom4j.contact.Department;
import io.github.wecom4j.contact.Member;
import io.github.wecom4j.contact.MemberSummary;
import io.github.wecom4j.contact.UserIds;
import io.github.wecom4j.error.WeComException;
import io.github.wecom4j.error.WeComValidationException;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The directory for internal callers (API key), answered from the mirror: departments and their
 * tree, members of a department (with or without the departments below it), one member with every
 * department (WeCom's departments and members are many-to-many), prefix search, tag members, the
 * mirror's state and an on-demand reconcile. Results are pages of at most
 * {@code gateway.directory.max-page-size}.
 *
 * <p>Until the first load has finished, departments, a department's direct members and a member
 * are read through WeCom as before (one call each); the tree, descendants, search and tags need the
 * mirror and answer 503 meanwhile.
 */
@RestController
class DirectoryController {

    private final WeComClient wecom;
    private final DirectoryMirror mirror;
    private final DirectoryQueries queries;
    private final DirectoryProperties properties;

    DirectoryController(WeComClient wecom, DirectoryMirror mirror, DirectoryProperties properties) {
        this.wecom = wecom;
        this.mirror = mirror;
        this.queries = mirror.queries();
        this.properties = properties;
    }

    @GetMapping("/api/directory/departments")
    List<Department> departments() {
        return loaded() ? queries.departments(corp()) : wecom.contacts().departments().list();
    }

    @GetMapping("/api/directory/tree")
    List<DirectoryQueries.TreeNode> tree() {
        requireLoaded();
        return queries.tree(corp());
    }

    @GetMapping("/api/directory/departments/{id}/members")
    DirectoryQueries.Page<MemberSummary> members(@PathVariable long id, @RequestParam(defaultValue = "false") boolean descendants,
                                                 @RequestParam(defaultValue = "0") int page,
                                                 @RequestParam(defaultValue = "100") int size) {
        checkPage(page, size);
        if (!loaded()) {
            if (descendants) {
                throw DirectoryException.notLoaded();
            }
            List<MemberSummary> all = readThrough(() -> wecom.contacts().members().simpleList(id), DEPARTMENT_UNKNOWN,
                    "no department " + id, "use an id from GET /api/directory/departments (within the app's visible"
                            + " range) / 部门不存在或不在可见范围");
            int from = (int) Math.min(all.size(), (long) page * size);
            return new DirectoryQueries.Page<>(all.subList(from, Math.min(all.size(), from + size)), page, size, all.size());
        }
        if (queries.department(corp(), id).isEmpty()) {
            throw new DirectoryException(404, ContactErrors.DEPARTMENT_NOT_FOUND, "no department " + id,
                    "GET /api/directory/tree lists the departments / 部门不存在");
        }
        return queries.members(corp(), id, descendants, page, size);
    }

    @GetMapping("/api/directory/members/{userId}")
    Member member(@PathVariable String userId) {
        if (!UserIds.valid(userId)) {
            throw new WeComValidationException(40003, "userid must be 1-64 letters, digits or _-@. (got '"
                    + (userId.length() > 64 ? userId.substring(0, 64) + "…" : userId) + "')");
        }
        if (!loaded()) {
            return readThrough(() -> wecom.contacts().members().get(userId), MEMBER_UNKNOWN, "no member " + userId,
                    "userids are case-sensitive as WeCom stores them; list a department's members to find it, and"
                            + " check the app's visible range / 成员不存在或不在可见范围");
        }
        return queries.member(corp(), userId).orElseThrow(() -> new DirectoryException(404, ContactErrors.USER_NOT_FOUND,
                "no member " + userId, "userids are matched case-insensitively; GET /api/directory/search?q= finds by"
                + " prefix / 成员不存在"));
    }

    @GetMapping("/api/directory/search")
    DirectoryQueries.Page<MemberSummary> search(@RequestParam String q, @RequestParam(defaultValue = "0") int page,
                                                @RequestParam(defaultValue = "20") int size) {
        if (q.isBlank() || q.length() > 64) {
            throw new IllegalArgumentException("q must be 1-64 characters: the start of a userid or a name");
        }
        checkPage(page, size);
        requireLoaded();
        return queries.search(corp(), q.strip(), page, size);
    }

    @GetMapping("/api/directory/tags/{tagId}/members")
    DirectoryQueries.Page<MemberSummary> tagMembers(@PathVariable int tagId, @RequestParam(defaultValue = "0") int page,
                                                    @RequestParam(defaultValue = "100") int size) {
        checkPage(page, size);
        requireLoaded();
        return queries.tagMembers(corp(), tagId, page, size).orElseThrow(() -> new DirectoryException(404,
                ContactErrors.INVALID_TAG, "no tag " + tagId, "tags are read at each reconcile / 标签不存在"));
    }

    @GetMapping("/api/directory/status")
    Map<String, Object> status() {
        return mirror.status();
    }

    /**
     * Reconciles now (one instance at a time, at most once per {@code reconcile-min-interval} across
     * the cluster: 429 otherwise): heals lost callbacks and reports the drift it found.
     */
    @PostMapping("/api/directory/reconcile")
    DirectoryReconciler.Result reconcile() {
        return mirror.reconcileOnDemand().orElseThrow(() -> new DirectoryException(409, -1,
                "a reconcile of this corp is running (on this or another instance)",
                "wait for it to finish; GET /api/directory/status shows its result / 另一个对账正在进行"));
    }

    /**
     * HR sync: the desired org as JSON or CSV ({@code text/csv}, members only); {@code dryRun=true}
     * answers the plan without writing. Invalid rows: 400 with every problem, nothing applied.
     */
    @PostMapping(path = "/api/directory/sync", consumes = {"application/json", "text/csv"})
    ResponseEntity<Map<String, Object>> sync(@org.springframework.web.bind.annotation.RequestBody String body,
                                             @org.springframework.web.bind.annotation.RequestHeader("Content-Type") String type,
                                             @RequestParam(defaultValue = "false") boolean dryRun) {
        requireLoaded();
        DesiredOrgReader reader = new DesiredOrgReader(properties.getSyncMaxMembers(), properties.getSyncMaxDepartments());
        DesiredOrgReader.Read input = type.toLowerCase(java.util.Locale.ROOT).startsWith("text/csv") ? reader.csv(body)
                : reader.json(body);
        SyncReport report = mirror.sync(input, dryRun).orElseThrow(() -> new DirectoryException(409, -1,
                "an HR sync of this corp is running (on this or another instance)",
                "send the next desired state when it has finished / 另一个同步正在进行"));
        Map<String, Object> out = new LinkedHashMap<>();
        if (!report.accepted()) {
            out.put("errcode", 40058);
            out.put("errmsg", report.invalid().size() + " row(s) are invalid; nothing was applied");
            out.put("hint", "fix the rows listed in report.invalid and send the whole file again / 输入有误，未做任何修改");
        } else {
            out.put("errcode", 0);
            out.put("errmsg", dryRun ? "plan only (dryRun)" : report.refused().isEmpty() ? "ok"
                    : report.refused().size() + " write(s) refused by WeCom, see report.refused");
        }
        out.put("report", report);
        return ResponseEntity.status(report.accepted() ? 200 : 400).body(out);
    }

    /** 60111 userid not found, 46004 user does not exist (doc 90313). */
    private static final Set<Integer> MEMBER_UNKNOWN = Set.of(ContactErrors.USER_NOT_FOUND, 46004);
    /** 60003 department not found, 60123 invalid department id (doc 90313). */
    private static final Set<Integer> DEPARTMENT_UNKNOWN = Set.of(ContactErrors.DEPARTMENT_NOT_FOUND, 60123);

    /**
     * A read through WeCom (mirror not loaded yet). WeCom's "no such member / department" codes are a
     * lookup's 404, not a gateway failure (502), and WeCom's own errmsg is not passed on: against real
     * WeCom it names the gateway's egress IP.
     */
    private static <T> T readThrough(Supplier<T> call, Set<Integer> unknown, String errmsg, String hint) {
        try {
            return call.get();
        } catch (WeComException e) {
            if (unknown.contains(e.errcode())) {
                throw new DirectoryException(404, e.errcode(), errmsg, hint);
            }
            throw e;
        }
    }

    @ExceptionHandler(DirectoryException.class)
    ResponseEntity<String> refused(DirectoryException e, HttpServletRequest request) {
        return e.reply(request);
    }

    private void checkPage(int page, int size) {
        if (size < 1 || size > properties.getMaxPageSize()) {
            throw new IllegalArgumentException("size must be between 1 and " + properties.getMaxPageSize());
        }
        if (page < 0 || (long) page * size > 10_000_000) {
            throw new IllegalArgumentException("page must be between 0 and " + 10_000_000 / size);
        }
    }

    private boolean loaded() {
        return mirror.loaded();
    }

    private void requireLoaded() {
        if (!loaded()) {
            throw DirectoryException.notLoaded();
        }
    }

    private String corp() {
        return mirror.corpId();
    }
}
