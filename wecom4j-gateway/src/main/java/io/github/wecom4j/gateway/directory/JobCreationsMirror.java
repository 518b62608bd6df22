package io.github.wecom4j.gateway.directory;

import io.github.wecom4j.contact.Contacts;
import io.github.wecom4j.contact.Member;
import io.github.wecom4j.error.WeComException;
import io.github.wecom4j.gateway.directory.SyncPlanner.CreateMember;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Puts the members a {@code batch/syncuser} job accepted into the mirror as WeCom stored them, read
 * back with one {@code user/list} per department the rows start in, rather than as the sync
 * planned them: a job row for a member WeCom already held (one the mirror missed) updates that
 * member with the file's non-empty cells only, and how WeCom reads the file's cells (gender,
 * leader flags, 禁用) is not documented beyond the column names.
 * A member the reads do not show (a secret WeCom gives ids only, doc 96255) goes in as planned,
 * as after a single call; the next reconcile confirms it either way. Like change_contact
 * handling, each read takes the corp's read sequence first, so a later event's row is not
 * overwritten.
 */
final class JobCreationsMirror {

    private final Contacts contacts;
    private final MirrorStore store;
    private final String corp;

    JobCreationsMirror(Contacts contacts, MirrorStore store, String corp) {
        this.contacts = contacts;
        this.store = store;
        this.corp = corp;
    }

    /** Mirrors the accepted creations; answers the WeCom calls made. */
    int mirror(List<CreateMember> accepted) {
        Map<String, CreateMember> unseen = new LinkedHashMap<>();
        Set<Long> departments = new LinkedHashSet<>();
        for (CreateMember c : accepted) {
            unseen.put(c.request().userId().toLowerCase(Locale.ROOT), c);
            departments.add(c.request().memberships().get(0).departmentId());
        }
        int calls = 0;
        for (long department : departments) {
            long seq = store.nextReadSeq(corp);
            List<Member> listed;
            try {
                calls++;
                listed = contacts.members().list(department);
            } catch (WeComException e) {
                if (e.errcode() == ContactErrors.API_FORBIDDEN_NEW_IP) {
                    break; // ids only for this secret and IP: every read would be refused
                }
                continue; // e.g. deleted meanwhile: its rows go in as planned, the reconcile confirms them
            }
            List<MirroredMember> seen = new ArrayList<>();
            for (Member m : listed) {
                if (unseen.remove(m.userId().toLowerCase(Locale.ROOT)) != null) {
                    seen.add(new MirroredMember(MemberCopies.withoutAvatar(m), true));
                }
            }
            for (int i = 0; i < seen.size(); i += DirectoryReconciler.BATCH) {
                List<MirroredMember> batch = seen.subList(i, Math.min(seen.size(), i + DirectoryReconciler.BATCH));
                store.locked(corp, () -> {
                    Map<String, Long> seqs = store.memberSeqs(corp, batch.stream().map(MirroredMember::userId).toList());
                    store.writeMembers(corp, batch.stream().filter(m -> seqs.getOrDefault(m.userId(), -1L) < seq).toList(),
                            true, seq);
                });
            }
        }
        List<MirroredMember> planned = unseen.values().stream().map(c -> new MirroredMember(c.after(), true)).toList();
        for (int i = 0; i < planned.size(); i += DirectoryReconciler.BATCH) {
            List<MirroredMember> batch = planned.subList(i, Math.min(planned.size(), i + DirectoryReconciler.BATCH));
            store.locked(corp, () -> store.writeMembers(corp, batch, false));
        }
        return calls;
    }
}
