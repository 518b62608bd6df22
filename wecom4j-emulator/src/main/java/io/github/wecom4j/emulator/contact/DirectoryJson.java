package io.github.wecom4j.emulator.contact;

import io.github.wecom4j.emulator.ApiError;
import io.github.wecom4j.emulator.corp.EmulatedDepartment;
import io.github.wecom4j.emulator.corp.EmulatedExtAttr;
import io.github.wecom4j.emulator.corp.EmulatedMember;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** WeCom's JSON shapes of departments and members, both ways, with WeCom's type errors (40058). */
final class DirectoryJson {

    private DirectoryJson() {
    }

    static void department(ObjectNode n, EmulatedDepartment d, List<String> leaders) {
        n.put("id", d.id());
        n.put("name", d.name());
        if (!d.nameEn().isEmpty()) {
            n.put("name_en", d.nameEn());
        }
        ArrayNode l = n.putArray("department_leader");
        leaders.forEach(l::add);
        n.put("parentid", d.parentId());
        n.put("order", d.order());
    }

    /**
     * user/get and user/list. Without private fields (an app created after 2022-06-20, doc 90196)
     * avatar, gender, mobile, email, biz_mail, qr_code and address are left out.
     */
    static void member(ObjectNode n, EmulatedMember m, boolean privateFields, java.util.function.LongPredicate visibleDepartment) {
        n.put("userid", m.userId());
        n.put("name", m.name());
        ArrayNode deps = n.putArray("department");
        ArrayNode order = n.putArray("order");
        ArrayNode leader = n.putArray("is_leader_in_dept");
        for (int i = 0; i < m.departments().size(); i++) {
            if (visibleDepartment.test(m.departments().get(i))) {
                deps.add(m.departments().get(i));
                order.add(m.orders().get(i));
                leader.add(m.leaderInDept().get(i));
            }
        }
        n.put("main_department", m.mainDepartment());
        n.put("position", m.position());
        ArrayNode direct = n.putArray("direct_leader");
        m.directLeaders().forEach(direct::add);
        n.put("alias", m.alias());
        n.put("telephone", m.telephone());
        n.put("status", m.status());
        n.put("enable", m.status() == 2 ? 0 : 1);
        n.put("external_position", m.externalPosition());
        ObjectNode ext = n.putObject("extattr");
        ArrayNode attrs = ext.putArray("attrs");
        for (EmulatedExtAttr a : m.extAttrs()) {
            ObjectNode x = attrs.addObject();
            x.put("type", a.type());
            x.put("name", a.name());
            switch (a.type()) {
                case 0 -> x.putObject("text").put("value", nz(a.value()));
                case 1 -> x.putObject("web").put("url", nz(a.url())).put("title", nz(a.title()));
                default -> x.putObject("miniprogram").put("appid", nz(a.appid())).put("pagepath", nz(a.pagepath()))
                        .put("title", nz(a.title()));
            }
        }
        if (privateFields) {
            n.put("mobile", m.mobile());
            n.put("gender", m.gender());
            n.put("email", m.email());
            n.put("biz_mail", m.bizMail());
            n.put("address", m.address());
            n.put("avatar", "http://wework.qpic.cn/emulated/avatar/" + m.userId() + "/0");
            n.put("thumb_avatar", "http://wework.qpic.cn/emulated/avatar/" + m.userId() + "/100");
            n.put("qr_code", "https://open.work.weixin.qq.com/wwopen/userQRCode?vcode=emulated" + m.userId());
        }
    }

