package io.github.wecom4j.gateway.directory;

import io.github.wecom4j.callback.event.ChangeContactEvent;
import io.github.wecom4j.callback.event.ChangedUser;
import io.github.wecom4j.callback.event.DepartmentCreated;
import io.github.wecom4j.callback.event.DepartmentDeleted;
import io.github.wecom4j.callback.event.DepartmentUpdated;
import io.github.wecom4j.callback.event.TagMembersUpdated;
import io.github.wecom4j.callback.event.UserCreated;
import io.github.wecom4j.callback.event.UserDeleted;
import io.github.wecom4j.callback.event.UserUpdated;
import io.github.wecom4j.contact.Contacts;
import io.github.wecom4j.contact.Member;
import io.github.wecom4j.contact.MemberSummary;
import io.github.wecom4j.contact.Membership;
import io.github.wecom4j.contact.TagMembers;
import io.github.wecom4j.error.WeComException;
import io.github.wecom4j.gateway.directory.MirrorStore.MirroredTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies one change_contact event to the mirror. The event says what changed; the mirror re-reads
 * that one member, department or tag from WeCom (user/get, department/get, tag/get) rather than
 * trusting the event's fields, because WeCom sends only the changed fields of an update, an event
 * server configured from 2022-08-15 gets UserID and Department only (doc 96302), and events may
 * arrive out of order: a re-read is the current state whatever the order. Where WeCom refuses the
 * re-read (48009: ids only), the event's own ids are applied and the rest waits for details that
 * this secret cannot get anyway.
 *
 * <p>Two handlers of events for one object (two instances, or WeCom's retry while the first is still
 * reading) may finish in either order. Each takes the corp's read sequence before its read and a
 * write with a lower sequence than the row's (or its tombstone's) is dropped, so the state left is
 * the latest read. The lock is not held across the read: a WeCom call inside it would stall every
 * writer of the corp.
 */
final class ContactChangeApplier {

    private static final Logger log = LoggerFactory.getLogger(ContactChangeApplier.class);

    private final Contacts contacts;
    private final MirrorStore store;
    private final String corp;
    private final DepartmentRefresher departments;

    ContactChangeApplier(Contacts contacts, MirrorStore store, String corp) {
        this.contacts = contacts;
        this.store = store;
        this.corp = corp;
        this.departments = new DepartmentRefresher(contacts, store, corp);
    }

    void apply(ChangeContactEvent event) {
        if (event instanceof UserCreated c) {
            refreshMember(c.user().userId(), c.user());
        } else if (event instanceof UserUpdated u) {
            String renamed = u.newUserId();
            if (renamed != null && !renamed.isEmpty() && !renamed.equals(u.user().userId())) {
                String was = u.user().userId();
                long seq = store.nextReadSeq(corp);
                if (stillInWeCom(was)) {
                    // A member holds the old userid again: created after the rename, and this is WeCom
                    // delivering the rename again (its handling failed after the rename was mirrored).
                    // That member is not the renamed one: read both as WeCom has them, move nothing.
                    refreshMember(was, null);
                } else {
                    store.locked(corp, () -> store.renameMember(corp, was, renamed, seq));
                }
                refreshMember(renamed, u.user());
            } else {
                refreshMember(u.user().userId(), u.user());
            }
        } else if (event instanceof UserDeleted d) {
            deleteMember(d.userId(), store.nextReadSeq(corp));
        } else if (event instanceof DepartmentCreated c) {
            refreshDepartment(c.id(), c.parentId(), c.name());
        } else if (event instanceof DepartmentUpdated u) {
            refreshDepartment(u.id(), u.parentId(), u.name());
        } else if (event instanceof DepartmentDeleted d) {
            deleteDepartment(d.id(), store.nextReadSeq(corp));
        } else if (event instanceof TagMembersUpdated t && t.tagId() != null) {
            refreshTag(t.tagId().intValue());
        } else {
            log.info("change_contact {} not mirrored (the next reconcile reads it)", event.changeType());
        }
    }

    /** Whether WeCom has a member with this userid now (not knowing, with ids only: false). */
    private boolean stillInWeCom(String userId) {
        try {
            contacts.members().get(userId);
            return true;
        } catch (WeComException e) {
            if (e.errcode() == ContactErrors.USER_NOT_FOUND || e.errcode() == ContactErrors.API_FORBIDDEN_NEW_IP) {
                return false;
            }
            throw e;
        }
    }

