package io.github.wecom4j.emulator;

import io.github.wecom4j.emulator.corp.EmulatedCorp;
import io.github.wecom4j.emulator.corp.EmulatedDepartment;
import io.github.wecom4j.emulator.corp.EmulatedMember;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Directory reads (doc 90208 department/list, 90196 user/get, 90200 user/simplelist), with
 * WeCom's shapes: a member lists every department it belongs to.
 */
final class ContactRoutes {

    private final Supplier<EmulatedCorp> corp;
    private final JsonMapper json;

    ContactRoutes(Supplier<EmulatedCorp> corp, JsonMapper json) {
        this.corp = corp;
        this.json = json;
    }

    void register(CgiBinDispatcher api) {
        api.get("/cgi-bin/department/list", this::departmentList);
        api.get("/cgi-bin/user/get", this::userGet);
        api.get("/cgi-bin/user/simplelist", this::userSimpleList);
    }

    /** {@code id} given: that department and all its descendants; omitted: the whole corp. */
    private ObjectNode departmentList(ApiCall call) {
        EmulatedCorp c = corp.get();
        String id = call.request().param("id");
        List<EmulatedDepartment> selected = c.departments();
        if (id != null && !id.isEmpty()) {
            long root = parseId(id, 60123);
            if (c.department(root).isEmpty()) {
                throw new ApiError(60003, "department not found");
            }
            Set<Long> ids = descendantsOf(c, root);
            selected = c.departments().stream().filter(d -> ids.contains(d.id())).toList();
        }
        ObjectNode out = json.createObjectNode();
        ArrayNode arr = out.putArray("department");
        for (EmulatedDepartment d : selected) {
            ObjectNode n = arr.addObject();
            n.put("id", d.id());
            n.put("name", d.name());
            n.put("parentid", d.parentId());
            n.put("order", d.order());
            ArrayNode leaders = n.putArray("department_leader");
            d.leaders().forEach(leaders::add);
        }
        return out;
    }

    private ObjectNode userGet(ApiCall call) {
        String userId = call.requireParam("userid", 40003);
        EmulatedMember m = corp.get().member(userId).orElseThrow(() -> new ApiError(60111, "userid not found"));
        ObjectNode out = json.createObjectNode();
        writeMember(out, m);
        out.put("position", m.position());
        boolean privateFields = call.scope().contacts() || corp.get().app(call.scope().agentId())
                .map(io.github.wecom4j.emulator.corp.EmulatedApp::seesPrivateFields).orElse(false);
        if (privateFields) {
            out.put("mobile", m.mobile());
            out.put("gender", m.gender());
            out.put("email", m.email());
        }
        out.put("status", m.status());
        out.put("main_department", m.mainDepartment());
        return out;
    }

    /** Direct members of the department (the current doc; {@code fetch_child=1} adds descendants). */
    private ObjectNode userSimpleList(ApiCall call) {
        EmulatedCorp c = corp.get();
        long dep = parseId(call.requireParam("department_id", 40066), 40066);
        if (c.department(dep).isEmpty()) {
            throw new ApiError(60003, "department not found");
        }
        Set<Long> wanted = "1".equals(call.request().param("fetch_child")) ? descendantsOf(c, dep) : Set.of(dep);
        ObjectNode out = json.createObjectNode();
        ArrayNode arr = out.putArray("userlist");
        for (EmulatedMember m : c.members()) {
            if (m.departments().stream().anyMatch(wanted::contains)) {
                writeMember(arr.addObject(), m);
            }
        }
        return out;
    }

    private static void writeMember(ObjectNode n, EmulatedMember m) {
        n.put("userid", m.userId());
        n.put("name", m.name());
        ArrayNode deps = n.putArray("department");
        m.departments().forEach(deps::add);
    }

    private static Set<Long> descendantsOf(EmulatedCorp c, long root) {
        Set<Long> ids = new HashSet<>();
        ids.add(root);
        boolean grew = true;
        while (grew) {
            grew = false;
            for (EmulatedDepartment d : c.departments()) {
                if (ids.contains(d.parentId()) && ids.add(d.id())) {
                    grew = true;
                }
            }
        }
        return ids;
    }

    private static long parseId(String s, int errcode) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new ApiError(errcode, "invalid department id: " + s);
        }
    }
}
