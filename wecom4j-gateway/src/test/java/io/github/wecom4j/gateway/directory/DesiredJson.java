package io.github.wecom4j.gateway.directory;

import io.github.wecom4j.emulator.contact.Directory;
import io.github.wecom4j.emulator.corp.EmulatedDepartment;
import io.github.wecom4j.emulator.corp.EmulatedMember;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** A desired org as an HR system would send it, starting from what the emulator holds now. */
final class DesiredJson {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private DesiredJson() {
    }

    static ObjectNode from(Directory.Snapshot now) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode deps = root.putArray("departments");
        for (EmulatedDepartment d : now.departments()) {
            if (d.id() != 1) {
                deps.addObject().put("id", d.id()).put("name", d.name()).put("parentId", d.parentId()).put("order", d.order());
            }
        }
        ArrayNode members = root.putArray("members");
        now.members().forEach(m -> members.add(member(m)));
        return root;
    }

    static ObjectNode member(EmulatedMember m) {
        ObjectNode n = JSON.createObjectNode().put("userid", m.userId()).put("name", m.name())
                .put("mainDepartment", m.mainDepartment()).put("position", m.position()).put("mobile", m.mobile())
                .put("email", m.email()).put("alias", m.alias()).put("telephone", m.telephone())
                .put("address", m.address()).put("enabled", m.status() != 2);
        if (!"0".equals(m.gender())) {
            n.put("gender", m.gender());
        }
        ArrayNode deps = n.putArray("departments");
        for (int i = 0; i < m.departments().size(); i++) {
            deps.addObject().put("id", m.departments().get(i)).put("order", m.orders().get(i))
                    .put("leader", m.leaderInDept().get(i) == 1);
        }
        return n;
    }

    /** The member of {@code members} with this userid. */
    static ObjectNode find(ObjectNode desired, String userId) {
        for (var m : desired.withArray("members")) {
            if (m.path("userid").asString().equals(userId)) {
                return (ObjectNode) m;
            }
        }
        throw new IllegalArgumentException("no " + userId);
    }
}
