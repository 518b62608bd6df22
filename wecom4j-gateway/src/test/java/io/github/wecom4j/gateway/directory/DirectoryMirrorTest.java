package io.github.wecom4j.gateway.directory;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mirror over real HTTP against the embedded emulator: full load, the API answering from it,
 * change_contact callbacks applied at once, a lost callback healed by a reconcile that reports it.
 */
class DirectoryMirrorTest extends MirrorTestBase {

    @Autowired
    MeterRegistry meters;

    @BeforeEach
    void loaded() {
        emulator.changeContactCallbacks().dropRate(0, 1);
        assertThat(call("POST", "/api/directory/reconcile", null).status()).isEqualTo(200);
    }

    @Test
    void loadsTheDirectoryAndAnswersFromIt() {
        assertThat(differences()).isEmpty();
        JsonNode status = call("GET", "/api/directory/status", null).json();
        assertThat(status.path("loaded").asBoolean()).isTrue();
        assertThat(status.path("members").asInt()).isEqualTo(emulator.directory().snapshot().members().size());

        assertThat(call("GET", "/api/directory/tree", null).json().toString())
                .contains("\"id\":2").contains("\"children\":[{\"id\":4");
        // Platform (4) is below Engineering (2): lisi and sunqi are members of 2 only through 4
        JsonNode direct = call("GET", "/api/directory/departments/2/members", null).json();
        JsonNode all = call("GET", "/api/directory/departments/2/members?descendants=true", null).json();
        assertThat(all.path("total").asInt()).isGreaterThan(direct.path("total").asInt());
        assertThat(all.toString()).contains("\"userId\":\"sunqi\"");
        assertThat(direct.toString()).doesNotContain("\"userId\":\"sunqi\"");

        JsonNode page = call("GET", "/api/directory/departments/2/members?descendants=true&size=1&page=1", null).json();
        assertThat(page.path("items").size()).isEqualTo(1);
        assertThat(page.path("total").asInt()).isEqualTo(all.path("total").asInt());

        assertThat(call("GET", "/api/directory/members/ZHAOLIU", null).json().path("memberships").size()).isEqualTo(2);
        assertThat(call("GET", "/api/directory/search?q=zh", null).json().toString())
                .contains("zhangsan").contains("zhaoliu").doesNotContain("lisi");

        Response ghost = call("GET", "/api/directory/members/ghost", null);
        assertThat(ghost.status()).isEqualTo(404);
        assertThat(ghost.json().path("errcode").asInt()).isEqualTo(60111);
        assertThat(call("GET", "/api/directory/departments/2/members?size=100000", null).status()).isEqualTo(400);
    }

    @Test
    void anAdministratorsChangeReachesTheMirrorThroughTheCallback() {
        admin("update_user", "{\"userid\":\"lisi\",\"position\":\"Chief Mirror Officer\"}");
        assertThat(call("GET", "/api/directory/members/lisi", null).json().path("position").asString())
                .isEqualTo("Chief Mirror Officer");

        admin("create_party", "{\"id\":70,\"name\":\"Mirror Lab\",\"parentid\":2}");
        admin("create_user", "{\"userid\":\"mirror1\",\"name\":\"Mirror One\",\"department\":[70],\"email\":\"m1@corp.example\"}");
        assertThat(call("GET", "/api/directory/departments/70/members", null).json().toString()).contains("mirror1");
        admin("delete_user", "{\"userid\":\"mirror1\"}");
        admin("delete_party", "{\"id\":70}");
        assertThat(call("GET", "/api/directory/members/mirror1", null).status()).isEqualTo(404);
        assertThat(differences()).isEmpty();
        // nothing was lost, so a reconcile finds nothing to heal
        assertThat(call("POST", "/api/directory/reconcile", null).json().path("drift").asInt()).isZero();
    }

