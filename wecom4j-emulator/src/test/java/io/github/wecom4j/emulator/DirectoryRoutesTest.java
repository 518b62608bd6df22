package io.github.wecom4j.emulator;

import io.github.wecom4j.emulator.contact.Directory;
import io.github.wecom4j.emulator.corp.DemoCorp;
import io.github.wecom4j.emulator.corp.EmulatedApp;
import io.github.wecom4j.emulator.corp.EmulatedContactsSync;
import io.github.wecom4j.emulator.corp.EmulatedCorp;
import io.github.wecom4j.emulator.corp.EmulatedDepartment;
import io.github.wecom4j.emulator.junit.WeComEmulatorTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The emulated directory over HTTP with a plain client: WeCom's rules and errcodes for
 * departments, members and tags, visibility and the 2022 rules.
 */
@WeComEmulatorTest
class DirectoryRoutesTest {

    @Test
    void departmentsFollowWeComsRules(WeComEmulator emulator) {
        RawHttp http = new RawHttp(emulator);
        String t = "?access_token=" + http.token(DemoCorp.CORP_ID, DemoCorp.CONTACTS_SECRET);
        RawHttp.Answer created = http.post("/cgi-bin/department/create" + t, "{\"name\":\"QA\",\"parentid\":2,\"order\":5}");
        assertThat(created.errcode()).isZero();
        long qa = created.json().path("id").asLong();
        assertThat(qa).isGreaterThan(4);
        assertThat(http.post("/cgi-bin/department/create" + t, "{\"name\":\"QA\",\"parentid\":2}").errcode()).isEqualTo(60008);
        assertThat(http.post("/cgi-bin/department/create" + t, "{\"name\":\"a:b\",\"parentid\":2}").errcode()).isEqualTo(60009);
        assertThat(http.post("/cgi-bin/department/create" + t, "{\"name\":\"x\",\"parentid\":99}").errcode()).isEqualTo(60004);
        assertThat(http.post("/cgi-bin/department/create" + t, "{\"name\":\"x\",\"parentid\":1,\"id\":1}").errcode()).isEqualTo(60123);
        assertThat(http.post("/cgi-bin/department/create" + t, "{\"name\":\"" + "名".repeat(33) + "\",\"parentid\":1}").errcode()).isEqualTo(60001);
        // a cycle: Engineering under its own child
        assertThat(http.post("/cgi-bin/department/update" + t, "{\"id\":2,\"parentid\":" + qa + "}").errcode()).isEqualTo(60010);
        assertThat(http.post("/cgi-bin/department/update" + t, "{\"id\":" + qa + ",\"name\":\"Quality\"}").errcode()).isZero();
        assertThat(http.get("/cgi-bin/department/get" + t + "&id=" + qa).json().path("department").path("name").asString()).isEqualTo("Quality");
        assertThat(http.get("/cgi-bin/department/delete" + t + "&id=1").errcode()).isEqualTo(60007);
        assertThat(http.get("/cgi-bin/department/delete" + t + "&id=2").errcode()).isEqualTo(60006);
        assertThat(http.get("/cgi-bin/department/delete" + t + "&id=4").errcode()).isEqualTo(60005);
        assertThat(http.get("/cgi-bin/department/delete" + t + "&id=" + qa).errcode()).isZero();
        assertThat(http.get("/cgi-bin/department/get" + t + "&id=" + qa).errcode()).isEqualTo(60003);
        JsonNode simple = http.get("/cgi-bin/department/simplelist" + t + "&id=2").json().path("department_id");
        assertThat(simple).hasSize(2);
        assertThat(simple.get(0).has("name")).isFalse();
    }

    @Test
    void departmentsNestAtMostFifteenLevels(WeComEmulator emulator) {
        RawHttp http = new RawHttp(emulator);
        String t = "?access_token=" + http.token(DemoCorp.CORP_ID, DemoCorp.CONTACTS_SECRET);
        long parent = 4; // level 3
        for (int level = 4; level <= 15; level++) {
            parent = http.post("/cgi-bin/department/create" + t, "{\"name\":\"L" + level + "\",\"parentid\":" + parent + "}")
                    .json().path("id").asLong();
        }
        assertThat(http.post("/cgi-bin/department/create" + t, "{\"name\":\"L16\",\"parentid\":" + parent + "}").errcode()).isEqualTo(81002);
    }

