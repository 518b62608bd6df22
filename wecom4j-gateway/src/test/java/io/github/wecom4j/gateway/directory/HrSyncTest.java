package io.github.wecom4j.gateway.directory;

import io.github.wecom4j.WeComClient;
import io.github.wecom4j.emulator.corp.EmulatedMember;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** HR sync over HTTP against the embedded emulator: plan, apply, the mirror kept without callbacks, bad files refused whole. */
class HrSyncTest extends MirrorTestBase {

    @Autowired
    WeComClient wecom;

    @BeforeEach
    void loaded() {
        assertThat(send("/api/directory/reconcile", "application/json", "").status()).isEqualTo(200);
    }

    @Test
    void dryRunShowsThePlanThenTheSyncMakesItAndTheMirrorFollowsWithoutCallbacks() {
        ObjectNode desired = DesiredJson.from(emulator.directory().snapshot());
        desired.withArray("departments").addObject().put("id", 80).put("name", "People Ops").put("parentId", 2);
        desired.withArray("members").addObject().put("userid", "hr1").put("name", "HR One").put("email", "hr1@corp.example")
                .putArray("departments").add(80);
        DesiredJson.find(desired, "wangwu").put("position", "Synced by HR");
        long before = emulator.directory().version();

        Response plan = send("/api/directory/sync?dryRun=true", "application/json", desired.toString());
        assertThat(plan.status()).isEqualTo(200);
        assertThat(plan.json().path("report").path("plan").toString()).contains("create_party").contains("create_user")
                .contains("update_user").contains("\"key\":\"wangwu\",\"detail\":\"position\"");
        assertThat(plan.json().path("report").path("plan").size()).isEqualTo(3);
        assertThat(emulator.directory().version()).as("a dry run writes nothing").isEqualTo(before);

        Response done = send("/api/directory/sync", "application/json", desired.toString());
        assertThat(done.status()).isEqualTo(200);
        assertThat(done.json().path("report").path("done").size()).isEqualTo(3);
        // three writes + department/get: WeCom picks the order of a department created without one
        assertThat(done.json().path("report").path("wecomCalls").asInt()).isEqualTo(4);
        assertThat(member("wangwu").position()).isEqualTo("Synced by HR");
        assertThat(member("hr1").departments()).containsExactly(80L);
        // WeCom sends no change_contact for contacts-sync writes: the mirror has them from the gateway itself
        assertThat(differences()).isEmpty();

        Response again = send("/api/directory/sync", "application/json", desired.toString());
        assertThat(again.json().path("report").path("plan").size()).as("already in the desired state").isZero();

        // a member missing from the desired org is deleted; a department missing is deleted once empty
        desired = DesiredJson.from(emulator.directory().snapshot());
        var members = desired.withArray("members");
        for (int i = 0; i < members.size(); i++) {
            if (members.get(i).path("userid").asString().equals("hr1")) {
                members.remove(i);
            }
        }
        var deps = desired.withArray("departments");
        for (int i = 0; i < deps.size(); i++) {
            if (deps.get(i).path("id").asLong() == 80) {
                deps.remove(i);
            }
        }
        Response removal = send("/api/directory/sync", "application/json", desired.toString());
        assertThat(removal.json().path("report").path("done").toString()).contains("delete_user").contains("delete_party");
        assertThat(emulator.directory().snapshot().members()).noneMatch(m -> m.userId().equals("hr1"));
        assertThat(differences()).isEmpty();
    }

