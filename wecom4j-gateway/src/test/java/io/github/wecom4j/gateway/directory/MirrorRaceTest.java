package io.github.wecom4j.gateway.directory;

import io.github.wecom4j.WeComClient;
import io.github.wecom4j.callback.event.CallbackEvents;
import io.github.wecom4j.callback.event.ChangeContactEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Writers of the mirror racing each other, with the emulator's late answers (a call served at once,
 * answered 1.5 s later: the reader holds the state as it was when served while WeCom moves on).
 * <ul>
 *   <li>a reconcile whose read predates a delete_user / delete_party callback must not write the
 *   object back (tombstones), and an update announced during a reconcile must win;</li>
 *   <li>two handlers of events for one member (or tag) finishing in the wrong order must leave the
 *   later read, and a delete handled meanwhile must stay (read sequences);</li>
 *   <li>a rename (update_user with NewUserID) keeps the member's tags.</li>
 * </ul>
 */
@TestPropertySource(properties = "gateway.directory.max-page-size=498") // a context of its own: it changes the corp
class MirrorRaceTest extends MirrorTestBase {

    private static final long LATE_MS = 1500;

    @Autowired
    WeComClient wecom;

    @BeforeEach
    void loaded() {
        emulator.faults().clear();
        emulator.changeContactCallbacks().dropRate(0, 1);
        reconcile();
    }

    @AfterEach
    void noFaults() {
        emulator.faults().clear();
        emulator.changeContactCallbacks().dropRate(0, 1);
    }

    @Test
    void aReconcileThatReadAMemberBeforeItsDeleteDoesNotWriteItBack() throws Exception {
        long first = wecom.contacts().departments().simpleList().get(0).id(); // the reconcile reads its members first
        admin("create_user", "{\"userid\":\"racer\",\"name\":\"Racer\",\"department\":[" + first
                + "],\"email\":\"racer@corp.example\"}");
        emulator.faults().delayAnswerNext(1, LATE_MS, "/cgi-bin/user/list");
        CompletableFuture<Response> running = whileServedLate("/cgi-bin/user/list", this::reconcile);

        admin("delete_user", "{\"userid\":\"racer\"}"); // applied while the reconcile holds a list with racer
        assertThat(get("/api/directory/members/racer").status()).isEqualTo(404);
        running.get(30, TimeUnit.SECONDS);

        assertThat(get("/api/directory/members/racer").status()).as("written back by the reconcile").isEqualTo(404);
        assertThat(differences()).isEmpty();
    }

    @Test
    void aReconcileThatReadADepartmentBeforeItsDeleteDoesNotWriteItBack() throws Exception {
        admin("create_party", "{\"id\":91,\"name\":\"Short lived\",\"parentid\":2}");
        emulator.faults().delayAnswerNext(1, LATE_MS, "/cgi-bin/department/list");
        CompletableFuture<Response> running = whileServedLate("/cgi-bin/department/list", this::reconcile);

        admin("delete_party", "{\"id\":91}");
        running.get(30, TimeUnit.SECONDS);

        assertThat(mirror.store().departments(mirror.corpId())).as("written back by the reconcile").doesNotContainKey(91L);
        assertThat(differences()).isEmpty();
    }

    @Test
    void anUpdateAnnouncedDuringAReconcileWinsOverTheReconcilesOlderRead() throws Exception {
        long first = wecom.contacts().departments().simpleList().get(0).id();
        admin("create_user", "{\"userid\":\"mover\",\"name\":\"Mover\",\"department\":[" + first
                + "],\"email\":\"mover@corp.example\",\"position\":\"before\"}");
        emulator.faults().delayAnswerNext(1, LATE_MS, "/cgi-bin/user/list");
        CompletableFuture<Response> running = whileServedLate("/cgi-bin/user/list", this::reconcile);

        admin("update_user", "{\"userid\":\"mover\",\"position\":\"after\"}");
        running.get(30, TimeUnit.SECONDS);

        assertThat(get("/api/directory/members/mover").json().path("position").asString()).isEqualTo("after");
        assertThat(differences()).isEmpty();
        admin("delete_user", "{\"userid\":\"mover\"}");
    }

