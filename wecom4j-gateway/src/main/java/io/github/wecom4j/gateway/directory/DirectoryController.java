package io.github.wecom4j.gateway.directory;

import io.github.wecom4j.WeComClient;
import io.github.wecom4j.contact.Department;
import io.github.wecom4j.contact.Member;
import io.github.wecom4j.contact.MemberSummary;
import io.github.wecom4j.error.WeComException;
import io.github.wecom4j.gateway.web.ApiError;
import io.github.wecom4j.gateway.web.ErrorReplies;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Set;

/**
 * The directory for internal callers (API key): departments, a department's direct members, one
 * member with every department they belong to (WeCom's departments and members are many-to-many).
 * Read through the contacts-sync token when one is configured, else the first app's visible range.
 */
@RestController
class DirectoryController {

    private final WeComClient wecom;

    DirectoryController(WeComClient wecom) {
        this.wecom = wecom;
    }

    @GetMapping("/api/directory/departments")
    List<Department> departments() {
        return wecom.contacts().departments().list();
    }

    @GetMapping("/api/directory/departments/{id}/members")
    List<MemberSummary> members(@PathVariable long id) {
        try {
            return wecom.contacts().members().simpleList(id);
        } catch (WeComException e) {
            throw notFoundOr(e, DEPARTMENT_UNKNOWN, "no department " + id + " in the directory",
                    "use an id from GET /api/directory/departments (within the app's visible range) / 部门不存在或不在可见范围");
        }
    }

    @GetMapping("/api/directory/members/{userId}")
    Member member(@PathVariable String userId) {
        try {
            return wecom.contacts().members().get(userId);
        } catch (WeComException e) {
            throw notFoundOr(e, MEMBER_UNKNOWN, "no member " + userId + " in the directory",
                    "userids are case-sensitive as WeCom stores them; list a department's members to find it, and"
                            + " check the app's visible range / 成员不存在或不在可见范围");
        }
    }

    /**
     * WeCom's "no such member / department" codes are a lookup's 404, not a gateway failure (502),
     * and WeCom's own errmsg is not passed on: against real WeCom it names the gateway's egress IP.
     */
    private static RuntimeException notFoundOr(WeComException e, Set<Integer> unknown, String errmsg, String hint) {
        if (unknown.contains(e.errcode())) {
            return new NotFound(e.errcode(), errmsg, hint);
        }
        return e;
    }

    /** 60111 userid not found, 46004 user does not exist (doc 90313). */
    private static final Set<Integer> MEMBER_UNKNOWN = Set.of(60111, 46004);
    /** 60003 department not found, 60123 invalid department id (doc 90313). */
    private static final Set<Integer> DEPARTMENT_UNKNOWN = Set.of(60003, 60123);

    static final class NotFound extends RuntimeException {
        private final ApiError error;

        NotFound(int errcode, String errmsg, String hint) {
            super(errmsg, null, false, false);
            this.error = new ApiError(errcode, errmsg, hint);
        }
    }

    @ExceptionHandler(NotFound.class)
    ResponseEntity<String> notFound(NotFound e, HttpServletRequest request) {
        return ErrorReplies.reply(request, HttpStatus.NOT_FOUND, e.error);
    }
}
