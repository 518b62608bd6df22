package io.github.wecom4j.gateway.directory;

import io.github.wecom4j.WeComClient;
import io.github.wecom4j.contact.Member;
import io.github.wecom4j.contact.NewDepartment;
import io.github.wecom4j.emulator.corp.EmulatedMember;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HR sync with many new members: the creations a job file carries go in one {@code batch/syncuser}
 * job against the embedded emulator (whose jobs take one second plus one per thousand rows, or
 * are held back on request), the others stay single calls, every row is accepted or reported, and
 * a job that outlives the wait is reported and caught up by the next reconcile.
 */
@TestPropertySource(properties = {"gateway.directory.sync-job-min-creates=3", "gateway.directory.sync-job-timeout=6s",
        "gateway.directory.sync-max-duration=8s",
        // the SDK gives up on a failed call at once, so the sync's own polling is what rides out a failed poll
        "wecom.retry.max-attempts=1"})
class HrSyncJobTest extends MirrorTestBase {

    @Autowired
    WeComClient wecom;

    @BeforeEach
    void loaded() {
        reconcile();
    }

    @Test
    void manyNewMembersGoInOneJobAndTheMirrorHoldsWhatWeComAccepted() {
        // Members WeCom holds and the mirror does not: created with the contacts-sync token, which WeCom never announces.
        wecom.contacts().members().create(Member.builder("ghost", "Ghost").department(2).mobile("+86 13900000098")
                .alias("Spooky").build(), false);
        wecom.contacts().members().create(Member.builder("hidden", "Hidden").department(2).mobile("+86 13900000099").build(), false);
        ObjectNode desired = DesiredJson.from(emulator.directory().snapshot());
        ArrayNode members = desired.withArray("members");
        remove(members, "hidden"); // the HR file does not know this one
        // the ghost is in the file: the planner (from the mirror) takes it for new; the job updates it
        DesiredJson.find(desired, "ghost").put("position", "Found by HR").remove("alias");
        // the same member in another case is that member (userids are unique whatever their case): an update of zhangsan
        DesiredJson.find(desired, "zhangsan").put("userid", "ZhangSan").put("position", "Chief");
        for (int i = 1; i <= 5; i++) {
            ArrayNode deps = members.addObject().put("userid", "job" + i).put("name", "Job " + i).put("mobile", "+86 1390000001" + i)
                    .put("position", "Engineer, level " + i).put("enabled", i != 5).put("gender", i % 2 == 0 ? "2" : "1")
                    .put("alias", "J" + i).put("telephone", "010-6000000" + i).put("address", "Floor " + i)
                    .putArray("departments");
            deps.addObject().put("id", 2).put("order", 10 * i).put("leader", i == 1);
            deps.add(4);
        }
        // WeCom refuses this row in the job: its mobile is the hidden member's
        members.addObject().put("userid", "clash").put("name", "Clash").put("mobile", "+86 13900000099")
                .putArray("departments").add(3);
        // single calls: a main department that is not the first (the file has no column for it), and a formula-like value
        members.addObject().put("userid", "twohomes").put("name", "Two Homes").put("email", "twohomes@corp.example").put("mainDepartment", 3)
                .putArray("departments").add(2).add(3);
        members.addObject().put("userid", "formula").put("name", "Formula").put("email", "formula@corp.example").put("position", "=SUM(1)")
                .putArray("departments").add(2);
        DesiredJson.find(desired, "wangwu").put("position", "Updated by HR");
        long jobsBefore = emulator.counters().get("batch jobs submitted");
        long createsBefore = emulator.counters().calls("/cgi-bin/user/create");

        Response plan = send("/api/directory/sync?dryRun=true", desired.toString());
        assertThat(plan.status()).as(plan.json().toString()).isEqualTo(200);
        assertThat(plan.json().path("report").path("createdByJob").asInt()).as("job1-5, clash, ghost").isEqualTo(7);
        assertThat(emulator.counters().get("batch jobs submitted")).as("a dry run starts no job").isEqualTo(jobsBefore);

        // WeCom busy on two polls: the job runs on at WeCom, the gateway polls through
        emulator.faults().failNext(2, -1, "/cgi-bin/batch/getresult");
        Response done = send("/api/directory/sync", desired.toString());
        assertThat(done.status()).as(done.json().toString()).isEqualTo(200);
        JsonNode report = done.json().path("report");
        assertThat(report.path("jobIds").size()).isEqualTo(1);
        assertThat(emulator.counters().get("batch jobs submitted") - jobsBefore).isEqualTo(1);
        assertThat(emulator.counters().calls("/cgi-bin/user/create") - createsBefore).as("twohomes and formula").isEqualTo(2);
        assertThat(keys(report.path("done"), "create_user")).containsExactlyInAnyOrder("twohomes", "formula", "job1", "job2",
                "job3", "job4", "job5", "ghost");
        assertThat(keys(report.path("done"), "update_user")).containsExactlyInAnyOrder("wangwu", "zhangsan");
        assertThat(report.path("refused").size()).isEqualTo(1);
        assertThat(report.path("refused").get(0).path("key").asString()).isEqualTo("clash");
        assertThat(report.path("refused").get(0).path("errcode").asInt()).isEqualTo(60104);

        assertThat(member("job2").position()).isEqualTo("Engineer, level 2");
        assertThat(member("job2").mobile()).isEqualTo("+86 13900000012");
        assertThat(member("job2").departments()).containsExactly(2L, 4L);
        assertThat(member("job5").status()).as("disabled in the file").isEqualTo(2);
        assertThat(member("job1").leaderInDept()).containsExactly(1, 0);
        assertThat(member("job2").gender()).isEqualTo("2");
        assertThat(member("ghost").position()).isEqualTo("Found by HR");
        assertThat(member("ghost").alias()).as("a cell the file leaves empty keeps WeCom's value").isEqualTo("Spooky");
        assertThat(member("zhangsan").position()).isEqualTo("Chief");
        assertThat(member("twohomes").mainDepartment()).isEqualTo(3L);
        assertThat(member("formula").position()).isEqualTo("=SUM(1)");
        // WeCom announces none of it; the mirror has every accepted row as WeCom stored it (the ghost
        // keeps its alias). The hidden member is the one difference: WeCom holds it, nobody told the mirror.
        assertThat(differences()).hasSize(1).allMatch(d -> d.contains("hidden"));

        Response again = send("/api/directory/sync?dryRun=true", desired.toString());
        assertThat(keys(again.json().path("report").path("plan"), "create_user")).as("only the refused row is left")
                .containsExactly("clash");
        assertThat(again.json().path("report").path("createdByJob").asInt()).as("one creation: single call").isZero();
    }