    /**
     * A member moves from a department the reconcile has not read yet into one it has read, and the
     * callback is lost (or no callback URL is configured): no read of this pass sees the member, but
     * WeCom still has it, so the reconcile must not delete it from the mirror.
     */
    @Test
    void aMemberWhoMovesBehindTheReconcilesBackIsNotPruned() throws Exception {
        List<Long> order = wecom.contacts().departments().simpleList().stream().map(d -> d.id()).toList();
        long first = order.get(0);
        long later = order.get(order.size() - 1);
        admin("create_user", "{\"userid\":\"dodger\",\"name\":\"Dodger\",\"department\":[" + later
                + "],\"email\":\"dodger@corp.example\"}");
        emulator.changeContactCallbacks().dropRate(1.0, 1);
        emulator.faults().delayAnswerNext(1, LATE_MS, "/cgi-bin/user/list"); // the first department's members
        CompletableFuture<Response> running = whileServedLate("/cgi-bin/user/list", this::reconcile);

        admin("update_user", "{\"userid\":\"dodger\",\"department\":[" + first + "]}");
        running.get(30, TimeUnit.SECONDS);
        emulator.changeContactCallbacks().dropRate(0, 1);

        assertThat(get("/api/directory/members/dodger").status()).as("pruned although WeCom has it").isEqualTo(200);
        reconcile();
        assertThat(differences()).isEmpty();
        admin("delete_user", "{\"userid\":\"dodger\"}");
    }

    /**
     * The same with more members than are looked up one by one: a single {@code user/list_id} sweep
     * confirms them all (no {@code user/get} each), so none is pruned.
     */
    @Test
    void manyMembersWhoMoveBehindTheReconcilesBackAreConfirmedByOneListIdSweep() throws Exception {
        List<Long> order = wecom.contacts().departments().simpleList().stream().map(d -> d.id()).toList();
        long first = order.get(0);
        long later = order.get(order.size() - 1);
        int flock = DirectoryReconciler.RECHECK_ONE_BY_ONE + 1;
        for (int i = 0; i < flock; i++) {
            admin("create_user", "{\"userid\":\"flock" + i + "\",\"name\":\"Flock " + i + "\",\"department\":["
                    + later + "],\"email\":\"flock" + i + "@corp.example\"}");
        }
        try {
            emulator.changeContactCallbacks().dropRate(1.0, 1);
            long gets = emulator.counters().calls("/cgi-bin/user/get");
            long sweeps = emulator.counters().calls("/cgi-bin/user/list_id");
            long held = emulator.faults().injected();
            Runnable answer = emulator.faults().holdAnswerNext(1, "/cgi-bin/user/list"); // the first department's members
            CompletableFuture<Response> running = CompletableFuture.supplyAsync(this::reconcile);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (emulator.faults().injected() == held) {
                assertThat(System.nanoTime()).as("the first department's list never served").isLessThan(deadline);
                Thread.sleep(5);
            }
            for (int i = 0; i < flock; i++) {
                admin("update_user", "{\"userid\":\"flock" + i + "\",\"department\":[" + first + "]}");
            }
            answer.run();
            running.get(60, TimeUnit.SECONDS);
            emulator.changeContactCallbacks().dropRate(0, 1);

            for (int i = 0; i < flock; i++) {
                assertThat(get("/api/directory/members/flock" + i).status()).as("flock" + i + " pruned although WeCom has it")
                        .isEqualTo(200);
            }
            assertThat(emulator.counters().calls("/cgi-bin/user/get")).as("not looked up one by one").isEqualTo(gets);
            assertThat(emulator.counters().calls("/cgi-bin/user/list_id")).isGreaterThan(sweeps);
            reconcile();
            assertThat(differences()).isEmpty();
        } finally {
            emulator.changeContactCallbacks().dropRate(0, 1);
            for (int i = 0; i < flock; i++) {
                admin("delete_user", "{\"userid\":\"flock" + i + "\"}");
            }
        }
    }

