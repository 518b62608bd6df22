package io.github.wecom4j.contact;

import io.github.wecom4j.WeComApi;
import io.github.wecom4j.error.WeComValidationException;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reading the directory (通讯录): departments and members, which are many-to-many — a member's
 * {@code department} field lists every department they belong to.
 */
public final class ContactService {


    private final WeComApi api;

    public ContactService(WeComApi api) {
        this.api = api;
    }

    /** Every department the token can see ({@code GET /cgi-bin/department/list}, doc 90208). */
    public List<Department> departments() {
        JsonNode body = api.get("/cgi-bin/department/list", Map.of());
        List<Department> out = new ArrayList<>();
        for (JsonNode d : body.path("department")) {
            List<String> leaders = new ArrayList<>();
            d.path("department_leader").forEach(l -> leaders.add(l.asString()));
            out.add(new Department(d.path("id").asLong(0), d.path("name").asString(""), d.path("parentid").asLong(0),
                    d.path("order").asLong(0), leaders));
        }
        return out;
    }

    /** One member ({@code GET /cgi-bin/user/get}, doc 90196). */
    public User user(String userId) {
        requireUserId(userId);
        return toUser(api.get("/cgi-bin/user/get", Map.of("userid", userId)));
    }

    /** Direct members of a department ({@code GET /cgi-bin/user/simplelist}, doc 90200). */
    public List<User> usersOf(long departmentId) {
        JsonNode body = api.get("/cgi-bin/user/simplelist", Map.of("department_id", Long.toString(departmentId)));
        List<User> out = new ArrayList<>();
        body.path("userlist").forEach(u -> out.add(toUser(u)));
        return out;
    }

    static void requireUserId(String userId) {
        if (!UserIds.valid(userId)) {
            throw new WeComValidationException(40003,
                    "userid must be 1-64 letters, digits or _-@. (got " + (userId == null ? "null" : "'" + userId + "'") + ")");
        }
    }

    private static User toUser(JsonNode u) {
        List<Long> departments = new ArrayList<>();
        u.path("department").forEach(d -> departments.add(d.asLong(0)));
        JsonNode main = u.path("main_department");
        return new User(u.path("userid").asString(""), u.path("name").asString(""), departments,
                main.isMissingNode() || main.isNull() ? null : main.asLong(0), u.path("position").asString(""),
                u.path("mobile").asString(""), u.path("email").asString(""), u.path("status").asInt(0));
    }
}