    @Test
    void aMemberWhoStartsOrStopsLeadingChangesTheDepartmentsLeadersInTheMirror() {
        // WeCom announces the member (update_user / create_user / delete_user), not the department
        admin("update_user", "{\"userid\":\"sunqi\",\"department\":[4],\"is_leader_in_dept\":[1]}");
        assertThat(differences()).isEmpty();
        admin("create_user", "{\"userid\":\"lead2\",\"name\":\"Lead Two\",\"department\":[4],\"is_leader_in_dept\":[1],"
                + "\"email\":\"lead2@corp.example\"}");
        assertThat(differences()).isEmpty();
        admin("update_user", "{\"userid\":\"sunqi\",\"department\":[4],\"is_leader_in_dept\":[0]}");
        assertThat(differences()).isEmpty();
        admin("delete_user", "{\"userid\":\"lead2\"}");
        assertThat(differences()).isEmpty();
        // a leader moved out of the department it led: the department it left loses a leader
        admin("update_user", "{\"userid\":\"sunqi\",\"department\":[4],\"is_leader_in_dept\":[1]}");
        admin("update_user", "{\"userid\":\"sunqi\",\"department\":[3],\"is_leader_in_dept\":[0]}");
        assertThat(differences()).isEmpty();
        // back where the demo corp has it: other classes share this emulator
        admin("update_user", "{\"userid\":\"sunqi\",\"department\":[4],\"is_leader_in_dept\":[0]}");
        assertThat(call("POST", "/api/directory/reconcile", null).json().path("drift").asInt()).as("nothing left to heal").isZero();
    }

    @Test
    void aRetriedEventRepairsTheLeadersAFailedHandlingLeftBehind() {
        // the first handling writes sunqi, then cannot read the department: 500, and WeCom sends the event again
        emulator.faults().failNext(1, 45009, "/cgi-bin/department/get");
        admin("update_user", "{\"userid\":\"sunqi\",\"department\":[4],\"is_leader_in_dept\":[1]}");
        assertThat(emulator.faults().injected()).as("the read failed once").isPositive();
        // the retry finds sunqi already mirrored and still repairs the department's leaders
        assertThat(differences()).isEmpty();
        admin("update_user", "{\"userid\":\"sunqi\",\"department\":[4],\"is_leader_in_dept\":[0]}");
        assertThat(differences()).isEmpty();
    }