    /**
     * A member the job created is deleted in WeCom's admin console while the sync reads the job's
     * creations back: the delete (change_contact) is newer than that read, so the read-back must not
     * write the member back into the mirror.
     */
    @Test
    void aMemberDeletedWhileTheJobsCreationsAreReadBackIsNotWrittenBack() throws Exception {
        ObjectNode desired = DesiredJson.from(emulator.directory().snapshot());
        ArrayNode members = desired.withArray("members");
        for (int i = 0; i < 3; i++) {
            members.addObject().put("userid", "brief" + i).put("name", "Brief " + i).put("email", "brief" + i + "@corp.example")
                    .putArray("departments").add(4);
        }
        long listsBefore = emulator.counters().calls("/cgi-bin/user/list");
        emulator.faults().delayAnswerNext(1, 1500, "/cgi-bin/user/list");
        try {
            java.util.concurrent.CompletableFuture<Response> sync = whileServedLate("/cgi-bin/user/list",
                    () -> send("/api/directory/sync", desired.toString()));
            admin("delete_user", "{\"userid\":\"brief1\"}");
            assertThat(get("/api/directory/members/brief1").status()).isEqualTo(404);
            Response done = sync.get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(done.status()).as(done.json().toString()).isEqualTo(200);
            assertThat(done.json().path("report").path("jobIds").size()).isEqualTo(1);
        } finally {
            emulator.faults().clear();
        }
        assertThat(emulator.counters().calls("/cgi-bin/user/list") - listsBefore).as("the read-back of department 4").isEqualTo(1);
        assertThat(get("/api/directory/members/brief1").status()).as("written back by the read-back").isEqualTo(404);
        assertThat(get("/api/directory/members/brief0").status()).as("read back into the mirror").isEqualTo(200);
        assertThat(get("/api/directory/members/brief2").status()).isEqualTo(200);
        admin("delete_user", "{\"userid\":\"brief0\"}");
        admin("delete_user", "{\"userid\":\"brief2\"}");
    }

