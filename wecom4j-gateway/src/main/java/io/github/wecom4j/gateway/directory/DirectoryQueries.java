package io.github.wecom4j.gateway.directory;

import io.github.wecom4j.contact.Department;
import io.github.wecom4j.contact.Member;
import io.github.wecom4j.contact.MemberSummary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Answers {@code /api/directory} from the mirror; every query is for one corp and bounded by a page. */
final class DirectoryQueries {

    /** One page of a longer result. */
    record Page<T>(List<T> items, int page, int size, long total) {
    }

    /** A department with its sub-departments, ordered as WeCom orders them (higher order first). */
    record TreeNode(long id, String name, long parentId, long order, List<TreeNode> children) {
    }

    /** WeCom nests departments at most 15 levels deep (doc 90205). */
    static final int MAX_DEPTH = 15;

    /**
     * A department and every department below it. The mirror may hold a parent cycle for a while (a
     * lost update_party callback, then another move: A under B in the mirror, B under A in WeCom),
     * so the walk stops at WeCom's depth limit (15 levels below the root) instead of looping
     * until the database gives up; a department reached twice is counted once by the IN below.
     */
    private static final String SUBTREE = "WITH RECURSIVE sub(id, depth) AS (SELECT id, 0 FROM directory_department"
            + " WHERE corp_id = :corp AND id = :dept UNION ALL SELECT d.id, sub.depth + 1 FROM directory_department d"
            + " JOIN sub ON d.parent_id = sub.id WHERE d.corp_id = :corp AND sub.depth < " + MAX_DEPTH + ") ";

    private final NamedParameterJdbcTemplate jdbc;
    private final MirrorStore store;

    DirectoryQueries(JdbcTemplate jdbc, MirrorStore store) {
        this.jdbc = new NamedParameterJdbcTemplate(jdbc);
        this.store = store;
    }

    List<Department> departments(String corp) {
        return store.departments(corp).values().stream().map(MirrorStore.Stored::value).toList();
    }

    /** The whole tree: departments are few (WeCom's largest corps have thousands), so it is built in memory. */
    List<TreeNode> tree(String corp) {
        List<Department> all = departments(corp);
        Map<Long, List<Department>> children = new HashMap<>();
        Map<Long, Department> byId = new HashMap<>();
        for (Department d : all) {
            children.computeIfAbsent(d.parentId(), k -> new ArrayList<>()).add(d);
            byId.put(d.id(), d);
        }
        List<TreeNode> roots = new ArrayList<>();
        java.util.Set<Long> placed = new java.util.HashSet<>();
        for (Department d : all) {
            if (!byId.containsKey(d.parentId())) {
                roots.add(node(d, children, placed));
            }
        }
        // Departments no root reaches sit on a parent cycle (a lost move, healed by the next
        // reconcile): shown at the top rather than hidden, each once.
        for (Department d : all) {
            if (!placed.contains(d.id())) {
                roots.add(node(d, children, placed));
            }
        }
        return roots;
    }

    private static TreeNode node(Department d, Map<Long, List<Department>> children, java.util.Set<Long> placed) {
        placed.add(d.id());
        List<TreeNode> kids = children.getOrDefault(d.id(), List.of()).stream()
                .sorted(Comparator.comparingLong(Department::order).reversed().thenComparingLong(Department::id))
                .filter(c -> !placed.contains(c.id()))
                .map(c -> node(c, children, placed)).toList();
        return new TreeNode(d.id(), d.name(), d.parentId(), d.order(), kids);
    }

    Optional<Department> department(String corp, long id) {
        return Optional.ofNullable(store.departments(corp).get(id)).map(MirrorStore.Stored::value);
    }