    @Test
    void aLostCallbackIsHealedByTheReconcileWhichCountsIt() {
        emulator.changeContactCallbacks().dropRate(1.0, 1);
        admin("update_user", "{\"userid\":\"wangwu\",\"position\":\"Lost in transit\"}");
        admin("create_user", "{\"userid\":\"unheard\",\"name\":\"Unheard\",\"department\":[3],\"email\":\"unheard@corp.example\"}");
        assertThat(call("GET", "/api/directory/members/unheard", null).status()).isEqualTo(404);
        assertThat(differences()).isNotEmpty();

        JsonNode result = call("POST", "/api/directory/reconcile", null).json();
        // unheard added, wangwu changed, department 3's member list is the same rows
        assertThat(result.path("drift").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(differences()).isEmpty();
        assertThat(call("GET", "/api/directory/status", null).json().path("lastDrift").asInt()).isEqualTo(result.path("drift").asInt());
        assertThat(meters.get("wecom.directory.drift").gauge().value()).isEqualTo(result.path("drift").asDouble());
        admin("delete_user", "{\"userid\":\"unheard\"}");
        emulator.changeContactCallbacks().dropRate(0, 1);
    }

    @Test
    void withIdsOnlyTheMirrorKeepsUserIdsAndDepartmentsFromListIdAndMinimalEvents() {
        admin("create_user", "{\"userid\":\"idsgone\",\"name\":\"Soon gone\",\"department\":[3],\"email\":\"gone@corp.example\"}");
        // the contacts-sync secret now calls from an IP WeCom has not seen before 2022-08-15: 48009 but for list_id/simplelist
        control("/_emulator/contacts/known-ips", "{\"ips\":[]}");
        try {
            admin("create_user", "{\"userid\":\"idsonly\",\"name\":\"Ids Only\",\"department\":[3,4],\"email\":\"ids@corp.example\"}");
            JsonNode seen = call("GET", "/api/directory/members/idsonly", null).json();
            assertThat(seen.path("memberships").toString()).contains("\"departmentId\":3").contains("\"departmentId\":4");
            assertThat(seen.path("name").asString()).as("no details for this secret").isEqualTo("idsonly");

            // a department moved, then renamed: each event carries only the field that changed
            admin("update_party", "{\"id\":4,\"parentid\":3}");
            io.github.wecom4j.contact.Department moved = mirror.store().departments(mirror.corpId()).get(4L).value();
            assertThat(moved.parentId()).isEqualTo(3L);
            assertThat(moved.name()).as("a move keeps the name").isEqualTo("Platform 平台组");
            admin("update_party", "{\"id\":4,\"name\":\"Platform renamed\"}");
            io.github.wecom4j.contact.Department renamed = mirror.store().departments(mirror.corpId()).get(4L).value();
            assertThat(renamed.name()).isEqualTo("Platform renamed");
            assertThat(renamed.parentId()).as("a rename keeps the parent").isEqualTo(3L);
            admin("update_party", "{\"id\":4,\"name\":\"Platform 平台组\",\"parentid\":2}");

            emulator.changeContactCallbacks().dropRate(1.0, 1);
            admin("delete_user", "{\"userid\":\"idsgone\"}");
            emulator.changeContactCallbacks().dropRate(0, 1);
            JsonNode result = call("POST", "/api/directory/reconcile", null).json();
            assertThat(result.path("details").asBoolean()).isFalse();
            assertThat(result.path("drift").asInt()).isPositive();
            assertThat(call("GET", "/api/directory/members/idsgone", null).status()).isEqualTo(404);
            assertThat(call("GET", "/api/directory/members/lisi", null).json().path("name").asString())
                    .as("details read before are kept").isNotEqualTo("lisi");
        } finally {
            control("/_emulator/contacts/known-ips", "{\"ips\":null}");
        }
        call("POST", "/api/directory/reconcile", null);
        assertThat(call("GET", "/api/directory/members/idsonly", null).json().path("name").asString()).isEqualTo("Ids Only");
        admin("delete_user", "{\"userid\":\"idsonly\"}");
        assertThat(differences()).isEmpty();
    }

    /** A member's main department read back from the mirror does not depend on whether it has an alias. */
    @Test
    void aMembersMainDepartmentIsReadBackWhateverItsAliasIs() {
        String corp = mirror.corpId();
        MirrorStore store = mirror.store();
        io.github.wecom4j.contact.Member noAlias = io.github.wecom4j.contact.Member.builder("mainonly", "Main Only")
                .department(2).department(3).mainDepartment(3).email("mainonly@corp.example").build();
        io.github.wecom4j.contact.Member noMain = io.github.wecom4j.contact.Member.builder("aliasonly", "Alias Only")
                .department(2).alias("AO").email("aliasonly@corp.example").build();
        store.writeMembers(corp, List.of(new MirroredMember(noAlias, true), new MirroredMember(noMain, true)), true);
        try {
            var read = store.members(corp, List.of("mainonly", "aliasonly"));
            assertThat(read.get("mainonly").value().member().mainDepartment()).isEqualTo(3L);
            assertThat(read.get("aliasonly").value().member().mainDepartment()).isNull();
        } finally {
            store.deleteMember(corp, "mainonly");
            store.deleteMember(corp, "aliasonly");
        }
    }

    @Test
    void forgedCallbacksAreRefusedAndTheApiNeedsAKey() throws Exception {
        HttpResponse<String> forged = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/wecom/callback/contacts?msg_signature=00&timestamp=" + emulator.clock().instant().getEpochSecond()
                        + "&nonce=1")).POST(HttpRequest.BodyPublishers.ofString("<xml><Encrypt><![CDATA[AAAA]]></Encrypt></xml>")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(403);
        HttpResponse<String> noKey = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/directory/tree"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(noKey.statusCode()).isEqualTo(401);
    }

    private Response call(String method, String path, String body) {
        return call(method, path, "application/json", body);
    }
}
