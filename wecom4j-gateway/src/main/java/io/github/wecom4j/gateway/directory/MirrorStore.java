package io.github.wecom4j.gateway.directory;

import io.github.wecom4j.contact.Department;
import io.github.wecom4j.contact.Member;
import io.github.wecom4j.contact.Membership;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The mirror's tables (JDBC, batched). Every statement names the corp. Writers serialise per corp on
 * the corp's {@code directory_state} row ({@link #locked}): a callback, a reconcile batch and the
 * gateway's own writes never interleave inside one batch, on one instance or many.
 */
final class MirrorStore {

    /** What the database holds for a row, with its change time (reconcile skips rows changed since it began). */
    record Stored<T>(T value, Timestamp changedAt) {
    }

    private static final String MEMBER_COLUMNS = "user_id, name, alias, position, mobile, email, biz_mail, gender, telephone,"
            + " address, status, main_department, direct_leaders, ext_attrs, external_position, detailed, changed_at";

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final TransactionTemplate tx;
    private final Set<String> knownCorps = ConcurrentHashMap.newKeySet();

    MirrorStore(JdbcTemplate jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.named = new NamedParameterJdbcTemplate(jdbc);
        this.tx = tx;
    }

    /** Runs {@code work} in one transaction holding the corp's lock row. */
    <T> T locked(String corp, Supplier<T> work) {
        ensureCorp(corp);
        return tx.execute(s -> {
            jdbc.queryForObject("SELECT corp_id FROM directory_state WHERE corp_id = ? FOR UPDATE", String.class, corp);
            return work.get();
        });
    }

    void locked(String corp, Runnable work) {
        locked(corp, () -> {
            work.run();
            return null;
        });
    }

    private void ensureCorp(String corp) {
        if (knownCorps.contains(corp)) {
            return;
        }
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM directory_state WHERE corp_id = ?", Integer.class, corp);
        if (n == 0) {
            try {
                tx.executeWithoutResult(s -> jdbc.update("INSERT INTO directory_state (corp_id) VALUES (?)", corp));
            } catch (DuplicateKeyException another) {
                // another instance or thread created it first
            }
        }
        knownCorps.add(corp);
    }

    /**
     * Takes the corp's next read sequence, BEFORE reading an object from WeCom: of two reads of one
     * object, the one that took the higher number started later, so it saw every change whose
     * change_contact had arrived when the lower one was taken. Writes carry their number and a
     * lower one never overwrites a higher one ({@link #memberSeq}, {@link #departmentSeq}).
     */
    long nextReadSeq(String corp) {
        ensureCorp(corp);
        return tx.execute(s -> bumpSeq(corp));
    }

    /** Within {@link #locked}: the sequence of a gateway's own write, which WeCom just accepted (the newest state). */
    long ownWriteSeq(String corp) {
        return bumpSeq(corp);
    }

    private long bumpSeq(String corp) {
        jdbc.update("UPDATE directory_state SET read_seq = read_seq + 1 WHERE corp_id = ?", corp);
        return jdbc.queryForObject("SELECT read_seq FROM directory_state WHERE corp_id = ?", Long.class, corp);
    }

    // ---- tombstones ---------------------------------------------------------------------------

    static final String MEMBER = "member";
    static final String DEPARTMENT = "department";
    static final String TAG = "tag";

    /** Records that an object was deleted as of read {@code seq}: no older read may write it back. */
    void tombstone(String corp, String kind, String key, long seq) {
        jdbc.update("DELETE FROM directory_tombstone WHERE corp_id = ? AND kind = ? AND object_key = ?", corp, kind, key);
        jdbc.update("INSERT INTO directory_tombstone (corp_id, kind, object_key, read_seq, deleted_at) VALUES (?, ?, ?, ?, ?)",
                corp, kind, key, seq, now());
    }

    /** Keys of this kind deleted after read {@code seq} was taken (a reconcile's reads may predate the delete). */
    Set<String> tombstonedAfter(String corp, String kind, long seq) {
        return Set.copyOf(jdbc.queryForList("SELECT object_key FROM directory_tombstone WHERE corp_id = ? AND kind = ?"
                + " AND read_seq > ?", String.class, corp, kind, seq));
    }