    @Test
    void twoHandlersOfOneMembersEventsLeaveTheLaterRead() throws Exception {
        admin("create_user", "{\"userid\":\"twice\",\"name\":\"Twice\",\"department\":[3],\"email\":\"twice@corp.example\","
                + "\"position\":\"first\"}");
        // the first handler's user/get is served now ("first") and answered late
        emulator.faults().delayAnswerNext(1, LATE_MS, "/cgi-bin/user/get");
        CompletableFuture<Void> slow = whileServedLate("/cgi-bin/user/get", () -> {
            mirror.apply(updated("twice", null));
            return null;
        });
        // meanwhile an administrator changes the member again; its callback reads "second" and applies it
        admin("update_user", "{\"userid\":\"twice\",\"position\":\"second\"}");
        assertThat(get("/api/directory/members/twice").json().path("position").asString()).isEqualTo("second");
        slow.get(30, TimeUnit.SECONDS);

        assertThat(get("/api/directory/members/twice").json().path("position").asString())
                .as("the slower handler's older read overwrote the later one").isEqualTo("second");
        assertThat(differences()).isEmpty();
        admin("delete_user", "{\"userid\":\"twice\"}");
    }

    @Test
    void twoHandlersOfOneTagsEventsLeaveTheLaterRead() throws Exception {
        int tag = 76;
        wecom.contacts().tags().create("Twice tagged", tag);
        admin("add_tag_users", "{\"tagid\":" + tag + ",\"userlist\":[\"lisi\"]}");
        emulator.faults().delayAnswerNext(1, LATE_MS, "/cgi-bin/tag/get");
        CompletableFuture<Void> slow = whileServedLate("/cgi-bin/tag/get", () -> {
            mirror.apply(tagUpdated(tag));
            return null;
        });
        admin("add_tag_users", "{\"tagid\":" + tag + ",\"userlist\":[\"wangwu\"]}");
        slow.get(30, TimeUnit.SECONDS);

        assertThat(get("/api/directory/tags/" + tag + "/members").json().toString())
                .as("the slower handler's older read overwrote the later one").contains("lisi").contains("wangwu");
        assertThat(differences()).isEmpty();
        wecom.contacts().tags().delete(tag);
        reconcile();
    }

    @Test
    void aDeleteHandledBeforeAnOlderReadFinishesIsNotUndone() throws Exception {
        admin("create_user", "{\"userid\":\"undead\",\"name\":\"Undead\",\"department\":[3],\"email\":\"undead@corp.example\"}");
        emulator.faults().delayAnswerNext(1, LATE_MS, "/cgi-bin/user/get");
        CompletableFuture<Void> slow = whileServedLate("/cgi-bin/user/get", () -> {
            mirror.apply(updated("undead", null));
            return null;
        });
        admin("delete_user", "{\"userid\":\"undead\"}");
        slow.get(30, TimeUnit.SECONDS);

        assertThat(get("/api/directory/members/undead").status()).isEqualTo(404);
        assertThat(differences()).isEmpty();
    }

