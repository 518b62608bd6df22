package io.github.wecom4j.emulator.agent;

import io.github.wecom4j.emulator.ApiCall;
import io.github.wecom4j.emulator.ApiError;
import io.github.wecom4j.emulator.corp.EmulatedApp;
import io.github.wecom4j.emulator.corp.EmulatedCorp;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * An app's own settings and menu: {@code agent/get} (doc 90227), {@code agent/set} (90228),
 * {@code menu/create}, {@code menu/get}, {@code menu/delete} (90231-90233). Each app reads and
 * changes only itself (registered by {@code WeComEmulator}) (301002 otherwise). Menu rules: 1 to 3 buttons, each with at most 5
 * sub-buttons; names at most 16 bytes (sub-buttons 40); keys at most 128 bytes; URLs at most 1024
 * bytes; codes 40016-40027 of the global table.
 */
public final class AgentRoutes {

    static final Set<String> KEYED = Set.of("click", "scancode_push", "scancode_waitmsg", "pic_sysphoto", "pic_photo_or_album",
            "pic_weixin", "location_select");

    private final Supplier<EmulatedCorp> corp;
    private final JsonMapper json;
    private final Map<Integer, JsonNode> menus = new ConcurrentHashMap<>();
    private final Map<Integer, ObjectNode> settings = new ConcurrentHashMap<>();

    public AgentRoutes(Supplier<EmulatedCorp> corp, JsonMapper json) {
        this.corp = corp;
        this.json = json;
    }

    /** The app's current menu ({@code {"button":[...]}}), if one was created. */
    public Optional<JsonNode> menu(int agentId) {
        return Optional.ofNullable(menus.get(agentId));
    }

    public void reset() {
        menus.clear();
        settings.clear();
    }

    public ObjectNode get(ApiCall call) {
        EmulatedApp app = ownApp(call, call.request().param("agentid"));
        ObjectNode out = json.createObjectNode();
        out.put("agentid", app.agentId());
        out.put("name", app.name());
        out.put("square_logo_url", "");
        out.put("description", "");
        ObjectNode users = out.putObject("allow_userinfos");
        corp.get().members().forEach(m -> users.withArray("user").addObject().put("userid", m.userId()));
        out.putObject("allow_partys").putArray("partyid").add(1);
        out.putObject("allow_tags").putArray("tagid");
        out.put("close", 0);
        out.put("redirect_domain", app.trustedDomain());
        out.put("report_location_flag", 0);
        out.put("isreportenter", 0);
        out.put("home_url", "");
        out.put("customized_publish_status", 1);
        ObjectNode changed = settings.get(app.agentId());
        if (changed != null) {
            out.setAll(changed);
        }
        return out;
    }

    public ObjectNode set(ApiCall call) {
        JsonNode body = call.body();
        EmulatedApp app = ownApp(call, body.path("agentid").asString(""));
        ObjectNode changed = settings.computeIfAbsent(app.agentId(), k -> json.createObjectNode());
        String name = body.path("name").asString(null);
        if (name != null && (name.isBlank() || name.codePointCount(0, name.length()) > 32)) {
            throw new ApiError(40058, "name must be 1 to 32 characters");
        }
        String description = body.path("description").asString(null);
        if (description != null && description.codePointCount(0, description.length()) > 120) {
            throw new ApiError(40058, "description must be at most 120 characters");
        }
        for (String flag : new String[] {"report_location_flag", "isreportenter"}) {
            if (body.has(flag) && body.path(flag).asInt(-1) != 0 && body.path(flag).asInt(-1) != 1) {
                throw new ApiError(40058, flag + " must be 0 or 1");
            }
        }
        for (String field : new String[] {"name", "description", "redirect_domain", "home_url"}) {
            if (body.has(field)) {
                changed.put(field, body.path(field).asString(""));
            }
        }
        for (String flag : new String[] {"report_location_flag", "isreportenter"}) {
            if (body.has(flag)) {
                changed.put(flag, body.path(flag).asInt());
            }
        }
        return json.createObjectNode();
    }

    public ObjectNode createMenu(ApiCall call) {
        EmulatedApp app = ownApp(call, call.request().param("agentid"));
        JsonNode buttons = call.body().path("button");
        if (!buttons.isArray() || buttons.isEmpty() || buttons.size() > 3) {
            throw new ApiError(40016, "a menu has 1 to 3 buttons");
        }
        for (JsonNode b : buttons) {
            JsonNode subs = b.path("sub_button");
            if (subs.isArray() && !subs.isEmpty()) {
                if (subs.size() > 5) {
                    throw new ApiError(40023, "a button has at most 5 sub-buttons");
                }
                name(b, 16, 40018);
                for (JsonNode s : subs) {
                    button(s, 40, 40024, 40025, 40026, 40027);
                }
            } else {
                button(b, 16, 40017, 40018, 40019, 40020);
            }
        }
        menus.put(app.agentId(), buttons.deepCopy());
        return json.createObjectNode();
    }

    public ObjectNode getMenu(ApiCall call) {
        EmulatedApp app = ownApp(call, call.request().param("agentid"));
        JsonNode menu = menus.get(app.agentId());
        if (menu == null) {
            throw new ApiError(46003, "menu no exist");
        }
        ObjectNode out = json.createObjectNode();
        out.set("button", menu.deepCopy());
        return out;
    }

    public ObjectNode deleteMenu(ApiCall call) {
        EmulatedApp app = ownApp(call, call.request().param("agentid"));
        menus.remove(app.agentId());
        return json.createObjectNode();
    }

    private static void button(JsonNode b, int maxName, int typeCode, int nameCode, int keyCode, int urlCode) {
        name(b, maxName, nameCode);
        String type = b.path("type").asString("");
        if (KEYED.contains(type)) {
            String key = b.path("key").asString("");
            if (key.isEmpty() || bytes(key) > 128) {
                throw new ApiError(keyCode, "key must be 1 to 128 bytes");
            }
        } else if (type.equals("view")) {
            String url = b.path("url").asString("");
            if (!url.matches("(?i)https?://\\S+") || bytes(url) > 1024) {
                throw new ApiError(urlCode, "url must be an http(s) URL of at most 1024 bytes");
            }
        } else if (type.equals("view_miniprogram")) {
            if (b.path("appid").asString("").isEmpty() || b.path("pagepath").asString("").isEmpty()) {
                throw new ApiError(40058, "view_miniprogram needs appid and pagepath");
            }
        } else {
            throw new ApiError(typeCode, "invalid button type: " + type);
        }
    }

    private static void name(JsonNode b, int maxBytes, int code) {
        String name = b.path("name").asString("");
        if (name.isEmpty() || bytes(name) > maxBytes) {
            throw new ApiError(code, "button name must be 1 to " + maxBytes + " bytes");
        }
    }

    private static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private EmulatedApp ownApp(ApiCall call, String agentIdParam) {
        if (call.scope().contacts()) {
            throw new ApiError(48002, "api forbidden: use the app's own secret");
        }
        if (agentIdParam == null || !agentIdParam.matches("\\d{1,10}")) {
            throw new ApiError(40056, "invalid agentid");
        }
        int agentId = Integer.parseInt(agentIdParam);
        if (agentId != call.scope().agentId()) {
            throw new ApiError(301002, "agentid differs from the app of the access_token");
        }
        return corp.get().app(agentId).orElseThrow(() -> new ApiError(40056, "invalid agentid"));
    }
}
