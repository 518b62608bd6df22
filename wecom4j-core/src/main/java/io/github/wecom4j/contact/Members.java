package io.github.wecom4j.contact;

import io.github.wecom4j.error.WeComValidationException;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** Members (docs 90195-90203, 96067). Writes and list_id use the contacts-sync token. */
public final class Members {

    /** WeCom's page size limit of user/list_id. */
    public static final int MAX_PAGE = 10_000;

    private final ContactsCredentials credentials;

    Members(ContactsCredentials credentials) {
        this.credentials = credentials;
    }

    /** Creates the member and sends WeCom's invitation ({@code to_invite}, the default). */
    public void create(Member member) {
        create(member, true);
    }

    public void create(Member member, boolean invite) {
        credentials.sync("user/create").post("/cgi-bin/user/create", MemberJson.createBody(member, invite));
    }

    /** Changes only the fields the update names. */
    public void update(MemberUpdate update) {
        if (update.isEmpty()) {
            return;
        }
        credentials.sync("user/update").post("/cgi-bin/user/update", update.body());
    }

    public void delete(String userId) {
        ContactChecks.requireUserId(userId);
        Deletes.delete(credentials.sync("user/delete"), "/cgi-bin/user/delete", Map.of("userid", userId), Set.of(60111));
    }

    /** Deletes up to 200 members in one call (doc 90199); WeCom refuses the whole call if one is unknown. */
    public void batchDelete(List<String> userIds) {
        if (userIds.isEmpty() || userIds.size() > 200) {
            throw new WeComValidationException(40032, "batchdelete takes 1-200 userids, got " + userIds.size());
        }
        userIds.forEach(ContactChecks::requireUserId);
        credentials.sync("user/batchdelete").post("/cgi-bin/user/batchdelete", Map.of("useridlist", userIds));
    }

    public Member get(String userId) {
        ContactChecks.requireUserId(userId);
        return MemberJson.read(credentials.reader().get("/cgi-bin/user/get", Map.of("userid", userId)));
    }

    /** Direct members of a department with their details (user/list). */
    public List<Member> list(long departmentId) {
        List<Member> out = new ArrayList<>();
        credentials.reader().get("/cgi-bin/user/list", Map.of("department_id", Long.toString(departmentId)))
                .path("userlist").forEach(u -> out.add(MemberJson.read(u)));
        return out;
    }

    /** Direct members of a department: userid, name, departments (user/simplelist). */
    public List<MemberSummary> simpleList(long departmentId) {
        List<MemberSummary> out = new ArrayList<>();
        for (JsonNode u : credentials.reader().get("/cgi-bin/user/simplelist", Map.of("department_id", Long.toString(departmentId)))
                .path("userlist")) {
            List<Long> deps = new ArrayList<>();
            u.path("department").forEach(d -> deps.add(d.asLong()));
            out.add(new MemberSummary(u.path("userid").asString(""), u.path("name").asString(""), deps));
        }
        return out;
    }

    /**
     * Every (member, department) of the corp through user/list_id, fetched lazily page by page as
     * the stream is consumed: a 50,000-member corp never sits in memory at once.
     */
    public Stream<DepartmentMember> listIds() {
        return listIds(MAX_PAGE);
    }

    public Stream<DepartmentMember> listIds(int pageSize) {
        if (pageSize < 1 || pageSize > MAX_PAGE) {
            throw new WeComValidationException(40058, "list_id pages hold 1-" + MAX_PAGE + " rows, got " + pageSize);
        }
        Iterator<DepartmentMember> pages = new ListIdPages(pageSize);
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(pages, Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    /** The userid of the member with this mobile (doc 95402), in the token's visible range. */
    public String userIdByMobile(String mobile) {
        MemberRules.requireMobile(mobile);
        return credentials.reader().post("/cgi-bin/user/getuserid", Map.of("mobile", mobile)).path("userid").asString();
    }

    /** The userid of the member with this corp email (doc 95895, email_type 1). */
    public String userIdByEmail(String email) {
        MemberRules.requireEmail(email);
        return credentials.reader().post("/cgi-bin/user/get_userid_by_email", Map.of("email", email, "email_type", 1))
                .path("userid").asString();
    }

    /** The member's openid, for payments and other WeChat-side APIs (doc 90202). */
    public String toOpenId(String userId) {
        ContactChecks.requireUserId(userId);
        return credentials.reader().post("/cgi-bin/user/convert_to_openid", Map.of("userid", userId)).path("openid").asString();
    }

    public String toUserId(String openId) {
        if (openId == null || openId.isBlank() || openId.length() > 128) {
            throw new WeComValidationException(40003, "openid must be 1-128 characters");
        }
        return credentials.reader().post("/cgi-bin/user/convert_to_userid", Map.of("openid", openId)).path("userid").asString();
    }

    /** Tells WeCom the member passed the corp's own second verification (doc 90203). */
    public void authSucceeded(String userId) {
        ContactChecks.requireUserId(userId);
        credentials.reader().get("/cgi-bin/user/authsucc", Map.of("userid", userId));
    }

    /** Pages of list_id, fetched when the previous one is used up. */
    private final class ListIdPages implements Iterator<DepartmentMember> {
        private final int pageSize;
        private Iterator<JsonNode> page = List.<JsonNode>of().iterator();
        private String cursor = "";
        private boolean last;

        ListIdPages(int pageSize) {
            this.pageSize = pageSize;
        }

        @Override
        public boolean hasNext() {
            while (!page.hasNext() && !last) {
                JsonNode body = credentials.sync("user/list_id").post("/cgi-bin/user/list_id",
                        cursor.isEmpty() ? Map.of("limit", pageSize) : Map.of("limit", pageSize, "cursor", cursor));
                page = body.path("dept_user").iterator();
                cursor = body.path("next_cursor").asString("");
                last = cursor.isEmpty();
            }
            return page.hasNext();
        }

        @Override
        public DepartmentMember next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            JsonNode row = page.next();
            return new DepartmentMember(row.path("userid").asString(""), row.path("department").asLong());
        }
    }
}