    @Test
    void membersFollowWeComsRulesAndUpdateChangesOnlyTheGivenFields(WeComEmulator emulator) {
        RawHttp http = new RawHttp(emulator);
        String t = "?access_token=" + http.token(DemoCorp.CORP_ID, DemoCorp.CONTACTS_SECRET);
        String body = "{\"userid\":\"qianjiu\",\"name\":\"钱九\",\"department\":[2,3],\"order\":[10,20],\"is_leader_in_dept\":[1,0],"
                + "\"main_department\":3,\"mobile\":\"+86 13900000009\",\"email\":\"qianjiu@demo.example\",\"position\":\"PM\","
                + "\"direct_leader\":[\"lisi\"],\"extattr\":{\"attrs\":[{\"type\":0,\"name\":\"工号\",\"text\":{\"value\":\"A9\"}}]}}";
        assertThat(http.post("/cgi-bin/user/create" + t, body).errcode()).isZero();
        assertThat(http.post("/cgi-bin/user/create" + t, body.replace("qianjiu\"", "QianJiu\"")).errcode()).isEqualTo(60102);
        assertThat(http.post("/cgi-bin/user/create" + t, body.replace("\"qianjiu\"", "\"other\"")).errcode()).isEqualTo(60104);
        assertThat(http.post("/cgi-bin/user/create" + t, body.replace("\"qianjiu\"", "\"other\"").replace("13900000009", "13900000010"))
                .errcode()).isEqualTo(60106);
        assertThat(http.post("/cgi-bin/user/create" + t, "{\"userid\":\"x1\",\"name\":\"x\",\"department\":[2]}").errcode()).isEqualTo(60129);
        assertThat(http.post("/cgi-bin/user/create" + t, "{\"userid\":\"x1\",\"name\":\"x\",\"department\":[99],\"email\":\"x1@a.example\"}")
                .errcode()).isEqualTo(60003);
        assertThat(http.post("/cgi-bin/user/create" + t, "{\"userid\":\"x1\",\"name\":\"x\",\"department\":[2],\"is_leader_in_dept\":[1,0],"
                + "\"email\":\"x1@a.example\"}").errcode()).isEqualTo(60132);
        assertThat(http.post("/cgi-bin/user/create" + t, "{\"userid\":\"@all\",\"name\":\"x\",\"department\":[2],\"email\":\"x1@a.example\"}")
                .errcode()).isEqualTo(40003);

        assertThat(http.post("/cgi-bin/user/update" + t, "{\"userid\":\"qianjiu\",\"position\":\"Lead PM\"}").errcode()).isZero();
        JsonNode m = http.get("/cgi-bin/user/get" + t + "&userid=qianjiu").json();
        assertThat(m.path("position").asString()).isEqualTo("Lead PM");
        assertThat(m.path("mobile").asString()).isEqualTo("+86 13900000009");
        assertThat(m.path("department").toString()).isEqualTo("[2,3]");
        assertThat(m.path("order").toString()).isEqualTo("[10,20]");
        assertThat(m.path("is_leader_in_dept").toString()).isEqualTo("[1,0]");
        assertThat(m.path("main_department").asLong()).isEqualTo(3);
        assertThat(m.path("extattr").path("attrs").get(0).path("text").path("value").asString()).isEqualTo("A9");
        assertThat(m.path("status").asInt()).isEqualTo(4);
        // leader of Engineering now
        assertThat(http.get("/cgi-bin/department/get" + t + "&id=2").json().path("department").path("department_leader").toString())
                .contains("qianjiu");
        assertThat(http.post("/cgi-bin/user/getuserid" + t, "{\"mobile\":\"13900000009\"}").json().path("userid").asString()).isEqualTo("qianjiu");
        assertThat(http.post("/cgi-bin/user/get_userid_by_email" + t, "{\"email\":\"qianjiu@demo.example\"}").json().path("userid").asString())
                .isEqualTo("qianjiu");
        assertThat(http.post("/cgi-bin/user/getuserid" + t, "{\"mobile\":\"13999999999\"}").errcode()).isEqualTo(46004);
        assertThat(http.get("/cgi-bin/user/authsucc" + t + "&userid=qianjiu").errcode()).isZero();
        assertThat(http.get("/cgi-bin/user/get" + t + "&userid=qianjiu").json().path("status").asInt()).isEqualTo(1);
    }

