package io.github.wecom4j.emulator.contact;

import io.github.wecom4j.emulator.ApiCall;
import io.github.wecom4j.emulator.ApiError;
import io.github.wecom4j.emulator.ApiRoutes;
import io.github.wecom4j.emulator.corp.EmulatedMember;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /cgi-bin/user/*} (docs 90195-90202, 96067, 95402, 95895, 90203): member writes with the
 * contacts-sync token; reads inside the caller's visible range, with the 2022 field rules.
 */
final class MemberRoutes {

    static final int LIST_ID_MAX = 10_000;

    private final ContactContext ctx;

    MemberRoutes(ContactContext ctx) {
        this.ctx = ctx;
    }

    void register(ApiRoutes api) {
        api.post("/cgi-bin/user/create", this::create);
        api.post("/cgi-bin/user/update", this::update);
        api.get("/cgi-bin/user/delete", this::delete);
        api.post("/cgi-bin/user/batchdelete", this::batchDelete);
        api.get("/cgi-bin/user/get", this::get);
        api.get("/cgi-bin/user/list", call -> list(call, true));
        api.get("/cgi-bin/user/simplelist", call -> list(call, false));
        api.post("/cgi-bin/user/list_id", this::listId);
        api.post("/cgi-bin/user/getuserid", this::byMobile);
        api.post("/cgi-bin/user/get_userid_by_email", this::byEmail);
        api.post("/cgi-bin/user/convert_to_openid", this::toOpenId);
        api.post("/cgi-bin/user/convert_to_userid", this::toUserId);
        api.get("/cgi-bin/user/authsucc", this::authSucc);
    }

    private ObjectNode create(ApiCall call) {
        JsonNode body = call.body();
        String userId = DirectoryJson.text(body, "userid", 64, "");
        if (userId.isEmpty()) {
            throw new ApiError(40003, "userid is required");
        }
        if (!body.has("name")) {
            throw new ApiError(60112, "name is required");
        }
        if (!body.has("department")) {
            throw new ApiError(60127, "department is required");
        }
        EmulatedMember.Builder b = new EmulatedMember.Builder();
        b.userId = userId;
        DirectoryJson.applyMember(body, b);
        if (b.status == 0) {
            b.status = 4; // invited, not yet activated
        }
        return ctx.directory().change(DepartmentRoutes.origin(call), () -> {
            ctx.access(call).requireWrite();
            ctx.directory().members().create(b.build());
            return message("created");
        });
    }

    private ObjectNode update(ApiCall call) {
        JsonNode body = call.body();
        String userId = DirectoryJson.text(body, "userid", 64, "");
        return ctx.directory().change(DepartmentRoutes.origin(call), () -> {
            ctx.access(call).requireWrite();
            EmulatedMember.Builder b = ctx.directory().members().require(userId).toBuilder();
            DirectoryJson.applyMember(body, b);
            ctx.directory().members().update(b.build());
            return message("updated");
        });
    }

    private ObjectNode delete(ApiCall call) {
        String userId = call.requireParam("userid", 40003);
        return ctx.directory().change(DepartmentRoutes.origin(call), () -> {
            ctx.access(call).requireWrite();
            ctx.directory().members().delete(userId);
            return message("deleted");
        });
    }

    /** All or nothing: an unknown userid fails the whole call before anything is deleted. */
    private ObjectNode batchDelete(ApiCall call) {
        List<String> ids = DirectoryJson.strings(call.body(), "useridlist");
        if (ids.isEmpty()) {
            throw new ApiError(40031, "useridlist is empty");
        }
        if (ids.size() > 200) {
            throw new ApiError(40032, "useridlist has " + ids.size() + " userids; at most 200");
        }
        return ctx.directory().change(DepartmentRoutes.origin(call), () -> {
            ctx.access(call).requireWrite();
            Set<String> unique = new LinkedHashSet<>();
            ids.forEach(id -> unique.add(ctx.directory().members().require(id).userId()));
            unique.forEach(ctx.directory().members()::delete);
            return message("deleted");
        });
    }

    private ObjectNode get(ApiCall call) {
        String userId = call.requireParam("userid", 40003);
        return ctx.directory().read(() -> {
            Access access = ctx.access(call);
            access.requireDetailRead();
            EmulatedMember m = access.requireMember(ctx.directory().members().require(userId));
            ObjectNode out = ctx.json().createObjectNode();
            DirectoryJson.member(out, m, access.privateFields(), access::seesDepartment);
            return out;
        });
    }

    /** Direct members of the department; {@code fetch_child=1} adds those below it (older SDKs send it). */
    private ObjectNode list(ApiCall call, boolean details) {
        long dep = ContactContext.id(call.request().param("department_id"), 40066, "department_id");
        boolean children = "1".equals(call.request().param("fetch_child"));
        return ctx.directory().read(() -> {
            Access access = ctx.access(call);
            access.requireDetailRead();
            ctx.directory().departments().require(dep);
            access.requireDepartment(dep);
            List<Long> deps = children ? ctx.directory().departments().descendants(dep) : List.of(dep);
            ObjectNode out = ctx.json().createObjectNode();
            ArrayNode arr = out.putArray("userlist");
            for (EmulatedMember m : ctx.directory().members().inDepartments(deps)) {
                ObjectNode n = arr.addObject();
                if (details) {
                    DirectoryJson.member(n, m, access.privateFields(), access::seesDepartment);
                } else {
                    n.put("userid", m.userId());
                    n.put("name", m.name());
                    ArrayNode d = n.putArray("department");
                    m.departments().stream().filter(access::seesDepartment).forEach(d::add);
                }
            }
            return out;
        });
    }

