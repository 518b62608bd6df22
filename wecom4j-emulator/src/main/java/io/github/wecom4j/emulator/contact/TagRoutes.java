package io.github.wecom4j.emulator.contact;

import io.github.wecom4j.emulator.ApiCall;
import io.github.wecom4j.emulator.ApiError;
import io.github.wecom4j.emulator.ApiRoutes;
import io.github.wecom4j.emulator.corp.EmulatedMember;
import io.github.wecom4j.emulator.corp.EmulatedTag;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * {@code /cgi-bin/tag/*} (docs 90210-90216). The contacts-sync token manages every tag; an app
 * creates tags and changes only its own (81011). Members or departments that do not exist come
 * back as {@code invalidlist} ("a|b") and {@code invalidparty} ([2,3]) with errcode 0.
 */
final class TagRoutes {

    private final ContactContext ctx;

    TagRoutes(ContactContext ctx) {
        this.ctx = ctx;
    }

    void register(ApiRoutes api) {
        api.post("/cgi-bin/tag/create", this::create);
        api.post("/cgi-bin/tag/update", this::update);
        api.get("/cgi-bin/tag/delete", this::delete);
        api.get("/cgi-bin/tag/get", this::get);
        api.get("/cgi-bin/tag/list", this::list);
        api.post("/cgi-bin/tag/addtagusers", call -> members(call, true));
        api.post("/cgi-bin/tag/deltagusers", call -> members(call, false));
    }

    private ObjectNode create(ApiCall call) {
        JsonNode b = call.body();
        Long id = DepartmentRoutes.optionalLong(b, "tagid");
        return ctx.directory().change(DepartmentRoutes.origin(call), () -> {
            Access access = ctx.access(call);
            EmulatedTag t = ctx.directory().tags().create(id == null ? null : id.intValue(),
                    DirectoryJson.text(b, "tagname", 64, null), access.agentId());
            return ctx.json().createObjectNode().put("errmsg", "created").put("tagid", t.id());
        });
    }

    private ObjectNode update(ApiCall call) {
        JsonNode b = call.body();
        int id = tagId(DepartmentRoutes.optionalLong(b, "tagid"));
        return ctx.directory().change(DepartmentRoutes.origin(call), () -> {
            ctx.directory().tags().rename(id, DirectoryJson.text(b, "tagname", 64, null), ctx.access(call).agentId());
            return ctx.json().createObjectNode().put("errmsg", "updated");
        });
    }

    private ObjectNode delete(ApiCall call) {
        int id = tagId(ContactContext.id(call.request().param("tagid"), 40068, "tagid"));
        return ctx.directory().change(DepartmentRoutes.origin(call), () -> {
            ctx.directory().tags().delete(id, ctx.access(call).agentId());
            return ctx.json().createObjectNode().put("errmsg", "deleted");
        });
    }

    /** Members and departments of the tag, within the caller's visible range. */
    private ObjectNode get(ApiCall call) {
        int id = tagId(ContactContext.id(call.request().param("tagid"), 40068, "tagid"));
        return ctx.directory().read(() -> {
            Access access = ctx.access(call);
            EmulatedTag t = ctx.directory().tags().require(id);
            ObjectNode out = ctx.json().createObjectNode();
            out.put("tagname", t.name());
            ArrayNode users = out.putArray("userlist");
            for (String u : t.users()) {
                EmulatedMember m = ctx.directory().members().get(u);
                if (m != null && access.seesMember(m)) {
                    users.addObject().put("userid", m.userId()).put("name", m.name());
                }
            }
            ArrayNode parties = out.putArray("partylist");
            t.parties().stream().filter(access::seesDepartment).forEach(parties::add);
            return out;
        });
    }

    private ObjectNode list(ApiCall call) {
        return ctx.directory().read(() -> {
            ObjectNode out = ctx.json().createObjectNode();
            ArrayNode arr = out.putArray("taglist");
            ctx.directory().tags().all().forEach(t -> arr.addObject().put("tagid", t.id()).put("tagname", t.name()));
            return out;
        });
    }

    private ObjectNode members(ApiCall call, boolean add) {
        JsonNode b = call.body();
        int id = tagId(DepartmentRoutes.optionalLong(b, "tagid"));
        List<String> users = b.has("userlist") ? DirectoryJson.strings(b, "userlist") : List.of();
        List<Long> parties = b.has("partylist") ? DirectoryJson.longs(b, "partylist") : List.of();
        return ctx.directory().change(DepartmentRoutes.origin(call), () -> {
            int agent = ctx.access(call).agentId();
            TagStore.Partial p = add ? ctx.directory().tags().add(id, users, parties, agent)
                    : ctx.directory().tags().remove(id, users, parties, agent);
            ObjectNode out = ctx.json().createObjectNode();
            if (!p.invalidUsers().isEmpty()) {
                out.put("invalidlist", String.join("|", p.invalidUsers()));
            }
            if (!p.invalidParties().isEmpty()) {
                ArrayNode arr = out.putArray("invalidparty");
                p.invalidParties().forEach(arr::add);
            }
            return out;
        });
    }

    private static int tagId(Long id) {
        if (id == null || id <= 0 || id > Integer.MAX_VALUE) {
            throw new ApiError(40068, "invalid tagid " + id);
        }
        return id.intValue();
    }
}