    /**
     * A sync still writing when its time is up (it holds a cluster lock nothing renews) stops sending
     * and reports what it did not send, errcode -1; the next sync sends the rest.
     */
    @Test
    void aSyncThatRunsOutOfTimeReportsWhatItDidNotSendAndTheNextSendsIt() {
        ObjectNode desired = DesiredJson.from(emulator.directory().snapshot());
        ArrayNode members = desired.withArray("members");
        String run = Long.toString(System.nanoTime());
        members.forEach(m -> ((ObjectNode) m).put("position", "Position " + run));
        int updates = members.size();
        assertThat(updates).isGreaterThanOrEqualTo(5);
        emulator.faults().delayNext(updates, 2_500, "/cgi-bin/user/update"); // ~12 s of writes, 8 s allowed
        JsonNode report;
        try {
            Response r = send("/api/directory/sync", desired.toString());
            assertThat(r.status()).as(r.json().toString()).isEqualTo(200);
            report = r.json().path("report");
        } finally {
            emulator.faults().clear();
        }
        List<String> notSent = new ArrayList<>();
        report.path("refused").forEach(p -> {
            assertThat(p.path("errcode").asInt()).isEqualTo(-1);
            assertThat(p.path("errmsg").asString()).contains("sync-max-duration");
            notSent.add(p.path("key").asString());
        });
        assertThat(notSent).as("cut off").isNotEmpty();
        assertThat(keys(report.path("done"), "update_user")).hasSize(updates - notSent.size()).doesNotContainAnyElementsOf(notSent);
        for (String userId : notSent) {
            assertThat(member(userId).position()).as("not sent").isNotEqualTo("Position " + run);
        }
        assertThat(differences()).isEmpty();

        Response again = send("/api/directory/sync", desired.toString());
        assertThat(keys(again.json().path("report").path("done"), "update_user")).containsExactlyInAnyOrderElementsOf(notSent);
        assertThat(differences()).isEmpty();
    }

