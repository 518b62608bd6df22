package io.github.wecom4j.gateway.directory;

import io.github.wecom4j.WeComClient;
import io.github.wecom4j.emulator.contact.Directory;
import io.github.wecom4j.emulator.corp.EmulatedDepartment;
import io.github.wecom4j.emulator.corp.EmulatedMember;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The must-show: 1,000 random changes (members and departments created, changed, moved, deleted;
 * tag members added and removed), half by an administrator in the emulator (announced by
 * change_contact) and half through the gateway's HR sync (not announced: the gateway applies its
 * own writes), while the emulator drops 10 % of the callbacks. After one reconcile the mirror equals
 * the emulator's directory field for field, and the reconcile reports the drift it healed.
 */
@TestPropertySource(properties = "gateway.directory.max-page-size=499") // a context of its own: it reseeds the corp
class MirrorConsistencyTest extends MirrorTestBase {

    private static final int TAG = 77;

    @Autowired
    WeComClient wecom;

    private final Random random = new Random(20261202);
    private int serial;

    @Test
    void afterOneReconcileTheMirrorEqualsWeComFieldForField() {
        control("/_emulator/contacts/seed", "{\"departments\":40,\"members\":400,\"seed\":3}");
        wecom.contacts().tags().create("Mirror watchers", TAG);
        reconcile();
        assertThat(differences()).isEmpty();
        control("/_emulator/contacts/callback-faults", "{\"dropRate\":0.1,\"seed\":5}");

        int byAdmin = 0;
        int byHr = 0;
        for (int round = 0; round < 10; round++) {
            for (int made = 0; made < 50; ) {
                made += adminChange(emulator.directory().snapshot()) ? 1 : 0;
            }
            byAdmin += 50;
            byHr += hrSync(50);
        }
        assertThat(byAdmin + byHr).isEqualTo(1000);
        long dropped = emulator.counters().snapshot().getOrDefault("change_contact dropped", 0L);
        assertThat(dropped).as("the emulator lost callbacks").isPositive();
        assertThat(differences()).as("lost callbacks left the mirror behind").isNotEmpty();

        JsonNode result = reconcile().json();

        assertThat(differences()).isEmpty();
        assertThat(result.path("drift").asInt()).as("the reconcile reports what it healed").isPositive();
    }

    // ---- administrator changes -----------------------------------------------------------------

    /** One random change as an administrator; false when it picked something WeCom refuses (then nothing changed). */
    private boolean adminChange(Directory.Snapshot now) {
        List<EmulatedMember> members = now.members();
        List<EmulatedDepartment> deps = now.departments().stream().filter(d -> d.id() != 1).toList();
        EmulatedMember m = members.get(random.nextInt(members.size()));
        EmulatedDepartment d = deps.get(random.nextInt(deps.size()));
        int n = ++serial;
        return switch (random.nextInt(10)) {
            case 0 -> tryAdmin("create_user", "{\"userid\":\"adm" + n + "\",\"name\":\"Admin made " + n + "\",\"department\":["
                    + d.id() + "],\"email\":\"adm" + n + "@corp.example\"}");
            case 1 -> members.size() > 300 && tryAdmin("delete_user", "{\"userid\":\"" + m.userId() + "\"}");
            case 2 -> tryAdmin("update_user", "{\"userid\":\"" + m.userId() + "\",\"department\":[" + d.id() + "]}");
            case 3 -> tryAdmin("update_user", "{\"userid\":\"" + m.userId() + "\",\"mobile\":\"+86 136" + String.format("%08d", n)
                    + "\",\"name\":\"Renamed " + n + "\"}");
            case 4 -> tryAdmin("create_party", "{\"id\":" + (1000 + n) + ",\"name\":\"Admin dept " + n + "\",\"parentid\":"
                    + d.id() + "}");
            case 5 -> tryAdmin("update_party", "{\"id\":" + d.id() + ",\"name\":\"Admin renamed " + n + "\"}");
            case 6 -> {
                EmulatedDepartment to = deps.get(random.nextInt(deps.size()));
                yield !descendants(now, d.id()).contains(to.id()) && depth(now, to.id()) < 4
                        && tryAdmin("update_party", "{\"id\":" + d.id() + ",\"parentid\":" + to.id() + "}");
            }
            case 7 -> emptyLeaf(now).map(leaf -> tryAdmin("delete_party", "{\"id\":" + leaf + "}")).orElse(false);
            case 8 -> tryAdmin("add_tag_users", "{\"tagid\":" + TAG + ",\"userlist\":[\"" + m.userId() + "\"],\"partylist\":["
                    + d.id() + "]}");
            default -> tryAdmin("update_user", "{\"userid\":\"" + m.userId() + "\",\"position\":\"Position " + n + "\"}");
        };
    }

