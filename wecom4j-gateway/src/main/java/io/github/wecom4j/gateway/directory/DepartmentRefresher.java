package io.github.wecom4j.gateway.directory;

import io.github.wecom4j.contact.Contacts;
import io.github.wecom4j.contact.Department;
import io.github.wecom4j.error.WeComException;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a department again into the mirror, as change_contact handling does: the read takes the
 * corp's read sequence first and is written only if no later read wrote the department (or its
 * tombstone); a department WeCom no longer has is removed. Shared by change_contact handling and
 * the HR sync, which both learn of department changes WeCom does not announce ({@link Leadership}).
 */
final class DepartmentRefresher {

    private final Contacts contacts;
    private final MirrorStore store;
    private final String corp;

    DepartmentRefresher(Contacts contacts, MirrorStore store, String corp) {
        this.contacts = contacts;
        this.store = store;
        this.corp = corp;
    }

    /**
     * Reads department {@code id} again. With ids only (48009: the secret may not read details from
     * this IP, doc 96255) the event's fields stand in for the read, applied to the department as
     * the mirror knows it: WeCom sends {@code Name} and {@code ParentId} of an update_party only
     * when they changed (doc 90971), so a move carries no name and a rename no parent; a row
     * rebuilt from the event alone lost the name for good (the ids-only reconcile keeps names it
     * knows). Without either field the refusal is thrown.
     */
    void refresh(long id, Long parentId, String name) {
        long seq = store.nextReadSeq(corp);
        Department read;
        try {
            read = contacts.departments().get(id);
        } catch (WeComException e) {
            if (e.errcode() == ContactErrors.DEPARTMENT_NOT_FOUND || e.errcode() == ContactErrors.INVALID_DEPARTMENT) {
                remove(id, seq);
                return;
            }
            if (e.errcode() != ContactErrors.API_FORBIDDEN_NEW_IP || (parentId == null && name == null)) {
                throw e;
            }
            read = null;
        }
        Department fromWeCom = read;
        store.locked(corp, () -> {
            if (store.departmentSeq(corp, id) >= seq) {
                return;
            }
            Department d = fromWeCom;
            if (d == null) {
                Department k = store.department(corp, id).orElse(null);
                if (k == null && parentId == null) {
                    return; // a rename of a department the mirror does not know: the reconcile brings it
                }
                d = new Department(id, name != null ? name : k == null ? "" : k.name(), k == null ? "" : k.nameEn(),
                        parentId != null ? parentId : k.parentId(), k == null ? 0 : k.order(),
                        k == null ? List.of() : k.leaders());
            }
            store.writeDepartments(corp, List.of(d), true, seq);
        });
    }

    /** Removes the department unless a later read wrote it. */
    void remove(long id, long seq) {
        store.locked(corp, () -> {
            if (store.departmentSeq(corp, id) <= seq) {
                store.removeDepartment(corp, id, seq);
            }
        });
    }

    /**
     * Reads again the departments among {@code candidates} whose mirrored leaders disagree with
     * whether the member leads them now ({@code leads}): comparing with the mirror's department
     * rows, not with the member's last state, also repairs a department a failed earlier handling
     * of the same event left behind. A secret limited to ids (48009) cannot read departments: the
     * next reconcile does.
     */
    void refreshLeadership(String userId, Set<Long> leads, Collection<Long> candidates) {
        Map<Long, List<String>> mirrored = store.departmentLeaders(corp, candidates);
        for (Map.Entry<Long, List<String>> e : mirrored.entrySet()) {
            boolean listed = e.getValue().stream().anyMatch(userId::equalsIgnoreCase);
            if (listed != leads.contains(e.getKey())) {
                try {
                    refresh(e.getKey(), null, null);
                } catch (WeComException refused) {
                    if (refused.errcode() != ContactErrors.API_FORBIDDEN_NEW_IP) {
                        throw refused;
                    }
                    return;
                }
            }
        }
    }
}