    @Test
    void aDepartmentsLeadersAreTheMembersWhoLeadIt(WeComEmulator emulator) {
        RawHttp http = new RawHttp(emulator);
        String t = "?access_token=" + http.token(DemoCorp.CORP_ID, DemoCorp.CONTACTS_SECRET);
        // the demo corp declares lisi Engineering's leader: user/get says the same as department/get
        assertThat(http.get("/cgi-bin/user/get" + t + "&userid=lisi").json().path("is_leader_in_dept").toString()).isEqualTo("[1,0]");
        assertThat(http.get("/cgi-bin/department/get" + t + "&id=2").json().path("department").path("department_leader").toString())
                .isEqualTo("[\"lisi\"]");
        // lisi stops leading it: the department has no leader left
        assertThat(http.post("/cgi-bin/user/update" + t, "{\"userid\":\"lisi\",\"department\":[2,4],\"is_leader_in_dept\":[0,0]}")
                .errcode()).isZero();
        assertThat(http.get("/cgi-bin/department/get" + t + "&id=2").json().path("department").path("department_leader").toString())
                .isEqualTo("[]");
        assertThat(emulator.directory().snapshot().departments().stream().filter(d -> d.id() == 2).findFirst().orElseThrow()
                .leaders()).isEmpty();
    }

    @Test
    void aCorpCannotDeclareALeaderWhoIsNotAMemberOfTheDepartment() {
        EmulatedCorp demo = DemoCorp.create();
        List<EmulatedDepartment> departments = new ArrayList<>(demo.departments());
        departments.add(new EmulatedDepartment(9, "Led from outside", 1, 1, List.of("sunqi")));
        EmulatedCorp odd = demo.withDirectory(departments, demo.members(), demo.tags());
        assertThatThrownBy(() -> new Directory(odd)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("department 9 declares sunqi a leader");
    }

    @Test
    void batchDeleteIsAllOrNothingAndAtMostTwoHundred(WeComEmulator emulator) {
        RawHttp http = new RawHttp(emulator);
        String t = "?access_token=" + http.token(DemoCorp.CORP_ID, DemoCorp.CONTACTS_SECRET);
        assertThat(http.post("/cgi-bin/user/batchdelete" + t, "{\"useridlist\":[\"sunqi\",\"ghost\"]}").errcode()).isEqualTo(60111);
        assertThat(http.get("/cgi-bin/user/get" + t + "&userid=sunqi").errcode()).isZero();
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 201; i++) {
            many.add("\"u" + i + "\"");
        }
        assertThat(http.post("/cgi-bin/user/batchdelete" + t, "{\"useridlist\":[" + String.join(",", many) + "]}").errcode()).isEqualTo(40032);
        assertThat(http.post("/cgi-bin/user/batchdelete" + t, "{\"useridlist\":[\"sunqi\",\"zhouba\"]}").errcode()).isZero();
        assertThat(http.get("/cgi-bin/user/get" + t + "&userid=sunqi").errcode()).isEqualTo(60111);
    }

    @Test
    void writesNeedTheContactsSyncToken(WeComEmulator emulator) {
        RawHttp http = new RawHttp(emulator);
        String app = "?access_token=" + http.token(DemoCorp.CORP_ID, DemoCorp.APPROVALS_SECRET);
        assertThat(http.post("/cgi-bin/department/create" + app, "{\"name\":\"QA\",\"parentid\":2}").errcode()).isEqualTo(48002);
        assertThat(http.get("/cgi-bin/user/delete" + app + "&userid=sunqi").errcode()).isEqualTo(48002);
        assertThat(http.post("/cgi-bin/user/list_id" + app, "{}").errcode()).isEqualTo(48002);
    }