    private boolean tryAdmin(String op, String body) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(emulator.baseUri().resolve("/_emulator/contacts/admin"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"op\":\"" + op + "\",\"body\":" + body + "}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200;
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- HR sync changes -----------------------------------------------------------------------

    /** One HR sync carrying {@code changes} random changes to the current org; returns how many it carried. */
    private int hrSync(int changes) {
        Directory.Snapshot now = emulator.directory().snapshot();
        ObjectNode desired = DesiredJson.from(now);
        ArrayNode members = desired.withArray("members");
        ArrayNode deps = desired.withArray("departments");
        Set<String> touched = new HashSet<>();
        int made = 0;
        while (made < changes) {
            int n = ++serial;
            ObjectNode m = (ObjectNode) members.get(random.nextInt(members.size()));
            long dept = deps.get(random.nextInt(deps.size())).path("id").asLong();
            if (!touched.add(m.path("userid").asString())) {
                continue; // one change per member and sync, so each counts once
            }
            switch (random.nextInt(6)) {
                case 0 -> members.addObject().put("userid", "hr" + n).put("name", "HR made " + n)
                        .put("mobile", "+86 135" + String.format("%08d", n)).putArray("departments").add(dept);
                case 1 -> {
                    if (members.size() <= 300) {
                        continue;
                    }
                    for (int i = 0; i < members.size(); i++) {
                        if (members.get(i) == m) {
                            members.remove(i);
                            break;
                        }
                    }
                }
                case 2 -> {
                    m.putArray("departments").add(dept);
                    m.remove("mainDepartment");
                }
                case 3 -> deps.addObject().put("id", 5000 + n).put("name", "HR dept " + n).put("parentId", dept);
                case 4 -> {
                    ObjectNode d = (ObjectNode) deps.get(random.nextInt(deps.size()));
                    d.put("name", "HR renamed " + n);
                }
                default -> m.put("position", "HR position " + n).put("telephone", "010-" + (10_000_000 + n));
            }
            made++;
        }
        Response r = call("POST", "/api/directory/sync", "application/json", desired.toString());
        assertThat(r.status()).as(r.json().toString()).isEqualTo(200);
        return made;
    }

    // ---- the tree ------------------------------------------------------------------------------

    private static Set<Long> descendants(Directory.Snapshot now, long id) {
        Map<Long, List<Long>> children = new HashMap<>();
        now.departments().forEach(d -> children.computeIfAbsent(d.parentId(), k -> new ArrayList<>()).add(d.id()));
        Set<Long> out = new HashSet<>();
        List<Long> todo = new ArrayList<>(List.of(id));
        while (!todo.isEmpty()) {
            long at = todo.remove(todo.size() - 1);
            if (out.add(at)) {
                todo.addAll(children.getOrDefault(at, List.of()));
            }
        }
        return out;
    }

    private static int depth(Directory.Snapshot now, long id) {
        Map<Long, Long> parent = new HashMap<>();
        now.departments().forEach(d -> parent.put(d.id(), d.parentId()));
        int depth = 0;
        for (Long at = id; at != null && at != 1 && depth < 100; at = parent.get(at)) {
            depth++;
        }
        return depth;
    }

    private java.util.Optional<Long> emptyLeaf(Directory.Snapshot now) {
        Set<Long> used = new HashSet<>();
        now.departments().forEach(d -> used.add(d.parentId()));
        now.members().forEach(m -> used.addAll(m.departments()));
        List<Long> leaves = now.departments().stream().map(EmulatedDepartment::id).filter(id -> id != 1 && !used.contains(id)).toList();
        return leaves.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(leaves.get(random.nextInt(leaves.size())));
    }
}