    /** A newer write supersedes the delete. Skips the batch of deletes when the corp has no tombstone of this kind. */
    private void clearTombstones(String corp, String kind, Collection<String> keys) {
        Integer any = jdbc.queryForObject("SELECT COUNT(*) FROM directory_tombstone WHERE corp_id = ? AND kind = ?",
                Integer.class, corp, kind);
        if (any > 0) {
            jdbc.batchUpdate("DELETE FROM directory_tombstone WHERE corp_id = ? AND kind = ? AND object_key = ?",
                    keys.stream().map(k -> new Object[]{corp, kind, k}).toList());
        }
    }

    /** Tombstones older than {@code before}: every reconcile that could hold an older read has finished. */
    int expireTombstones(String corp, Timestamp before) {
        return jdbc.update("DELETE FROM directory_tombstone WHERE corp_id = ? AND deleted_at < ?", corp, before);
    }

    private long tombstoneSeq(String corp, String kind, String key) {
        List<Long> seq = jdbc.queryForList("SELECT read_seq FROM directory_tombstone WHERE corp_id = ? AND kind = ?"
                + " AND object_key = ?", Long.class, corp, kind, key);
        return seq.isEmpty() ? -1 : seq.get(0);
    }

    /** The read sequence of the member's row or tombstone (-1 when the mirror knows neither). */
    long memberSeq(String corp, String userId) {
        List<Long> row = jdbc.queryForList("SELECT read_seq FROM directory_member WHERE corp_id = ? AND user_id = ?",
                Long.class, corp, userId);
        return Math.max(row.isEmpty() ? -1 : row.get(0), tombstoneSeq(corp, MEMBER, userId));
    }

    /**
     * {@link #memberSeq} of a batch of members in two queries (their rows, their tombstones), not
     * two per member: mirroring the 5,000 members a job created took 10,000 queries. Members the
     * mirror knows neither way are absent from the map. Row-value keys, as in {@link #keys}.
     */
    Map<String, Long> memberSeqs(String corp, Collection<String> userIds) {
        Map<String, Long> seqs = new HashMap<>();
        if (userIds.isEmpty()) {
            return seqs;
        }
        named.query("SELECT user_id, read_seq FROM directory_member WHERE (corp_id, user_id) IN (:keys)", keys(corp, userIds),
                rs -> {
                    seqs.merge(rs.getString(1), rs.getLong(2), Math::max);
                });
        named.query("SELECT object_key, read_seq FROM directory_tombstone WHERE (corp_id, kind, object_key) IN (:keys)",
                new MapSqlParameterSource("keys", userIds.stream().map(u -> new Object[]{corp, MEMBER, u}).toList()), rs -> {
                    seqs.merge(rs.getString(1), rs.getLong(2), Math::max);
                });
        return seqs;
    }

    /**
     * A member as read from WeCom at read sequence {@code seq}, written unless a later read (or a
     * delete) already wrote {@code userId}: the read-sequence rule for one member. Call under
     * {@link #locked}. True when written.
     */
    boolean writeMemberIfLatest(String corp, String userId, MirroredMember read, long seq) {
        if (memberSeq(corp, userId) >= seq) {
            return false;
        }
        writeMembers(corp, List.of(read), true, seq);
        return true;
    }

    /** The read sequence of the tag's row or tombstone (-1 when the mirror knows neither). */
    long tagSeq(String corp, int tagId) {
        List<Long> row = jdbc.queryForList("SELECT read_seq FROM directory_tag WHERE corp_id = ? AND tag_id = ?",
                Long.class, corp, tagId);
        return Math.max(row.isEmpty() ? -1 : row.get(0), tombstoneSeq(corp, TAG, Integer.toString(tagId)));
    }

    /** The read sequence of the department's row or tombstone (-1 when the mirror knows neither). */
    long departmentSeq(String corp, long id) {
        List<Long> row = jdbc.queryForList("SELECT read_seq FROM directory_department WHERE corp_id = ? AND id = ?",
                Long.class, corp, id);
        return Math.max(row.isEmpty() ? -1 : row.get(0), tombstoneSeq(corp, DEPARTMENT, Long.toString(id)));
    }

    /** The database's clock: the one clock every instance shares. */
    Timestamp now() {
        return jdbc.queryForObject("SELECT CURRENT_TIMESTAMP", Timestamp.class);
    }

    // ---- members ----------------------------------------------------------------------------