    @Test
    void listIdWalksEveryMembershipWithACursor(WeComEmulator emulator) {
        RawHttp http = new RawHttp(emulator);
        String t = "?access_token=" + http.token(DemoCorp.CORP_ID, DemoCorp.CONTACTS_SECRET);
        Set<String> rows = new HashSet<>();
        String cursor = "";
        int pages = 0;
        do {
            JsonNode page = http.post("/cgi-bin/user/list_id" + t, "{\"limit\":3,\"cursor\":\"" + cursor + "\"}").json();
            page.path("dept_user").forEach(r -> rows.add(r.path("userid").asString() + "@" + r.path("department").asLong()));
            cursor = page.path("next_cursor").asString();
            pages++;
        } while (!cursor.isEmpty());
        long memberships = DemoCorp.create().members().stream().mapToLong(m -> m.departments().size()).sum();
        assertThat(rows).hasSize((int) memberships).contains("lisi@2", "lisi@4", "zhaoliu@3");
        assertThat(pages).isEqualTo((int) Math.ceil(memberships / 3.0));
        assertThat(http.post("/cgi-bin/user/list_id" + t, "{\"limit\":10001}").errcode()).isEqualTo(40058);
        assertThat(http.post("/cgi-bin/user/list_id" + t, "{\"cursor\":\"%%%\"}").errcode()).isEqualTo(40058);
    }

    @Test
    void tagsReportInvalidMembersAndFollowDeletions(WeComEmulator emulator) {
        RawHttp http = new RawHttp(emulator);
        String t = "?access_token=" + http.token(DemoCorp.CORP_ID, DemoCorp.CONTACTS_SECRET);
        int tag = http.post("/cgi-bin/tag/create" + t, "{\"tagname\":\"On call\"}").json().path("tagid").asInt();
        assertThat(http.post("/cgi-bin/tag/create" + t, "{\"tagname\":\"On call\"}").errcode()).isEqualTo(40071);
        assertThat(http.post("/cgi-bin/tag/create" + t, "{\"tagname\":\"\"}").errcode()).isEqualTo(40072);
        JsonNode partial = http.post("/cgi-bin/tag/addtagusers" + t,
                "{\"tagid\":" + tag + ",\"userlist\":[\"lisi\",\"sunqi\",\"ghost\"],\"partylist\":[3,99]}").json();
        assertThat(partial.path("errcode").asInt()).isZero();
        assertThat(partial.path("invalidlist").asString()).isEqualTo("ghost");
        assertThat(partial.path("invalidparty").toString()).isEqualTo("[99]");
        assertThat(http.post("/cgi-bin/tag/addtagusers" + t, "{\"tagid\":" + tag + ",\"userlist\":[\"ghost\"]}").errcode()).isEqualTo(40070);
        assertThat(http.post("/cgi-bin/tag/addtagusers" + t, "{\"tagid\":999,\"userlist\":[\"lisi\"]}").errcode()).isEqualTo(40068);
        // a deleted member leaves the tag (a domain event inside the emulator)
        assertThat(http.get("/cgi-bin/user/delete" + t + "&userid=sunqi").errcode()).isZero();
        JsonNode got = http.get("/cgi-bin/tag/get" + t + "&tagid=" + tag).json();
        assertThat(got.path("userlist").toString()).contains("lisi").doesNotContain("sunqi");
        assertThat(got.path("partylist").toString()).isEqualTo("[3]");
        assertThat(http.post("/cgi-bin/tag/deltagusers" + t, "{\"tagid\":" + tag + ",\"userlist\":[\"lisi\"]}").errcode()).isZero();
        assertThat(http.get("/cgi-bin/tag/list" + t).json().path("taglist").toString()).contains("On call");
        // an app may create tags and change only its own
        String app = "?access_token=" + http.token(DemoCorp.CORP_ID, DemoCorp.APPROVALS_SECRET);
        assertThat(http.post("/cgi-bin/tag/update" + app, "{\"tagid\":" + tag + ",\"tagname\":\"Mine\"}").errcode()).isEqualTo(81011);
        int own = http.post("/cgi-bin/tag/create" + app, "{\"tagname\":\"Approvers\"}").json().path("tagid").asInt();
        assertThat(http.post("/cgi-bin/tag/addtagusers" + app, "{\"tagid\":" + own + ",\"userlist\":[\"wangwu\"]}").errcode()).isZero();
        assertThat(http.get("/cgi-bin/tag/delete" + t + "&tagid=" + tag).errcode()).isZero();
        assertThat(http.get("/cgi-bin/tag/get" + t + "&tagid=" + tag).errcode()).isEqualTo(40068);
    }

