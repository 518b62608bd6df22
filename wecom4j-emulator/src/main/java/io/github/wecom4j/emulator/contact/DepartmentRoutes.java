package io.github.wecom4j.emulator.contact;

import io.github.wecom4j.emulator.ApiCall;
import io.github.wecom4j.emulator.ApiError;
import io.github.wecom4j.emulator.ApiRoutes;
import io.github.wecom4j.emulator.corp.EmulatedDepartment;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * {@code /cgi-bin/department/*} (docs 90205-90208, 95350, 95351): create, update, delete with the
 * contacts-sync token; get, list (the department and all below it) and simplelist (ids only)
 * within the caller's visible range.
 */
final class DepartmentRoutes {

    private final ContactContext ctx;

    DepartmentRoutes(ContactContext ctx) {
        this.ctx = ctx;
    }

    void register(ApiRoutes api) {
        api.post("/cgi-bin/department/create", this::create);
        api.post("/cgi-bin/department/update", this::update);
        api.get("/cgi-bin/department/delete", this::delete);
        api.get("/cgi-bin/department/get", this::get);
        api.get("/cgi-bin/department/list", this::list);
        api.get("/cgi-bin/department/simplelist", this::simpleList);
    }

    private ObjectNode create(ApiCall call) {
        JsonNode b = call.body();
        return ctx.directory().change(origin(call), () -> {
            ctx.access(call).requireWrite();
            EmulatedDepartment d = ctx.directory().departments().create(optionalLong(b, "id"),
                    DirectoryJson.text(b, "name", 64, null), DirectoryJson.text(b, "name_en", 64, null),
                    optionalLong(b, "parentid"), optionalLong(b, "order"));
            ObjectNode out = ctx.json().createObjectNode();
            out.put("errmsg", "created");
            out.put("id", d.id());
            return out;
        });
    }

    private ObjectNode update(ApiCall call) {
        JsonNode b = call.body();
        Long id = optionalLong(b, "id");
        if (id == null) {
            throw new ApiError(60003, "id is required");
        }
        return ctx.directory().change(origin(call), () -> {
            ctx.access(call).requireWrite();
            ctx.directory().departments().update(id, DirectoryJson.text(b, "name", 64, null),
                    DirectoryJson.text(b, "name_en", 64, null), optionalLong(b, "parentid"), optionalLong(b, "order"));
            return message("updated");
        });
    }

    private ObjectNode delete(ApiCall call) {
        long id = ContactContext.id(call.request().param("id"), 60003, "id");
        return ctx.directory().change(origin(call), () -> {
            ctx.access(call).requireWrite();
            ctx.directory().departments().delete(id);
            return message("deleted");
        });
    }

    private ObjectNode get(ApiCall call) {
        long id = ContactContext.id(call.request().param("id"), 60003, "id");
        return ctx.directory().read(() -> {
            Access access = ctx.access(call);
            access.requireDetailRead();
            EmulatedDepartment d = ctx.directory().departments().require(id);
            access.requireDepartment(id);
            ObjectNode out = ctx.json().createObjectNode();
            DirectoryJson.department(out.putObject("department"), d, ctx.leaders(id));
            return out;
        });
    }

    private ObjectNode list(ApiCall call) {
        return ctx.directory().read(() -> {
            Access access = ctx.access(call);
            access.requireDetailRead();
            ObjectNode out = ctx.json().createObjectNode();
            ArrayNode arr = out.putArray("department");
            for (long id : selected(call, access)) {
                EmulatedDepartment d = ctx.directory().departments().get(id);
                DirectoryJson.department(arr.addObject(), d, ctx.leaders(id));
            }
            return out;
        });
    }

    private ObjectNode simpleList(ApiCall call) {
        return ctx.directory().read(() -> {
            Access access = ctx.access(call);
            ObjectNode out = ctx.json().createObjectNode();
            ArrayNode arr = out.putArray("department_id");
            for (long id : selected(call, access)) {
                EmulatedDepartment d = ctx.directory().departments().get(id);
                arr.addObject().put("id", d.id()).put("parentid", d.parentId()).put("order", d.order());
            }
            return out;
        });
    }

    /** {@code id} and everything below it (the whole corp without it), inside the visible range. */
    private List<Long> selected(ApiCall call, Access access) {
        DepartmentStore departments = ctx.directory().departments();
        String raw = call.request().param("id");
        List<Long> ids;
        if (raw == null || raw.isEmpty()) {
            ids = departments.all().stream().map(EmulatedDepartment::id).toList();
        } else {
            long root = ContactContext.id(raw, 60123, "id");
            departments.require(root);
            access.requireDepartment(root);
            ids = departments.descendants(root);
        }
        return ids.stream().filter(access::seesDepartment).toList();
    }

    private ObjectNode message(String errmsg) {
        return ctx.json().createObjectNode().put("errmsg", errmsg);
    }

    static Origin origin(ApiCall call) {
        return call.scope().contacts() ? Origin.CONTACTS_SYNC_API : Origin.APP_API;
    }

    static Long optionalLong(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isIntegralNumber()) {
            throw new ApiError(40058, field + " must be an integer");
        }
        return n.asLong();
    }
}