    @Test
    void badRowsAreReportedOneByOneAndNothingIsApplied() {
        ObjectNode desired = DesiredJson.from(emulator.directory().snapshot());
        desired.withArray("members").addObject().put("userid", "@all").put("name", "Bad id").put("email", "x@corp.example")
                .putArray("departments").add(2);
        desired.withArray("members").addObject().put("userid", "twin").put("name", "Twin").put("mobile",
                DesiredJson.find(desired, "lisi").path("mobile").asString()).putArray("departments").add(2);
        desired.withArray("members").addObject().put("userid", "lost").put("name", "Lost").put("email", "lost@corp.example")
                .putArray("departments").add(999);
        desired.withArray("departments").addObject().put("id", 90).put("name", "Loop A").put("parentId", 91);
        desired.withArray("departments").addObject().put("id", 91).put("name", "Loop B").put("parentId", 90);
        DesiredJson.find(desired, "wangwu").put("position", "must not be applied");
        long before = emulator.directory().version();

        Response r = send("/api/directory/sync", "application/json", desired.toString());
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().path("errcode").asInt()).isEqualTo(40058);
        JsonNode invalid = r.json().path("report").path("invalid");
        assertThat(invalid.toString()).contains("\"key\":\"@all\",\"errcode\":40003").contains("\"key\":\"twin\",\"errcode\":60104")
                .contains("\"key\":\"lost\",\"errcode\":60003").contains("\"key\":\"90\",\"errcode\":60010")
                .contains("\"key\":\"91\",\"errcode\":60010");
        assertThat(invalid.get(0).path("row").asInt()).isPositive();
        assertThat(emulator.directory().version()).as("nothing half-applied").isEqualTo(before);
        assertThat(member("wangwu").position()).isNotEqualTo("must not be applied");
    }

    @Test
    void aNewMemberMissingWhatOnlyNewMembersNeedIsReportedNotLeftOut() {
        ObjectNode desired = DesiredJson.from(emulator.directory().snapshot());
        // an existing member may leave mobile and email unmanaged; a new one needs one of them (60129)
        DesiredJson.find(desired, "wangwu").put("position", "must not be applied").remove(List.of("mobile", "email"));
        desired.withArray("members").addObject().put("userid", "nocontact").put("name", "No Contact").putArray("departments").add(2);
        desired.withArray("members").addObject().put("userid", "noname").put("email", "noname@corp.example")
                .putArray("departments").add(2);
        long before = emulator.directory().version();

        Response r = send("/api/directory/sync?dryRun=true", "application/json", desired.toString());
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().path("report").path("invalid").toString()).contains("\"key\":\"nocontact\",\"errcode\":60129")
                .contains("\"key\":\"noname\",\"errcode\":60112");
        assertThat(send("/api/directory/sync", "application/json", desired.toString()).status()).isEqualTo(400);
        assertThat(emulator.directory().version()).as("nothing half-applied").isEqualTo(before);
    }

    @Test
    void departmentLeadersFollowTheMembersWhoLeadThem() {
        // lead9 leads Platform (4), then no longer, then again and is deleted: WeCom announces no change of
        // the department. (A member of its own: the emulator is shared with other classes of this context.)
        ObjectNode desired = DesiredJson.from(emulator.directory().snapshot());
        desired.withArray("members").addObject().put("userid", "lead9").put("name", "Lead Nine").put("email", "lead9@corp.example")
                .putArray("departments").addObject().put("id", 4).put("leader", true);
        assertThat(send("/api/directory/sync", "application/json", desired.toString()).status()).isEqualTo(200);
        assertThat(wecom.contacts().departments().get(4).leaders()).contains("lead9");
        assertThat(differences()).isEmpty();

        leader(desired, "lead9", 4, false);
        assertThat(send("/api/directory/sync", "application/json", desired.toString()).status()).isEqualTo(200);
        assertThat(wecom.contacts().departments().get(4).leaders()).doesNotContain("lead9");
        assertThat(differences()).isEmpty();

        leader(desired, "lead9", 4, true);
        assertThat(send("/api/directory/sync", "application/json", desired.toString()).status()).isEqualTo(200);
        var members = desired.withArray("members");
        for (int i = 0; i < members.size(); i++) {
            if (members.get(i).path("userid").asString().equals("lead9")) {
                members.remove(i);
            }
        }
        assertThat(send("/api/directory/sync", "application/json", desired.toString()).status()).isEqualTo(200);
        assertThat(wecom.contacts().departments().get(4).leaders()).doesNotContain("lead9");
        assertThat(differences()).isEmpty();
    }

    private static void leader(ObjectNode desired, String userId, long department, boolean leads) {
        for (JsonNode d : DesiredJson.find(desired, userId).withArray("departments")) {
            if (d.path("id").asLong() == department) {
                ((ObjectNode) d).put("leader", leads);
            }
        }
    }

    @Test
    void csvOfMembersOnly() {
        StringBuilder csv = new StringBuilder("userid,name,departments,mobile,email,position\n");
        for (EmulatedMember m : emulator.directory().snapshot().members()) {
            csv.append(m.userId()).append(',').append(m.name()).append(',')
                    .append(String.join(";", m.departments().stream().map(String::valueOf).toList())).append(',')
                    .append(m.mobile()).append(',').append(m.email()).append(',')
                    .append(m.userId().equals("zhaoliu") ? "\"Sales, and Engineering\"" : m.position()).append('\n');
        }
        Response r = send("/api/directory/sync", "text/csv", csv.toString());
        assertThat(r.status()).as(r.json().toString()).isEqualTo(200);
        assertThat(r.json().path("report").path("done").size()).isEqualTo(1);
        assertThat(member("zhaoliu").position()).isEqualTo("Sales, and Engineering");
        assertThat(send("/api/directory/sync", "text/csv", "name\nx\n").status()).isEqualTo(400);
    }

    /**
     * A yes/no cell that is neither 1/0 nor true/false is refused, not read as "no": "yes" in the
     * enabled column disabled the member in WeCom. A JSON number given as text is a row problem (400),
     * not a server error.
     */
    @Test
    void yesNoAndNumberCellsAreReadStrictly() {
        StringBuilder csv = new StringBuilder("userid,name,departments,mobile,email,enabled\n");
        for (EmulatedMember m : emulator.directory().snapshot().members()) {
            csv.append(m.userId()).append(',').append(m.name()).append(',')
                    .append(String.join(";", m.departments().stream().map(String::valueOf).toList())).append(',')
                    .append(m.mobile()).append(',').append(m.email()).append(',')
                    .append(m.userId().equals("lisi") ? "yes" : m.status() == 2 ? "false" : "1").append('\n');
        }
        Response r = send("/api/directory/sync?dryRun=true", "text/csv", csv.toString());
        assertThat(r.status()).as(r.json().toString()).isEqualTo(400);
        assertThat(r.json().path("errcode").asInt()).isEqualTo(40058);
        assertThat(r.json().path("report").path("invalid").toString()).contains("\"key\":\"lisi\",\"errcode\":40058")
                .contains("enabled must be true or false");
        assertThat(r.json().path("report").path("plan").toString()).doesNotContain("lisi");

        ObjectNode desired = DesiredJson.from(emulator.directory().snapshot());
        DesiredJson.find(desired, "wangwu").put("enabled", "maybe");
        ((ObjectNode) desired.withArray("departments").get(0)).put("order", "first");
        Response json = send("/api/directory/sync?dryRun=true", "application/json", desired.toString());
        assertThat(json.status()).as(json.json().toString()).isEqualTo(400);
        assertThat(json.json().path("report").path("invalid").toString()).contains("\"key\":\"wangwu\",\"errcode\":40058")
                .contains("order must be a whole number");
    }

    /**
     * An administrator changes a member in WeCom's console while the sync runs, and the change is
     * mirrored; the sync then updates another field of that member. The mirror must hold both: the
     * plan's copy of the member with the update applied would put the administrator's field back.
     */
    @Test
    void anAdministratorsChangeDuringTheSyncIsNotUndoneInTheMirror() throws Exception {
        ObjectNode desired = DesiredJson.from(emulator.directory().snapshot());
        tools.jackson.databind.node.ArrayNode members = desired.withArray("members");
        String first = members.get(0).path("userid").asString();
        String target = members.get(members.size() - 1).path("userid").asString();
        ((ObjectNode) members.get(0)).put("position", "HR first " + System.nanoTime());
        ((ObjectNode) members.get(members.size() - 1)).put("position", "HR last");
        emulator.faults().delayAnswerNext(1, 1500, "/cgi-bin/user/update"); // held: the first member's update
        java.util.concurrent.CompletableFuture<Response> sync;
        try {
            sync = whileServedLate("/cgi-bin/user/update", () -> send("/api/directory/sync", "application/json",
                    desired.toString()));
            admin("update_user", "{\"userid\":\"" + target + "\",\"alias\":\"Set by admin\"}");
            assertThat(get("/api/directory/members/" + target).json().path("alias").asString()).isEqualTo("Set by admin");
            Response done = sync.get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(done.status()).as(done.json().toString()).isEqualTo(200);
        } finally {
            emulator.faults().clear();
        }
        JsonNode mirrored = get("/api/directory/members/" + target).json();
        assertThat(mirrored.path("position").asString()).isEqualTo("HR last");
        assertThat(mirrored.path("alias").asString()).as("the administrator's change, undone in the mirror").isEqualTo("Set by admin");
        assertThat(differences()).as(first + " and " + target).isEmpty();
    }

    @Test
    void inputIsBoundedBeforeItIsRead() {
        StringBuilder many = new StringBuilder("{\"members\":[");
        for (int i = 0; i <= 2000; i++) {
            many.append(i == 0 ? "" : ",").append("{\"userid\":\"m").append(i).append("\",\"departments\":[2]}");
        }
        Response tooMany = send("/api/directory/sync?dryRun=true", "application/json", many.append("]}").toString());
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.json().path("errmsg").asString()).contains("at most 2000");

        Response tooLarge = send("/api/directory/sync?dryRun=true", "text/csv", "userid,departments\n" + "x".repeat(3 << 20));
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.json().path("errcode").asInt()).isEqualTo(45002);

        Response notJson = send("/api/directory/sync", "application/json", "{\"members\": oops");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.json().toString()).doesNotContain("Exception").doesNotContain("at tools.");

        // one member written twice under the same key: which one counts would be a guess
        Response repeated = send("/api/directory/sync?dryRun=true", "application/json",
                "{\"members\":[{\"userid\":\"a1\",\"departments\":[2]}],\"members\":[]}");
        assertThat(repeated.status()).isEqualTo(400);
        assertThat(repeated.json().path("errmsg").asString()).contains("repeats a key");
    }

    private EmulatedMember member(String userId) {
        return emulator.directory().snapshot().members().stream().filter(m -> m.userId().equals(userId)).findFirst().orElseThrow();
    }

    private Response send(String path, String type, String body) {
        return call("POST", path, type, body);
    }
}