    Map<String, Stored<MirroredMember>> members(String corp, Collection<String> userIds) {
        Map<String, Stored<MirroredMember>> out = new HashMap<>();
        if (userIds.isEmpty()) {
            return out;
        }
        MapSqlParameterSource p = keys(corp, userIds);
        Map<String, List<Membership>> memberships = new HashMap<>();
        named.query("SELECT user_id, department_id, sort_order, is_leader FROM directory_membership WHERE"
                + " (corp_id, user_id) IN (:keys) ORDER BY user_id, position", p, rs -> {
            memberships.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                    .add(new Membership(rs.getLong(2), rs.getLong(3), rs.getBoolean(4)));
        });
        named.query("SELECT " + MEMBER_COLUMNS + " FROM directory_member WHERE (corp_id, user_id) IN (:keys)", p, rs -> {
            String id = rs.getString(1);
            out.put(id, new Stored<>(member(rs, memberships.getOrDefault(id, List.of())), rs.getTimestamp(17)));
        });
        return out;
    }

    /**
     * {@code (corp_id, user_id) IN (:keys)}: a row-value list is looked up in the primary key by H2
     * and PostgreSQL alike; {@code corp_id = ? AND user_id IN (...)} made H2 scan every row of the
     * corp for each batch (it picks the key's corp_id prefix), minutes for a 50,000-member reconcile.
     */
    private static MapSqlParameterSource keys(String corp, Collection<String> userIds) {
        return new MapSqlParameterSource("keys", userIds.stream().map(u -> new Object[]{corp, u}).toList());
    }

