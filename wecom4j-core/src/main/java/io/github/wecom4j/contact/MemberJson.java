package io.github.wecom4j.contact;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** WeCom's member JSON, both ways (doc 90195 / 90196). */
final class MemberJson {

    private MemberJson() {
    }

    static Member read(JsonNode u) {
        List<Membership> memberships = new ArrayList<>();
        JsonNode deps = u.path("department");
        JsonNode order = u.path("order");
        JsonNode leader = u.path("is_leader_in_dept");
        for (int i = 0; i < deps.size(); i++) {
            memberships.add(new Membership(deps.get(i).asLong(), order.path(i).asLong(0), leader.path(i).asInt(0) == 1));
        }
        List<String> directLeaders = new ArrayList<>();
        u.path("direct_leader").forEach(l -> directLeaders.add(l.asString()));
        List<ExtAttr> attrs = new ArrayList<>();
        for (JsonNode a : u.path("extattr").path("attrs")) {
            String name = a.path("name").asString("");
            attrs.add(switch (a.path("type").asInt(0)) {
                case 1 -> new ExtAttr.Web(name, a.path("web").path("url").asString(""), a.path("web").path("title").asString(""));
                case 2 -> new ExtAttr.MiniProgram(name, a.path("miniprogram").path("appid").asString(""),
                        a.path("miniprogram").path("pagepath").asString(""), a.path("miniprogram").path("title").asString(""));
                default -> new ExtAttr.Text(name, a.path("text").path("value").asString(""));
            });
        }
        JsonNode main = u.path("main_department");
        return new Member(u.path("userid").asString(""), u.path("name").asString(""), u.path("alias").asString(""), memberships,
                main.isMissingNode() || main.isNull() ? null : main.asLong(), u.path("position").asString(""),
                u.path("mobile").asString(""), u.path("email").asString(""), u.path("biz_mail").asString(""),
                Gender.of(u.path("gender").asString("0")), u.path("telephone").asString(""), u.path("address").asString(""),
                MemberStatus.of(u.path("status").asInt(0)), directLeaders, attrs, u.path("external_position").asString(""),
                u.path("avatar").asString(""));
    }

    static Map<String, Object> createBody(Member m, boolean invite) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("userid", m.userId());
        b.put("name", m.name());
        putIf(b, "alias", m.alias());
        b.put("department", m.memberships().stream().map(Membership::departmentId).toList());
        b.put("order", m.memberships().stream().map(Membership::order).toList());
        b.put("is_leader_in_dept", m.memberships().stream().map(x -> x.leader() ? 1 : 0).toList());
        if (m.mainDepartment() != null) {
            b.put("main_department", m.mainDepartment());
        }
        putIf(b, "position", m.position());
        putIf(b, "mobile", m.mobile());
        putIf(b, "email", m.email());
        putIf(b, "biz_mail", m.bizMail());
        if (m.gender() != Gender.UNKNOWN) {
            b.put("gender", m.gender().code());
        }
        putIf(b, "telephone", m.telephone());
        putIf(b, "address", m.address());
        if (!m.directLeaders().isEmpty()) {
            b.put("direct_leader", m.directLeaders());
        }
        if (!m.extAttrs().isEmpty()) {
            b.put("extattr", extAttrBody(m.extAttrs()));
        }
        putIf(b, "external_position", m.externalPosition());
        b.put("enable", m.status() == MemberStatus.DISABLED ? 0 : 1);
        b.put("to_invite", invite);
        return b;
    }

    static Map<String, Object> extAttrBody(List<ExtAttr> attrs) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ExtAttr a : attrs) {
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("name", a.name());
            if (a instanceof ExtAttr.Text t) {
                n.put("type", 0);
                n.put("text", Map.of("value", t.value()));
            } else if (a instanceof ExtAttr.Web w) {
                n.put("type", 1);
                n.put("web", Map.of("url", w.url(), "title", w.title()));
            } else if (a instanceof ExtAttr.MiniProgram p) {
                n.put("type", 2);
                n.put("miniprogram", Map.of("appid", p.appId(), "pagepath", p.pagePath(), "title", p.title()));
            }
            out.add(n);
        }
        return Map.of("attrs", out);
    }

    private static void putIf(Map<String, Object> b, String field, String value) {
        if (value != null && !value.isEmpty()) {
            b.put(field, value);
        }
    }
}
