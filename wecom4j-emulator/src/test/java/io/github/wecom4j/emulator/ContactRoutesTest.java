package io.github.wecom4j.emulator;

import io.github.wecom4j.emulator.corp.DemoCorp;
import io.github.wecom4j.emulator.junit.WeComEmulatorTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@WeComEmulatorTest
class ContactRoutesTest {

    @Test
    void departmentListReturnsTheSubtreeOfAnId(WeComEmulator emulator) {
        RawHttp http = new RawHttp(emulator);
        String token = http.token(DemoCorp.CORP_ID, DemoCorp.CONTACTS_SECRET);
        RawHttp.Answer sub = http.get("/cgi-bin/department/list?id=2&access_token=" + token);
        assertThat(sub.json().path("department")).hasSize(2);
        assertThat(http.get("/cgi-bin/department/list?id=99&access_token=" + token).errcode()).isEqualTo(60003);
    }

    @Test
    void simplelistIsDirectMembersUnlessFetchChild(WeComEmulator emulator) {
        RawHttp http = new RawHttp(emulator);
        String token = http.token(DemoCorp.CORP_ID, DemoCorp.CONTACTS_SECRET);
        assertThat(http.get("/cgi-bin/user/simplelist?department_id=1&access_token=" + token).json().path("userlist")).hasSize(1);
        assertThat(http.get("/cgi-bin/user/simplelist?department_id=1&fetch_child=1&access_token=" + token).json().path("userlist"))
                .hasSize(DemoCorp.create().members().size());
        RawHttp.Answer lisi = http.get("/cgi-bin/user/get?userid=LiSi&access_token=" + token);
        assertThat(lisi.json().path("department").toString()).isEqualTo("[2,4]");
        assertThat(http.get("/cgi-bin/user/get?userid=ghost&access_token=" + token).errcode()).isEqualTo(60111);
    }

    @Test
    void userGetHidesPrivateFieldsFromAnAppCreatedAfterThe2022PrivacyChange(WeComEmulator emulator) {
        // doc 90196: apps created from 2022-06-20 get no mobile, email, gender ... (found by an independent client)
        RawHttp http = new RawHttp(emulator);
        RawHttp.Answer newApp = http.get("/cgi-bin/user/get?userid=lisi&access_token=" + http.token(DemoCorp.CORP_ID, DemoCorp.NOTICES_SECRET));
        assertThat(newApp.errcode()).isZero();
        assertThat(newApp.json().path("name").asString()).isEqualTo("李四");
        assertThat(newApp.json().has("mobile")).isFalse();
        assertThat(newApp.json().has("email")).isFalse();
        assertThat(newApp.json().has("gender")).isFalse();
        RawHttp.Answer oldApp = http.get("/cgi-bin/user/get?userid=lisi&access_token=" + http.token(DemoCorp.CORP_ID, DemoCorp.APPROVALS_SECRET));
        assertThat(oldApp.json().path("mobile").asString()).isEqualTo("+86 13800000002");
        assertThat(oldApp.json().path("gender").asString()).isEqualTo("1");
    }
}