    @Test
    void anAppSeesOnlyItsVisibleRange() {
        EmulatedCorp demo = DemoCorp.create();
        EmulatedApp sales = new EmulatedApp(1000009, "Sales app", "sales-secret-00000000000000000000000000009", "localhost", null,
                null, null, LocalDate.of(2021, 1, 1), List.of(3L), List.of("sunqi"));
        EmulatedCorp corp = new EmulatedCorp(demo.corpId(), demo.name(), demo.contactsSecret(), demo.departments(), demo.members(),
                List.of(sales), null, null);
        try (WeComEmulator emulator = WeComEmulator.builder().corp(corp).start()) {
            RawHttp http = new RawHttp(emulator);
            String t = "?access_token=" + http.token(DemoCorp.CORP_ID, sales.secret());
            assertThat(http.get("/cgi-bin/department/list" + t).json().path("department")).hasSize(1);
            assertThat(http.get("/cgi-bin/department/get" + t + "&id=2").errcode()).isEqualTo(60011);
            assertThat(http.get("/cgi-bin/user/get" + t + "&userid=lisi").errcode()).isEqualTo(60011);
            assertThat(http.get("/cgi-bin/user/get" + t + "&userid=sunqi").errcode()).isZero();
            // zhaoliu is in Engineering and Sales: only Sales shows
            assertThat(http.get("/cgi-bin/user/get" + t + "&userid=zhaoliu").json().path("department").toString()).isEqualTo("[3]");
            assertThat(http.get("/cgi-bin/user/list" + t + "&department_id=2").errcode()).isEqualTo(60011);
            assertThat(http.get("/cgi-bin/user/list" + t + "&department_id=3").json().path("userlist")).hasSize(3);
        }
    }

    @Test
    void theContactsSyncSecretFromANewIpReadsOnlyListIdAndSimplelist() {
        EmulatedCorp demo = DemoCorp.create().withContactsSync(EmulatedContactsSync.none().withKnownIps(List.of("192.0.2.1")));
        try (WeComEmulator emulator = WeComEmulator.builder().corp(demo).start()) {
            RawHttp http = new RawHttp(emulator);
            String t = "?access_token=" + http.token(DemoCorp.CORP_ID, DemoCorp.CONTACTS_SECRET);
            assertThat(http.get("/cgi-bin/user/get" + t + "&userid=lisi").errcode()).isEqualTo(48009);
            assertThat(http.get("/cgi-bin/department/list" + t).errcode()).isEqualTo(48009);
            assertThat(http.get("/cgi-bin/user/simplelist" + t + "&department_id=1").errcode()).isEqualTo(48009);
            assertThat(http.get("/cgi-bin/department/simplelist" + t).errcode()).isZero();
            assertThat(http.post("/cgi-bin/user/list_id" + t, "{}").errcode()).isZero();
            // writes are not reads: still allowed
            assertThat(http.post("/cgi-bin/user/update" + t, "{\"userid\":\"lisi\",\"position\":\"CTO\"}").errcode()).isZero();
        }
    }

    @Test
    void userListGivesFullMembersWithoutPrivateFieldsToANewApp(WeComEmulator emulator) {
        RawHttp http = new RawHttp(emulator);
        JsonNode list = http.get("/cgi-bin/user/list?department_id=2&access_token=" + http.token(DemoCorp.CORP_ID, DemoCorp.NOTICES_SECRET))
                .json().path("userlist");
        assertThat(list).hasSize(2);
        assertThat(list.get(0).has("position")).isTrue();
        assertThat(list.get(0).has("mobile")).isFalse();
        assertThat(list.get(0).has("avatar")).isFalse();
    }

    @Test
    void openidConversionRoundTrips(WeComEmulator emulator) {
        RawHttp http = new RawHttp(emulator);
        String t = "?access_token=" + http.token(DemoCorp.CORP_ID, DemoCorp.APPROVALS_SECRET);
        String openid = http.post("/cgi-bin/user/convert_to_openid" + t, "{\"userid\":\"lisi\"}").json().path("openid").asString();
        assertThat(openid).startsWith("o");
        assertThat(http.post("/cgi-bin/user/convert_to_userid" + t, "{\"openid\":\"" + openid + "\"}").json().path("userid").asString())
                .isEqualTo("lisi");
        assertThat(http.post("/cgi-bin/user/convert_to_openid" + t, "{\"userid\":\"ghost\"}").errcode()).isEqualTo(60111);
    }
}
