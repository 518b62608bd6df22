package io.github.wecom4j.gateway.directory;

import io.github.wecom4j.contact.Member;
import io.github.wecom4j.contact.MemberSummary;
import io.github.wecom4j.contact.UserIds;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Data of the console's directory page ({@code /directory.html}): the mirror's state (loaded, last
 * reconcile and its drift, last HR sync), the department tree, a department's members, one member.
 * Under {@code /api/console/**}, so the console's access rule applies (open against the embedded
 * emulator, WeCom-logged-in admins otherwise); reads the mirror only, never WeCom.
 */
@RestController
class DirectoryConsoleController {

    private static final int PAGE = 200;

    private final DirectoryMirror mirror;

    DirectoryConsoleController(DirectoryMirror mirror) {
        this.mirror = mirror;
    }

    @GetMapping("/api/console/directory")
    Map<String, Object> overview() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", mirror.status());
        out.put("tree", mirror.loaded() ? mirror.queries().tree(mirror.corpId()) : List.of());
        return out;
    }

    @GetMapping("/api/console/directory/departments/{id}/members")
    DirectoryQueries.Page<MemberSummary> members(@PathVariable long id, @RequestParam(defaultValue = "0") int page) {
        if (page < 0 || page > 10_000) {
            throw new IllegalArgumentException("page must be between 0 and 10000");
        }
        return mirror.queries().members(mirror.corpId(), id, true, page, PAGE);
    }

    @GetMapping("/api/console/directory/members/{userId}")
    ResponseEntity<Member> member(@PathVariable String userId) {
        if (!UserIds.valid(userId)) {
            throw new IllegalArgumentException("not a userid");
        }
        return ResponseEntity.of(mirror.queries().member(mirror.corpId(), userId));
    }

    @PostMapping("/api/console/directory/reconcile")
    Map<String, Object> reconcile() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ran", mirror.reconcileOnDemand().isPresent());
        out.put("status", mirror.status());
        return out;
    }

    @org.springframework.web.bind.annotation.ExceptionHandler(DirectoryException.class)
    ResponseEntity<String> refused(DirectoryException e, jakarta.servlet.http.HttpServletRequest request) {
        return e.reply(request);
    }
}