    /**
     * Applies the fields present in a user/create or user/update body; absent fields keep their
     * value (doc 90197). Index-aligned arrays must match the department count (60132).
     */
    static void applyMember(JsonNode body, EmulatedMember.Builder b) {
        b.name = text(body, "name", 64, b.name);
        b.alias = text(body, "alias", 64, b.alias);
        b.mobile = text(body, "mobile", 32, b.mobile);
        b.email = text(body, "email", 64, b.email);
        b.bizMail = text(body, "biz_mail", 64, b.bizMail);
        b.position = text(body, "position", 128, b.position);
        b.telephone = text(body, "telephone", 32, b.telephone);
        b.address = text(body, "address", 128, b.address);
        b.externalPosition = text(body, "external_position", 12, b.externalPosition);
        if (body.has("gender")) {
            String g = body.get("gender").asString("");
            if (!g.equals("0") && !g.equals("1") && !g.equals("2")) {
                throw new ApiError(40058, "gender must be \"1\" (male) or \"2\" (female)");
            }
            b.gender = g;
        }
        if (body.has("enable")) {
            int enable = integer(body, "enable");
            b.status = enable == 0 ? 2 : b.status == 2 ? 1 : b.status;
        }
        boolean departmentsGiven = body.has("department");
        if (departmentsGiven) {
            List<Long> deps = longs(body, "department");
            if (deps.isEmpty()) {
                throw new ApiError(60127, "department must name at least one department");
            }
            if (new LinkedHashSet<>(deps).size() != deps.size()) {
                throw new ApiError(40058, "department lists a department twice");
            }
            b.departments = deps;
            if (!body.has("order")) {
                b.orders = null;
            }
            if (!body.has("is_leader_in_dept")) {
                b.leaderInDept = null;
            }
        }
        int count = b.departments == null ? 0 : b.departments.size();
        if (body.has("order")) {
            List<Long> order = longs(body, "order");
            if (order.size() != count) {
                throw new ApiError(40058, "order must have as many elements as department");
            }
            b.orders = order;
        }
        if (body.has("is_leader_in_dept")) {
            List<Long> leader = longs(body, "is_leader_in_dept");
            if (leader.size() != count) {
                throw new ApiError(60132, "is_leader_in_dept must have as many elements as department");
            }
            b.leaderInDept = leader.stream().map(l -> l == 0 ? 0 : 1).toList();
        }
        if (body.has("direct_leader")) {
            b.directLeaders = strings(body, "direct_leader");
        }
        if (body.has("main_department")) {
            long main = body.get("main_department").asLong(0);
            if (b.departments == null || !b.departments.contains(main)) {
                throw new ApiError(40058, "main_department must be one of the member's departments");
            }
            b.mainDepartment = main;
        } else if (departmentsGiven && !b.departments.contains(b.mainDepartment)) {
            b.mainDepartment = b.departments.get(0);
        }
        if (body.has("extattr")) {
            b.extAttrs = extAttrs(body.get("extattr").path("attrs"));
        }
    }

    private static List<EmulatedExtAttr> extAttrs(JsonNode attrs) {
        if (!attrs.isArray()) {
            throw new ApiError(40058, "extattr.attrs must be an array");
        }
        List<EmulatedExtAttr> out = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (JsonNode a : attrs) {
            int type = a.path("type").asInt(0);
            String name = a.path("name").asString("");
            if (name.isEmpty() || type < 0 || type > 2 || !names.add(name)) {
                throw new ApiError(40058, "each extattr needs a unique name and a type 0, 1 or 2");
            }
            out.add(switch (type) {
                case 0 -> new EmulatedExtAttr(0, name, a.path("text").path("value").asString(a.path("value").asString("")),
                        null, null, null, null);
                case 1 -> new EmulatedExtAttr(1, name, null, a.path("web").path("url").asString(""),
                        a.path("web").path("title").asString(""), null, null);
                default -> new EmulatedExtAttr(2, name, null, null, a.path("miniprogram").path("title").asString(""),
                        a.path("miniprogram").path("appid").asString(""), a.path("miniprogram").path("pagepath").asString(""));
            });
        }
        return out;
    }

    static String text(JsonNode body, String field, int maxChars, String otherwise) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return otherwise;
        }
        if (!n.isString()) {
            throw new ApiError(40058, field + " must be a string");
        }
        String v = n.asString();
        if (v.codePointCount(0, v.length()) > maxChars) {
            throw new ApiError(40058, field + " is at most " + maxChars + " characters");
        }
        return v;
    }

    static int integer(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || !n.canConvertToInt()) {
            throw new ApiError(40058, field + " must be an integer");
        }
        return n.asInt();
    }

    static List<Long> longs(JsonNode body, String field) {
        JsonNode n = body.path(field);
        if (!n.isArray()) {
            throw new ApiError(40058, field + " must be an array of integers");
        }
        List<Long> out = new ArrayList<>();
        for (JsonNode x : n) {
            if (!x.isIntegralNumber() && !(x.isString() && x.asString().matches("\\d{1,12}"))) {
                throw new ApiError(40058, field + " must be an array of integers");
            }
            out.add(x.asLong());
        }
        return out;
    }

    static List<String> strings(JsonNode body, String field) {
        JsonNode n = body.path(field);
        if (!n.isArray()) {
            throw new ApiError(40058, field + " must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode x : n) {
            if (!x.isString()) {
                throw new ApiError(40058, field + " must be an array of strings");
            }
            out.add(x.asString());
        }
        return out;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