    static MirroredMember member(ResultSet rs, List<Membership> memberships) throws SQLException {
        // wasNull() answers for the column read last: read main_department alone, before the others
        long mainValue = rs.getLong(12);
        Long main = rs.wasNull() ? null : mainValue;
        Member m = new Member(rs.getString(1), rs.getString(2), rs.getString(3), memberships, main,
                rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), MemberCodec.gender(rs.getString(8)),
                rs.getString(9), rs.getString(10), MemberCodec.status(rs.getInt(11)), MemberCodec.splitIds(rs.getString(13)),
                MemberCodec.extAttrs(rs.getString(14)), rs.getString(15), null);
        return new MirroredMember(m, rs.getBoolean(16));
    }

    static String memberColumns() {
        return MEMBER_COLUMNS;
    }

    /** Replaces the members' rows and memberships as the gateway's own write (the newest state). */
    void writeMembers(String corp, List<MirroredMember> members, boolean confirmed) {
        if (!members.isEmpty()) {
            writeMembers(corp, members, confirmed, bumpSeq(corp));
        }
    }

    /** Replaces the members' rows and memberships as read {@code seq} showed them; WeCom confirmed them now when {@code confirmed}. */
    void writeMembers(String corp, List<MirroredMember> members, boolean confirmed, long seq) {
        if (members.isEmpty()) {
            return;
        }
        clearTombstones(corp, MEMBER, members.stream().map(MirroredMember::userId).toList());
        Timestamp now = now();
        List<Object[]> keys = members.stream().map(m -> new Object[]{corp, m.userId()}).toList();
        Map<String, Timestamp> previouslyConfirmed = confirmed ? Map.of() : confirmedAt(corp, members);
        jdbc.batchUpdate("DELETE FROM directory_membership WHERE corp_id = ? AND user_id = ?", keys);
        jdbc.batchUpdate("DELETE FROM directory_member WHERE corp_id = ? AND user_id = ?", keys);
        List<Object[]> rows = new ArrayList<>();
        List<Object[]> links = new ArrayList<>();
        for (MirroredMember mm : members) {
            Member m = mm.member();
            Timestamp confirmedAt = confirmed ? now : previouslyConfirmed.getOrDefault(m.userId(), now);
            rows.add(new Object[]{corp, m.userId(), m.userId().toLowerCase(Locale.ROOT), m.name(),
                    m.name().toLowerCase(Locale.ROOT), m.alias(), m.position(), m.mobile(), m.email(), m.bizMail(),
                    m.gender().code(), m.telephone(), m.address(), m.status().code(), m.mainDepartment(),
                    MemberCodec.joinIds(m.directLeaders()), MemberCodec.extAttrs(m.extAttrs()), m.externalPosition(),
                    mm.detailed(), confirmedAt, now, seq});
            int position = 0;
            for (Membership ms : m.memberships()) {
                links.add(new Object[]{corp, m.userId(), ms.departmentId(), position++, ms.order(), ms.leader(), confirmedAt});
            }
        }
        jdbc.batchUpdate("INSERT INTO directory_member (corp_id, user_id, user_id_lower, name, name_lower, alias, position,"
                + " mobile, email, biz_mail, gender, telephone, address, status, main_department, direct_leaders, ext_attrs,"
                + " external_position, detailed, last_confirmed_at, changed_at, read_seq)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows);
        jdbc.batchUpdate("INSERT INTO directory_membership (corp_id, user_id, department_id, position, sort_order, is_leader,"
                + " last_confirmed_at) VALUES (?, ?, ?, ?, ?, ?, ?)", links);
    }

    private Map<String, Timestamp> confirmedAt(String corp, List<MirroredMember> members) {
        Map<String, Timestamp> out = new HashMap<>();
        named.query("SELECT user_id, last_confirmed_at FROM directory_member WHERE (corp_id, user_id) IN (:keys)",
                keys(corp, members.stream().map(MirroredMember::userId).toList()),
                rs -> {
                    out.put(rs.getString(1), rs.getTimestamp(2));
                });
        return out;
    }

    /** WeCom showed these rows unchanged: only the confirmation time moves. */
    void confirmMembers(String corp, Collection<String> userIds) {
        if (userIds.isEmpty()) {
            return;
        }
        Timestamp now = now();
        List<Object[]> args = userIds.stream().map(u -> new Object[]{now, corp, u}).toList();
        jdbc.batchUpdate("UPDATE directory_member SET last_confirmed_at = ? WHERE corp_id = ? AND user_id = ?", args);
        jdbc.batchUpdate("UPDATE directory_membership SET last_confirmed_at = ? WHERE corp_id = ? AND user_id = ?", args);
    }

    /** Deletes a member with its memberships and tag memberships (WeCom removes a deleted member from every tag). */
    boolean deleteMember(String corp, String userId) {
        jdbc.update("DELETE FROM directory_membership WHERE corp_id = ? AND user_id = ?", corp, userId);
        jdbc.update("DELETE FROM directory_tag_member WHERE corp_id = ? AND user_id = ?", corp, userId);
        return jdbc.update("DELETE FROM directory_member WHERE corp_id = ? AND user_id = ?", corp, userId) > 0;
    }

    /** Deletes a member as of read {@code seq} and leaves a tombstone (a reconcile's older read must not bring it back). */
    void removeMember(String corp, String userId, long seq) {
        deleteMember(corp, userId);
        tombstone(corp, MEMBER, userId, seq);
    }

    /**
     * A rename (update_user with NewUserID): the member keeps its memberships and tags under the new
     * userid. user/get returns departments but not tags, and tags change only by tag events or the
     * next reconcile, so without this the renamed member would lose its tags until then. The old
     * userid gets a tombstone.
     */
    void renameMember(String corp, String from, String to, long seq) {
        Timestamp now = now();
        boolean target = !jdbc.queryForList("SELECT user_id FROM directory_member WHERE corp_id = ? AND user_id = ?",
                String.class, corp, to).isEmpty();
        if (target) {
            // the new userid is already mirrored (a reconcile read it): add the old one's tags it lacks
            jdbc.update("INSERT INTO directory_tag_member (corp_id, tag_id, user_id) SELECT corp_id, tag_id, ?"
                    + " FROM directory_tag_member t WHERE corp_id = ? AND user_id = ? AND NOT EXISTS (SELECT 1 FROM"
                    + " directory_tag_member x WHERE x.corp_id = t.corp_id AND x.tag_id = t.tag_id AND x.user_id = ?)",
                    to, corp, from, to);
            deleteMember(corp, from);
        } else {
            jdbc.update("UPDATE directory_member SET user_id = ?, user_id_lower = ?, changed_at = ?, read_seq = ?"
                    + " WHERE corp_id = ? AND user_id = ?", to, to.toLowerCase(Locale.ROOT), now, seq, corp, from);
            jdbc.update("UPDATE directory_membership SET user_id = ? WHERE corp_id = ? AND user_id = ?", to, corp, from);
            jdbc.update("UPDATE directory_tag_member SET user_id = ? WHERE corp_id = ? AND user_id = ?", to, corp, from);
        }
        renameReferences(corp, from, to, now);
        tombstone(corp, MEMBER, from, seq);
    }

    /**
     * Other rows naming the renamed member: members whose direct leader it is, departments it leads.
     * WeCom announces only the renamed member (update_user with NewUserID), while its reads give the
     * others the new userid at once; without this they would show the old one until the next
     * reconcile. Userids compare case-insensitively (WeCom's rule).
     */
    private void renameReferences(String corp, String from, String to, Timestamp now) {
        renameIn("directory_member", "user_id", "direct_leaders", corp, from, to, now);
        renameIn("directory_department", "id", "leaders", corp, from, to, now);
    }

    /** Rewrites {@code idsColumn} (joined userids) of {@code table}'s rows that name {@code from}. */
    private void renameIn(String table, String keyColumn, String idsColumn, String corp, String from, String to, Timestamp now) {
        String like = "%" + LikePatterns.literal(from) + "%";
        List<Object[]> rows = new ArrayList<>();
        jdbc.query("SELECT " + keyColumn + ", " + idsColumn + " FROM " + table + " WHERE corp_id = ? AND LOWER(" + idsColumn
                + ") LIKE ? ESCAPE '\\'", rs -> {
                    String ids = renamedIds(rs.getString(2), from, to);
                    if (ids != null) {
                        rows.add(new Object[]{ids, now, corp, rs.getObject(1)});
                    }
                }, corp, like);
        jdbc.batchUpdate("UPDATE " + table + " SET " + idsColumn + " = ?, changed_at = ? WHERE corp_id = ? AND " + keyColumn
                + " = ?", rows);
    }

    /** The joined ids with {@code from} replaced by {@code to}; null when {@code from} is not among them. */
    private static String renamedIds(String joined, String from, String to) {
        List<String> ids = MemberCodec.splitIds(joined);
        List<String> out = ids.stream().map(id -> id.equalsIgnoreCase(from) ? to : id).toList();
        return out.equals(ids) ? null : MemberCodec.joinIds(out);
    }

    /**
     * user/list_id rows (ids only): confirms the members and memberships it names and adds the
     * memberships missing from the mirror (with a bare member row for a member not seen before).
     * Returns the memberships added.
     */
    int confirmMemberships(String corp, List<io.github.wecom4j.contact.DepartmentMember> rows) {
        Timestamp now = now();
        List<String> userIds = rows.stream().map(io.github.wecom4j.contact.DepartmentMember::userId).distinct().toList();
        int[] members = jdbc.batchUpdate("UPDATE directory_member SET last_confirmed_at = ? WHERE corp_id = ? AND user_id = ?",
                userIds.stream().map(u -> new Object[]{now, corp, u}).toList());
        List<MirroredMember> bare = new ArrayList<>();
        for (int i = 0; i < userIds.size(); i++) {
            if (members[i] == 0) {
                Member m = new Member(userIds.get(i), userIds.get(i), null, List.of(), null, null, null, null, null, null, null,
                        null, null, null, null, null, null);
                bare.add(new MirroredMember(m, false));
            }
        }
        writeMembers(corp, bare, true);
        int[] links = jdbc.batchUpdate("UPDATE directory_membership SET last_confirmed_at = ? WHERE corp_id = ? AND user_id = ?"
                + " AND department_id = ?", rows.stream().map(r -> new Object[]{now, corp, r.userId(), r.departmentId()}).toList());
        int added = 0;
        for (int i = 0; i < rows.size(); i++) {
            if (links[i] == 0) {
                var r = rows.get(i);
                Integer position = jdbc.queryForObject("SELECT COUNT(*) FROM directory_membership WHERE corp_id = ? AND user_id = ?",
                        Integer.class, corp, r.userId());
                jdbc.update("INSERT INTO directory_membership (corp_id, user_id, department_id, position, sort_order, is_leader,"
                        + " last_confirmed_at) VALUES (?, ?, ?, ?, 0, FALSE, ?)", corp, r.userId(), r.departmentId(), position, now);
                jdbc.update("UPDATE directory_member SET changed_at = ? WHERE corp_id = ? AND user_id = ?", now, corp, r.userId());
                added++;
            }
        }
        return added;
    }

    /** Members neither confirmed nor changed since {@code since}: what {@link #pruneMembers} would delete now. */
    List<String> memberPruneCandidates(String corp, Timestamp since) {
        return jdbc.queryForList("SELECT user_id FROM directory_member WHERE corp_id = ? AND last_confirmed_at < ?"
                + " AND changed_at < ?", String.class, corp, since, since);
    }

    /** Members and memberships neither confirmed nor changed since {@code since}: gone from WeCom. Returns members deleted. */
    int pruneMembers(String corp, Timestamp since, boolean membershipsToo) {
        int gone = prune("directory_member", "user_id", String.class, corp, since, u -> deleteMember(corp, u));
        if (membershipsToo) {
            jdbc.update("DELETE FROM directory_membership WHERE corp_id = ? AND last_confirmed_at < ? AND user_id IN"
                    + " (SELECT user_id FROM directory_member WHERE corp_id = ? AND changed_at < ?)", corp, since, corp, since);
        }
        return gone;
    }

    /**
     * The mirrored userids matching these whatever their case, by lower-case id: WeCom's userids
     * are unique case-insensitively (doc 90195), so "ZhangSan" in an HR file is the mirror's
     * "zhangsan". Should the mirror hold two spellings (a lost delete_user, then a create), the
     * one asked for wins; the other goes at the next reconcile.
     */
    Map<String, String> userIdsIgnoringCase(String corp, Collection<String> userIds) {
        Map<String, String> out = new HashMap<>();
        if (userIds.isEmpty()) {
            return out;
        }
        Set<String> asked = new HashSet<>(userIds);
        Set<String> lower = new LinkedHashSet<>();
        userIds.forEach(u -> lower.add(u.toLowerCase(Locale.ROOT)));
        named.query("SELECT user_id_lower, user_id FROM directory_member WHERE (corp_id, user_id_lower) IN (:keys)",
                new MapSqlParameterSource("keys", lower.stream().map(u -> new Object[]{corp, u}).toList()), rs -> {
                    String held = out.get(rs.getString(1));
                    if (held == null || !asked.contains(held)) {
                        out.put(rs.getString(1), rs.getString(2));
                    }
                });
        return out;
    }

    /** Every mirrored userid of a corp (tests and small corps; the mirror itself never needs them all at once). */
    List<String> allUserIds(String corp) {
        return jdbc.queryForList("SELECT user_id FROM directory_member WHERE corp_id = ? ORDER BY user_id", String.class, corp);
    }

    // ---- departments --------------------------------------------------------------------------

    Map<Long, Stored<Department>> departments(String corp) {
        Map<Long, Stored<Department>> out = new LinkedHashMap<>();
        jdbc.query("SELECT id, name, name_en, parent_id, sort_order, leaders, changed_at FROM directory_department"
                + " WHERE corp_id = ? ORDER BY id", rs -> {
            out.put(rs.getLong(1), new Stored<>(department(rs), rs.getTimestamp(7)));
        }, corp);
        return out;
    }

    /** One mirrored department, if the mirror has it. */
    Optional<Department> department(String corp, long id) {
        return jdbc.query("SELECT id, name, name_en, parent_id, sort_order, leaders FROM directory_department"
                + " WHERE corp_id = ? AND id = ?", (rs, n) -> department(rs), corp, id).stream().findFirst();
    }

    /** The mirrored leaders of these departments, by id (a department the mirror lacks is absent). */
    Map<Long, List<String>> departmentLeaders(String corp, Collection<Long> ids) {
        Map<Long, List<String>> out = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        named.query("SELECT id, leaders FROM directory_department WHERE (corp_id, id) IN (:keys)",
                new MapSqlParameterSource("keys", new LinkedHashSet<>(ids).stream().map(id -> new Object[]{corp, id}).toList()),
                rs -> {
                    out.put(rs.getLong(1), MemberCodec.splitIds(rs.getString(2)));
                });
        return out;
    }

    static Department department(ResultSet rs) throws SQLException {
        return new Department(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5),
                MemberCodec.splitIds(rs.getString(6)));
    }

    /** Writes departments as the gateway's own write (the newest state). */
    void writeDepartments(String corp, List<Department> departments, boolean confirmed) {
        if (!departments.isEmpty()) {
            writeDepartments(corp, departments, confirmed, bumpSeq(corp));
        }
    }

    /** Writes departments as read {@code seq} showed them. */
    void writeDepartments(String corp, List<Department> departments, boolean confirmed, long seq) {
        if (departments.isEmpty()) {
            return;
        }
        clearTombstones(corp, DEPARTMENT, departments.stream().map(d -> Long.toString(d.id())).toList());
        Timestamp now = now();
        Map<Long, Timestamp> before = new HashMap<>();
        if (!confirmed) {
            jdbc.query("SELECT id, last_confirmed_at FROM directory_department WHERE corp_id = ?",
                    rs -> {
                        before.put(rs.getLong(1), rs.getTimestamp(2));
                    }, corp);
        }
        jdbc.batchUpdate("DELETE FROM directory_department WHERE corp_id = ? AND id = ?",
                departments.stream().map(d -> new Object[]{corp, d.id()}).toList());
        jdbc.batchUpdate("INSERT INTO directory_department (corp_id, id, name, name_en, parent_id, sort_order, leaders,"
                + " last_confirmed_at, changed_at, read_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", departments.stream()
                .map(d -> new Object[]{corp, d.id(), d.name(), d.nameEn(), d.parentId(), d.order(),
                        MemberCodec.joinIds(d.leaders()), confirmed ? now : before.getOrDefault(d.id(), now), now, seq})
                .toList());
    }

    void confirmDepartments(String corp, Collection<Long> ids) {
        confirm("directory_department", "id", corp, ids);
    }

    /** WeCom showed these rows unchanged: only their confirmation time moves. */
    private void confirm(String table, String key, String corp, Collection<?> ids) {
        Timestamp now = now();
        jdbc.batchUpdate("UPDATE " + table + " SET last_confirmed_at = ? WHERE corp_id = ? AND " + key + " = ?",
                ids.stream().map(id -> new Object[]{now, corp, id}).toList());
    }

    /** Deletes the rows neither confirmed nor changed since {@code since}; returns how many. */
    private <K> int prune(String table, String key, Class<K> type, String corp, Timestamp since,
                          java.util.function.Consumer<K> delete) {
        List<K> gone = jdbc.queryForList("SELECT " + key + " FROM " + table + " WHERE corp_id = ? AND last_confirmed_at < ?"
                + " AND changed_at < ?", type, corp, since, since);
        gone.forEach(delete);
        return gone.size();
    }

    boolean deleteDepartment(String corp, long id) {
        jdbc.update("DELETE FROM directory_tag_department WHERE corp_id = ? AND department_id = ?", corp, id);
        return jdbc.update("DELETE FROM directory_department WHERE corp_id = ? AND id = ?", corp, id) > 0;
    }

    /** Deletes a department as of read {@code seq} and leaves a tombstone. */
    void removeDepartment(String corp, long id, long seq) {
        deleteDepartment(corp, id);
        tombstone(corp, DEPARTMENT, Long.toString(id), seq);
    }

    int pruneDepartments(String corp, Timestamp since) {
        return prune("directory_department", "id", Long.class, corp, since, id -> deleteDepartment(corp, id));
    }

    // ---- tags ---------------------------------------------------------------------------------

    /** A tag with its members and departments. */
    record MirroredTag(int id, String name, List<String> userIds, List<Long> departmentIds) {
        MirroredTag {
            userIds = userIds.stream().sorted().toList();
            departmentIds = departmentIds.stream().sorted().toList();
        }
    }

    Map<Integer, Stored<MirroredTag>> tags(String corp) {
        Map<Integer, List<String>> users = new HashMap<>();
        jdbc.query("SELECT tag_id, user_id FROM directory_tag_member WHERE corp_id = ?",
                rs -> {
                    users.computeIfAbsent(rs.getInt(1), k -> new ArrayList<>()).add(rs.getString(2));
                }, corp);
        Map<Integer, List<Long>> parties = new HashMap<>();
        jdbc.query("SELECT tag_id, department_id FROM directory_tag_department WHERE corp_id = ?",
                rs -> {
                    parties.computeIfAbsent(rs.getInt(1), k -> new ArrayList<>()).add(rs.getLong(2));
                }, corp);
        Map<Integer, Stored<MirroredTag>> out = new LinkedHashMap<>();
        jdbc.query("SELECT tag_id, name, changed_at FROM directory_tag WHERE corp_id = ? ORDER BY tag_id", rs -> {
            int id = rs.getInt(1);
            out.put(id, new Stored<>(new MirroredTag(id, rs.getString(2), users.getOrDefault(id, List.of()),
                    parties.getOrDefault(id, List.of())), rs.getTimestamp(3)));
        }, corp);
        return out;
    }

    /** Replaces a tag as read {@code seq} of tag/get showed it, confirmed now. */
    void writeTag(String corp, MirroredTag tag, long seq) {
        Timestamp now = now();
        clearTombstones(corp, TAG, List.of(Integer.toString(tag.id())));
        deleteTag(corp, tag.id());
        jdbc.update("INSERT INTO directory_tag (corp_id, tag_id, name, last_confirmed_at, changed_at, read_seq)"
                + " VALUES (?, ?, ?, ?, ?, ?)", corp, tag.id(), tag.name(), now, now, seq);
        jdbc.batchUpdate("INSERT INTO directory_tag_member (corp_id, tag_id, user_id) VALUES (?, ?, ?)",
                tag.userIds().stream().map(u -> new Object[]{corp, tag.id(), u}).toList());
        jdbc.batchUpdate("INSERT INTO directory_tag_department (corp_id, tag_id, department_id) VALUES (?, ?, ?)",
                tag.departmentIds().stream().map(d -> new Object[]{corp, tag.id(), d}).toList());
    }

    void confirmTags(String corp, Collection<Integer> ids) {
        confirm("directory_tag", "tag_id", corp, ids);
    }

    boolean deleteTag(String corp, int tagId) {
        jdbc.update("DELETE FROM directory_tag_member WHERE corp_id = ? AND tag_id = ?", corp, tagId);
        jdbc.update("DELETE FROM directory_tag_department WHERE corp_id = ? AND tag_id = ?", corp, tagId);
        return jdbc.update("DELETE FROM directory_tag WHERE corp_id = ? AND tag_id = ?", corp, tagId) > 0;
    }

    int pruneTags(String corp, Timestamp since) {
        return prune("directory_tag", "tag_id", Integer.class, corp, since, id -> deleteTag(corp, id));
    }

    // ---- state --------------------------------------------------------------------------------

    /** The mirror's state for one corp, as the console and {@code /api/directory/status} show it. */
    record State(String corpId, Timestamp loadedAt, boolean details, Timestamp lastReconcileAt, Long lastReconcileMs,
                 int lastDrift, String lastDriftDetail, long totalDrift, String lastError, Timestamp lastSyncAt,
                 String lastSyncSummary) {

        boolean loaded() {
            return loadedAt != null;
        }
    }

    State state(String corp) {
        ensureCorp(corp);
        return jdbc.queryForObject("SELECT corp_id, loaded_at, details, last_reconcile_at, last_reconcile_ms, last_drift,"
                + " last_drift_detail, total_drift, last_error, last_sync_at, last_sync_summary FROM directory_state"
                + " WHERE corp_id = ?", (rs, i) -> new State(rs.getString(1), rs.getTimestamp(2), rs.getBoolean(3),
                rs.getTimestamp(4), rs.getObject(5, Long.class), rs.getInt(6), rs.getString(7), rs.getLong(8),
                rs.getString(9), rs.getTimestamp(10), rs.getString(11)), corp);
    }

    void recordReconcile(String corp, boolean firstLoad, boolean details, long millis, int drift, String detail) {
        jdbc.update("UPDATE directory_state SET loaded_at = COALESCE(loaded_at, CURRENT_TIMESTAMP), details = ?,"
                + " last_reconcile_at = CURRENT_TIMESTAMP, last_reconcile_ms = ?, last_drift = ?, last_drift_detail = ?,"
                + " total_drift = total_drift + ?, last_error = NULL WHERE corp_id = ?",
                details, millis, firstLoad ? 0 : drift, clip(detail), firstLoad ? 0 : drift, corp);
    }

    /**
     * Claims the corp's on-demand reconcile slot: Duration.ZERO when claimed, else how long until the
     * next may run. One conditional UPDATE on the database's clock, so it holds across instances.
     */
    java.time.Duration claimOnDemandReconcile(String corp, java.time.Duration interval) {
        ensureCorp(corp);
        Timestamp now = now();
        Timestamp threshold = Timestamp.from(now.toInstant().minus(interval));
        int claimed = jdbc.update("UPDATE directory_state SET manual_reconcile_at = ? WHERE corp_id = ?"
                + " AND (manual_reconcile_at IS NULL OR manual_reconcile_at <= ?)", now, corp, threshold);
        if (claimed == 1) {
            return java.time.Duration.ZERO;
        }
        Timestamp last = jdbc.queryForObject("SELECT manual_reconcile_at FROM directory_state WHERE corp_id = ?",
                Timestamp.class, corp);
        java.time.Duration wait = java.time.Duration.between(now.toInstant(), last.toInstant().plus(interval));
        // `now` was read before a concurrent claim that took a later `now` and won: counted from our
        // read the wait exceeds the interval by that gap, but the slot was claimed after it, so the
        // wait from this answer is at most the interval.
        if (wait.compareTo(interval) > 0) {
            wait = interval;
        }
        return wait.isZero() || wait.isNegative() ? java.time.Duration.ofSeconds(1) : wait; // never ZERO: that means claimed
    }

    void recordError(String corp, String error) {
        jdbc.update("UPDATE directory_state SET last_error = ? WHERE corp_id = ?", clip(error), corp);
    }

    void recordSync(String corp, String summary) {
        jdbc.update("UPDATE directory_state SET last_sync_at = CURRENT_TIMESTAMP, last_sync_summary = ? WHERE corp_id = ?",
                clip(summary), corp);
    }

    private static String clip(String s) {
        return s == null || s.length() <= 400 ? s : s.substring(0, 400);
    }
}