    /**
     * One row per (member, department), {@code limit} rows a page (1-10,000), an opaque cursor;
     * an empty {@code next_cursor} ends the walk (doc 96067). Contacts-sync only, from any IP.
     */
    private ObjectNode listId(ApiCall call) {
        JsonNode body = call.body();
        int limit = body.has("limit") ? DirectoryJson.integer(body, "limit") : 1000;
        if (limit < 1 || limit > LIST_ID_MAX) {
            throw new ApiError(40058, "limit must be 1-" + LIST_ID_MAX);
        }
        Cursor from = Cursor.parse(DirectoryJson.text(body, "cursor", 256, ""));
        return ctx.directory().read(() -> {
            ctx.access(call).requireContactsSync();
            ObjectNode out = ctx.json().createObjectNode();
            ArrayNode rows = out.putArray("dept_user");
            int n = 0;
            String nextKey = null;
            int nextIndex = 0;
            outer:
            for (Map.Entry<String, EmulatedMember> e : ctx.directory().members().from(from.key()).entrySet()) {
                List<Long> deps = e.getValue().departments();
                int start = e.getKey().equals(from.key()) ? from.index() : 0;
                for (int i = start; i < deps.size(); i++) {
                    if (n == limit) {
                        nextKey = e.getKey();
                        nextIndex = i;
                        break outer;
                    }
                    rows.addObject().put("userid", e.getValue().userId()).put("department", deps.get(i));
                    n++;
                }
            }
            out.put("next_cursor", nextKey == null ? "" : new Cursor(nextKey, nextIndex).encode());
            return out;
        });
    }

    private ObjectNode byMobile(ApiCall call) {
        String mobile = DirectoryJson.text(call.body(), "mobile", 32, "");
        if (mobile.isEmpty()) {
            throw new ApiError(60103, "mobile is required");
        }
        return found(call, ctx.directory().read(() -> ctx.directory().members().byMobile(mobile)), "mobile");
    }

    private ObjectNode byEmail(ApiCall call) {
        String email = DirectoryJson.text(call.body(), "email", 64, "");
        if (email.isEmpty()) {
            throw new ApiError(60105, "email is required");
        }
        return found(call, ctx.directory().read(() -> ctx.directory().members().byEmail(email)), "email");
    }

    private ObjectNode found(ApiCall call, String key, String by) {
        return ctx.directory().read(() -> {
            Access access = ctx.access(call);
            EmulatedMember m = key == null ? null : ctx.directory().members().get(key);
            if (m == null || !access.seesMember(m)) {
                throw new ApiError(46004, "user not exist: no member with this " + by + " in the caller's visible range");
            }
            return ctx.json().createObjectNode().put("userid", m.userId());
        });
    }

    private ObjectNode toOpenId(ApiCall call) {
        String userId = DirectoryJson.text(call.body(), "userid", 64, "");
        return ctx.directory().read(() -> {
            EmulatedMember m = ctx.directory().members().require(userId);
            return ctx.json().createObjectNode().put("openid", openId(ctx.settings().get().corpId(), m.userId()));
        });
    }

    private ObjectNode toUserId(ApiCall call) {
        String openId = DirectoryJson.text(call.body(), "openid", 128, "");
        return ctx.directory().read(() -> {
            String corpId = ctx.settings().get().corpId();
            for (EmulatedMember m : ctx.directory().members().all()) {
                if (openId(corpId, m.userId()).equals(openId)) {
                    return ctx.json().createObjectNode().put("userid", m.userId());
                }
            }
            throw new ApiError(40003, "invalid openid: no member of this corp has it");
        });
    }

    /** Second verification passed (doc 90203): a not-yet-activated member becomes active. */
    private ObjectNode authSucc(ApiCall call) {
        String userId = call.requireParam("userid", 40003);
        return ctx.directory().change(DepartmentRoutes.origin(call), () -> {
            EmulatedMember m = ctx.directory().members().require(userId);
            if (m.status() == 4) {
                EmulatedMember.Builder b = m.toBuilder();
                b.status = 1;
                ctx.directory().members().update(b.build());
            }
            return ctx.json().createObjectNode();
        });
    }

    /** A stable openid per (corp, member), as WeCom's is. */
    static String openId(String corpId, String userId) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256")
                    .digest((corpId + "/" + MemberStore.key(userId)).getBytes(StandardCharsets.UTF_8));
            return "oEmu" + HexFormat.of().formatHex(h, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private ObjectNode message(String errmsg) {
        return ctx.json().createObjectNode().put("errmsg", errmsg);
    }

    /** Where list_id stopped: the member key and the index of its next department. */
    private record Cursor(String key, int index) {
        String encode() {
            return Base64.getUrlEncoder().withoutPadding().encodeToString((index + ":" + key).getBytes(StandardCharsets.UTF_8));
        }

        static Cursor parse(String raw) {
            if (raw.isEmpty()) {
                return new Cursor(null, 0);
            }
            try {
                String s = new String(Base64.getUrlDecoder().decode(raw), StandardCharsets.UTF_8);
                int colon = s.indexOf(':');
                return new Cursor(s.substring(colon + 1), Integer.parseInt(s.substring(0, colon)));
            } catch (RuntimeException e) {
                throw new ApiError(40058, "invalid cursor");
            }
        }
    }
}