    /** Deletes unless a later read (a create_user after this delete, handled first) wrote the member. */
    private void deleteMember(String userId, long seq) {
        Set<Long> led = store.locked(corp, () -> {
            if (store.memberSeq(corp, userId) > seq) {
                return Set.<Long>of();
            }
            Set<Long> before = Leadership.led(mirrored(userId));
            store.removeMember(corp, userId, seq);
            return before;
        });
        departments.refreshLeadership(userId, Set.of(), led);
    }

    private Member mirrored(String userId) {
        MirrorStore.Stored<MirroredMember> known = store.members(corp, List.of(userId)).get(userId);
        return known == null ? null : known.value().member();
    }



    private void deleteDepartment(Long id, long seq) {
        if (id != null) {
            departments.remove(id, seq);
        }
    }

    private void refreshMember(String userId, ChangedUser event) {
        long seq = store.nextReadSeq(corp);
        Member current;
        try {
            current = MemberCopies.withoutAvatar(contacts.members().get(userId));
        } catch (WeComException e) {
            if (e.errcode() == ContactErrors.USER_NOT_FOUND) {
                deleteMember(userId, seq);
                return;
            }
            if (e.errcode() != ContactErrors.API_FORBIDDEN_NEW_IP) {
                throw e;
            }
            applyIdsOnly(userId, event, seq);
            return;
        }
        Set<Long> candidates = store.locked(corp, () -> {
            // the departments the member is in now or led before: WeCom sends no update_party when
            // their leaders change with the member ({@link Leadership})
            Set<Long> out = new LinkedHashSet<>(current.departmentIds());
            out.addAll(Leadership.led(mirrored(userId)));
            if (!store.writeMemberIfLatest(corp, userId, new MirroredMember(current, true), seq)) {
                log.debug("user/get of {} superseded by a later read", userId);
            }
            return out;
        });
        departments.refreshLeadership(current.userId(), Leadership.led(current), candidates);
    }

    /** Ids only: the event's departments replace the member's, order and leadership kept where known. */
    private void applyIdsOnly(String userId, ChangedUser event, long seq) {
        if (event.departments().isEmpty()) {
            return;
        }
        store.locked(corp, () -> {
            if (store.memberSeq(corp, userId) >= seq) {
                return;
            }
            Map<String, MirrorStore.Stored<MirroredMember>> known = store.members(corp, List.of(userId));
            MirroredMember before = known.containsKey(userId) ? known.get(userId).value() : null;
            List<Membership> memberships = new ArrayList<>();
            for (Long d : event.departments()) {
                memberships.add(before == null ? Membership.in(d)
                        : before.member().membership(d).orElse(Membership.in(d)));
            }
            Member base = before != null ? before.member() : new Member(userId, userId, null, List.of(), null, null, null,
                    null, null, null, null, null, null, null, null, null, null);
            Long main = base.mainDepartment() != null && event.departments().contains(base.mainDepartment())
                    ? base.mainDepartment() : event.departments().get(0);
            store.writeMembers(corp, List.of(new MirroredMember(MemberCopies.withMemberships(base, memberships, main),
                    before != null && before.detailed())), false, seq);
        });
    }

    private void refreshDepartment(Long id, Long parentId, String name) {
        if (id != null) {
            departments.refresh(id, parentId, name);
        }
    }

    private void refreshTag(int tagId) {
        long seq = store.nextReadSeq(corp);
        TagMembers tag;
        try {
            tag = contacts.tags().get(tagId);
        } catch (WeComException e) {
            if (e.errcode() != ContactErrors.INVALID_TAG) {
                throw e;
            }
            store.locked(corp, () -> {
                if (store.tagSeq(corp, tagId) <= seq) {
                    store.deleteTag(corp, tagId);
                    store.tombstone(corp, MirrorStore.TAG, Integer.toString(tagId), seq);
                }
            });
            return;
        }
        MirroredTag t = new MirroredTag(tagId, tag.name(), tag.members().stream().map(MemberSummary::userId).toList(),
                tag.departmentIds());
        store.locked(corp, () -> {
            if (store.tagSeq(corp, tagId) < seq) {
                store.writeTag(corp, t, seq);
            }
        });
    }
}
