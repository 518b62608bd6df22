package io.github.wecom4j.gateway.directory;

import io.github.wecom4j.contact.ExtAttr;
import io.github.wecom4j.contact.Gender;
import io.github.wecom4j.contact.MemberStatus;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** How member fields that are not one column (leaders, custom attributes, enums) sit in the mirror's rows. */
final class MemberCodec {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private MemberCodec() {
    }

    /** Userids never contain a comma (WeCom's rule: letters, digits, {@code _-@.}). */
    static String joinIds(List<String> ids) {
        return String.join(",", ids);
    }

    static List<String> splitIds(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : Arrays.asList(joined.split(","));
    }

    static String extAttrs(List<ExtAttr> attrs) {
        if (attrs.isEmpty()) {
            return "";
        }
        ArrayNode out = JSON.createArrayNode();
        for (ExtAttr a : attrs) {
            ObjectNode n = out.addObject().put("name", a.name());
            if (a instanceof ExtAttr.Text t) {
                n.put("type", 0).put("value", t.value());
            } else if (a instanceof ExtAttr.Web w) {
                n.put("type", 1).put("url", w.url()).put("title", w.title());
            } else if (a instanceof ExtAttr.MiniProgram p) {
                n.put("type", 2).put("appid", p.appId()).put("pagepath", p.pagePath()).put("title", p.title());
            }
        }
        return JSON.writeValueAsString(out);
    }

    static List<ExtAttr> extAttrs(String json) {
        if (json == null || json.isEmpty()) {
            return List.of();
        }
        List<ExtAttr> out = new ArrayList<>();
        for (JsonNode n : JSON.readTree(json)) {
            String name = n.path("name").asString("");
            out.add(switch (n.path("type").asInt(0)) {
                case 1 -> new ExtAttr.Web(name, n.path("url").asString(""), n.path("title").asString(""));
                case 2 -> new ExtAttr.MiniProgram(name, n.path("appid").asString(""), n.path("pagepath").asString(""),
                        n.path("title").asString(""));
                default -> new ExtAttr.Text(name, n.path("value").asString(""));
            });
        }
        return out;
    }

    static MemberStatus status(int code) {
        for (MemberStatus s : MemberStatus.values()) {
            if (s.code() == code) {
                return s;
            }
        }
        return MemberStatus.UNKNOWN;
    }

    static Gender gender(String code) {
        for (Gender g : Gender.values()) {
            if (g.code().equals(code)) {
                return g;
            }
        }
        return Gender.UNKNOWN;
    }
}
