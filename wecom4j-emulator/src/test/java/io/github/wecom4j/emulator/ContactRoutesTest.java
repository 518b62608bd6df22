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
}