    @Test
    void aJobThatOutlivesTheWaitIsReportedAndTheNextReconcileCatchesUp() {
        ObjectNode desired = DesiredJson.from(emulator.directory().snapshot());
        ArrayNode members = desired.withArray("members");
        for (int i = 0; i < 4; i++) {
            members.addObject().put("userid", "slow" + i).put("name", "Slow " + i).put("email", "slow" + i + "@corp.example")
                    .putArray("departments").add(4);
        }
        emulator.batchJobs().hold(true); // WeCom takes longer than the sync waits (6 s here)
        try {
            Response done = send("/api/directory/sync", desired.toString());
            assertThat(done.status()).as(done.json().toString()).isEqualTo(200);
            JsonNode report = done.json().path("report");
            assertThat(report.path("jobIds").size()).isEqualTo(1);
            assertThat(report.path("done").size()).isZero();
            assertThat(report.path("refused").size()).isEqualTo(4);
            assertThat(report.path("refused").findValues("errcode")).allMatch(e -> e.asInt() == MemberCreationJobs.OUTCOME_UNKNOWN);
            assertThat(MemberCreationJobs.OUTCOME_UNKNOWN).as("not WeCom's busy").isNotEqualTo(-1);
            assertThat(report.path("refused").get(0).path("errmsg").asString()).contains(report.path("jobIds").get(0).asString())
                    .contains("next reconcile");
            assertThat(mirror.store().members(mirror.corpId(), List.of("slow0", "slow3"))).as("nothing mirrored that was not"
                    + " seen accepted").isEmpty();
        } finally {
            emulator.batchJobs().hold(false);
        }

        // WeCom finishes the job later (getresult runs a job whose time has come); the next reconcile mirrors it
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (emulator.directory().snapshot().members().stream().noneMatch(m -> m.userId().equals("slow3"))) {
            assertThat(System.nanoTime()).as("job applied").isLessThan(deadline);
            emulator.batchJobs().tick();
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(20).toNanos()); // between checks
        }
        reconcile();
        assertThat(differences()).isEmpty();
    }

    @Test
    void rowsNamingADepartmentWeComLacksAreSingleCallsNotJobRows() {
        // the mirror knows department 85; WeCom deleted it without telling (a contacts-sync API write)
        admin("create_party", "{\"id\":85,\"name\":\"Short-lived\",\"parentid\":2}");
        reconcile();
        ObjectNode desired = DesiredJson.from(emulator.directory().snapshot());
        wecom.contacts().departments().delete(85);
        // WeCom refuses to create department 81: a sibling it holds (and the mirror does not) has the name
        wecom.contacts().departments().create(new NewDepartment("Twin name", null, 2, null, 82L));
        desired.withArray("departments").addObject().put("id", 81).put("name", "Twin name").put("parentId", 2);
        ArrayNode members = desired.withArray("members");
        for (int i = 1; i <= 3; i++) {
            members.addObject().put("userid", "fine" + i).put("name", "Fine " + i).put("email", "fine" + i + "@corp.example")
                    .putArray("departments").add(2);
        }
        members.addObject().put("userid", "in81").put("name", "In 81").put("email", "in81@corp.example").putArray("departments").add(81);
        members.addObject().put("userid", "in85").put("name", "In 85").put("email", "in85@corp.example").putArray("departments").add(85);
        long createsBefore = emulator.counters().calls("/cgi-bin/user/create");
        long jobsBefore = emulator.counters().get("batch jobs submitted");

        Response done = send("/api/directory/sync", desired.toString());
        assertThat(done.status()).as(done.json().toString()).isEqualTo(200);
        JsonNode report = done.json().path("report");
        assertThat(emulator.counters().get("batch jobs submitted") - jobsBefore).isEqualTo(1);
        assertThat(keys(report.path("done"), "create_user")).containsExactlyInAnyOrder("fine1", "fine2", "fine3");
        // a job would have made departments 81 and 85 up under 待设置部门; single calls are refused as WeCom refuses them
        assertThat(emulator.counters().calls("/cgi-bin/user/create") - createsBefore).isEqualTo(2);
        assertThat(report.path("refused").toString()).contains("\"key\":\"81\",\"errcode\":60008")
                .contains("\"key\":\"in81\",\"errcode\":60003").contains("\"key\":\"in85\",\"errcode\":60003")
                .as("WeCom's trailer names the gateway's egress address").doesNotContain("from ip");
        assertThat(differences()).noneMatch(d -> d.contains("fine") || d.contains("in81") || d.contains("in85"));
    }

    @Test
    void aJobWhoseStartWasRefusedOrLostIsReportedRowByRow() {
        ObjectNode desired = DesiredJson.from(emulator.directory().snapshot());
        ArrayNode members = desired.withArray("members");
        for (int i = 1; i <= 3; i++) {
            members.addObject().put("userid", "lost" + i).put("name", "Lost " + i).put("email", "lost" + i + "@corp.example")
                    .putArray("departments").add(3);
        }
        // WeCom refuses the job: every row carries WeCom's errcode
        emulator.faults().failNext(1, 45009, "/cgi-bin/batch/syncuser");
        JsonNode refused = send("/api/directory/sync", desired.toString()).json().path("report");
        assertThat(refused.path("jobIds").size()).isZero();
        assertThat(refused.path("refused").size()).isEqualTo(3);
        assertThat(refused.path("refused").findValues("errcode")).allMatch(e -> e.asInt() == 45009);
        assertThat(refused.path("refused").toString()).as("WeCom's trailer names the gateway's egress address")
                .doesNotContain("from ip").doesNotContain("127.0.0.1");

        // WeCom starts the job but its answer is lost: the outcome is unknown, not refused
        emulator.faults().loseAnswerNext(1, "/cgi-bin/batch/syncuser");
        JsonNode lost = send("/api/directory/sync", desired.toString()).json().path("report");
        assertThat(lost.path("refused").size()).isEqualTo(3);
        assertThat(lost.path("refused").findValues("errcode")).allMatch(e -> e.asInt() == MemberCreationJobs.OUTCOME_UNKNOWN);
        assertThat(lost.path("refused").get(0).path("errmsg").asString()).contains("may have started");
        assertThat(mirror.store().members(mirror.corpId(), List.of("lost1"))).isEmpty();

        // it had started: WeCom creates the members, the next reconcile mirrors them
        emulator.clock().advance(Duration.ofSeconds(5));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (emulator.directory().snapshot().members().stream().noneMatch(m -> m.userId().equals("lost3"))) {
            assertThat(System.nanoTime()).as("job applied").isLessThan(deadline);
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(20).toNanos()); // the emulator's ticker runs it
        }
        reconcile();
        assertThat(differences()).isEmpty();
    }

    private static List<String> keys(JsonNode steps, String op) {
        List<String> out = new ArrayList<>();
        steps.forEach(s -> {
            if ((s.has("op") ? s.path("op") : s.path("kind")).asString().equals(op)) {
                out.add(s.path("key").asString());
            }
        });
        return out;
    }

    private static void remove(ArrayNode members, String userId) {
        for (int i = 0; i < members.size(); i++) {
            if (members.get(i).path("userid").asString().equals(userId)) {
                members.remove(i);
                return;
            }
        }
    }

    private EmulatedMember member(String userId) {
        return emulator.directory().snapshot().members().stream().filter(m -> m.userId().equals(userId)).findFirst().orElseThrow();
    }

    private Response send(String path, String body) {
        return call("POST", path, "application/json", body);
    }
}