    /** Members of a department (direct, or in it and every department below it), each once. */
    Page<MemberSummary> members(String corp, long department, boolean descendants, int page, int size) {
        MapSqlParameterSource p = params(corp, page, size).addValue("dept", department);
        String scope = descendants ? SUBTREE : "";
        String in = descendants ? "ms.department_id IN (SELECT id FROM sub)" : "ms.department_id = :dept";
        Long total = jdbc.queryForObject(scope + "SELECT COUNT(DISTINCT ms.user_id) FROM directory_membership ms WHERE"
                + " ms.corp_id = :corp AND " + in, p, Long.class);
        List<String> ids = jdbc.queryForList(scope + "SELECT DISTINCT m.user_id FROM directory_membership ms JOIN directory_member m"
                + " ON m.corp_id = ms.corp_id AND m.user_id = ms.user_id WHERE ms.corp_id = :corp AND " + in
                + " ORDER BY m.user_id LIMIT :limit OFFSET :offset", p, String.class);
        return new Page<>(summaries(corp, ids), page, size, total == null ? 0 : total);
    }

    /** Members whose userid or name starts with {@code prefix}, case-insensitively. */
    Page<MemberSummary> search(String corp, String prefix, int page, int size) {
        String like = LikePatterns.literal(prefix) + "%";
        MapSqlParameterSource p = params(corp, page, size).addValue("like", like);
        String where = " FROM directory_member WHERE corp_id = :corp AND (user_id_lower LIKE :like ESCAPE '\\'"
                + " OR name_lower LIKE :like ESCAPE '\\')";
        Long total = jdbc.queryForObject("SELECT COUNT(*)" + where, p, Long.class);
        List<String> ids = jdbc.queryForList("SELECT user_id" + where + " ORDER BY user_id LIMIT :limit OFFSET :offset", p,
                String.class);
        return new Page<>(summaries(corp, ids), page, size, total == null ? 0 : total);
    }

    /** The members of a tag: tagged directly or through a tagged department (direct members of it). */
    Optional<Page<MemberSummary>> tagMembers(String corp, int tagId, int page, int size) {
        MapSqlParameterSource p = params(corp, page, size).addValue("tag", tagId);
        Integer exists = jdbc.queryForObject("SELECT COUNT(*) FROM directory_tag WHERE corp_id = :corp AND tag_id = :tag", p,
                Integer.class);
        if (exists == null || exists == 0) {
            return Optional.empty();
        }
        String members = " FROM (SELECT user_id FROM directory_tag_member WHERE corp_id = :corp AND tag_id = :tag UNION"
                + " SELECT ms.user_id FROM directory_membership ms JOIN directory_tag_department td ON td.corp_id = ms.corp_id"
                + " AND td.department_id = ms.department_id WHERE td.corp_id = :corp AND td.tag_id = :tag) t";
        Long total = jdbc.queryForObject("SELECT COUNT(*)" + members, p, Long.class);
        List<String> ids = jdbc.queryForList("SELECT user_id" + members + " ORDER BY user_id LIMIT :limit OFFSET :offset", p,
                String.class);
        return Optional.of(new Page<>(summaries(corp, ids), page, size, total == null ? 0 : total));
    }

    /** One member with every department, found case-insensitively as WeCom finds userids. */
    Optional<Member> member(String corp, String userId) {
        List<String> ids = jdbc.queryForList("SELECT user_id FROM directory_member WHERE corp_id = :corp AND user_id_lower = :id",
                new MapSqlParameterSource("corp", corp).addValue("id", userId.toLowerCase(Locale.ROOT)), String.class);
        if (ids.isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(store.members(corp, ids).get(ids.get(0))).map(s -> s.value().member());
    }

    long memberCount(String corp) {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM directory_member WHERE corp_id = :corp",
                new MapSqlParameterSource("corp", corp), Long.class);
        return n == null ? 0 : n;
    }

    private List<MemberSummary> summaries(String corp, List<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<String, MemberSummary> found = new LinkedHashMap<>();
        store.members(corp, ids).forEach((id, s) -> found.put(id, new MemberSummary(id, s.value().member().name(),
                s.value().member().departmentIds())));
        return ids.stream().map(found::get).filter(java.util.Objects::nonNull).toList();
    }

    private static MapSqlParameterSource params(String corp, int page, int size) {
        return new MapSqlParameterSource("corp", corp).addValue("limit", size).addValue("offset", (long) page * size);
    }
}
