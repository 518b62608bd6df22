package io.github.wecom4j.gateway.directory;

import io.github.wecom4j.WeComClient;
import io.github.wecom4j.contact.Department;
import io.github.wecom4j.contact.Member;
import io.github.wecom4j.contact.MemberSummary;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

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
        return wecom.contacts().members().simpleList(id);
    }

    @GetMapping("/api/directory/members/{userId}")
    Member member(@PathVariable String userId) {
        return wecom.contacts().members().get(userId);
    }
}