    /**
     * WeCom delivers a rename again (its handling answered 500 after the rename was mirrored) after
     * an administrator created a new member with the old userid: the retry must not move or delete
     * that new member, who is not the one renamed.
     */
    @Test
    void aRetriedRenameLeavesANewMemberWithTheOldUserIdAlone() {
        admin("create_user", "{\"userid\":\"was\",\"name\":\"Renamed Later\",\"department\":[3],\"email\":\"was@corp.example\"}");
        admin("rename_user", "{\"userid\":\"was\",\"new_userid\":\"became\"}");
        admin("create_user", "{\"userid\":\"was\",\"name\":\"Newcomer\",\"department\":[4],\"email\":\"was2@corp.example\"}");
        assertThat(get("/api/directory/members/was").json().path("name").asString()).isEqualTo("Newcomer");

        mirror.apply(updated("was", "became")); // WeCom's retry of the rename

        assertThat(get("/api/directory/members/was").json().path("name").asString()).as("the newcomer").isEqualTo("Newcomer");
        assertThat(get("/api/directory/members/became").json().path("name").asString()).isEqualTo("Renamed Later");
        assertThat(differences()).isEmpty();
        admin("delete_user", "{\"userid\":\"was\"}");
        admin("delete_user", "{\"userid\":\"became\"}");
    }

    @Test
    void aRenameKeepsTheMembersTagsAndDepartmentsAndEveryReferenceFollowsIt() {
        int tag = 78;
        wecom.contacts().tags().create("Renamers", tag);
        admin("create_user", "{\"userid\":\"oldname\",\"name\":\"Renamed\",\"department\":[3,4],\"is_leader_in_dept\":[1,0],"
                + "\"email\":\"renamed@corp.example\"}");
        admin("create_user", "{\"userid\":\"report_1\",\"name\":\"Report\",\"department\":[3],\"direct_leader\":[\"oldname\"],"
                + "\"email\":\"report1@corp.example\"}");
        admin("add_tag_users", "{\"tagid\":" + tag + ",\"userlist\":[\"oldname\"]}");
        reconcile(); // a department's leaders are read by reconciles (contacts.md, known limits)
        assertThat(get("/api/directory/tags/" + tag + "/members").json().toString()).contains("oldname");
        assertThat(leadersOf(3)).contains("oldname");

        // the administrator changes the account id: WeCom announces update_user with NewUserID, only for the renamed member
        admin("rename_user", "{\"userid\":\"oldname\",\"new_userid\":\"newname\"}");

        assertThat(get("/api/directory/members/oldname").status()).isEqualTo(404);
        assertThat(get("/api/directory/members/newname").json().path("memberships").size()).isEqualTo(2);
        String tagged = get("/api/directory/tags/" + tag + "/members").json().toString();
        assertThat(tagged).as("tags carried over to the new userid").contains("newname").doesNotContain("oldname");
        assertThat(get("/api/directory/members/report_1").json().toString()).as("the report's direct leader")
                .contains("newname").doesNotContain("oldname");
        assertThat(leadersOf(3)).as("the department it leads").contains("newname").doesNotContain("oldname");
        assertThat(differences()).isEmpty();
        admin("delete_user", "{\"userid\":\"report_1\"}");
        admin("delete_user", "{\"userid\":\"newname\"}");
        wecom.contacts().tags().delete(tag);
        reconcile();
    }

    private String leadersOf(long departmentId) {
        for (var d : get("/api/directory/departments").json()) {
            if (d.path("id").asLong() == departmentId) {
                return d.toString();
            }
        }
        throw new AssertionError("no department " + departmentId);
    }

    private static ChangeContactEvent tagUpdated(int tagId) {
        return (ChangeContactEvent) CallbackEvents.of(Map.of("ToUserName", "corp", "FromUserName", "sys",
                "CreateTime", "1764633600", "MsgType", "event", "Event", "change_contact", "ChangeType", "update_tag",
                "TagId", Integer.toString(tagId)));
    }

    private static ChangeContactEvent updated(String userId, String newUserId) {
        Map<String, String> fields = new java.util.HashMap<>(Map.of("ToUserName", "corp", "FromUserName", "sys",
                "CreateTime", "1764633600", "MsgType", "event", "Event", "change_contact", "ChangeType", "update_user",
                "UserID", userId));
        if (newUserId != null) {
            fields.put("NewUserID", newUserId);
        }
        return (ChangeContactEvent) CallbackEvents.of(fields);
    }
}
