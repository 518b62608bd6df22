package io.github.wecom4j.emulator;

import io.github.wecom4j.emulator.corp.DemoCorp;
import io.github.wecom4j.emulator.junit.WeComEmulatorTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.github.wecom4j.emulator.corp.DemoCorp.CORP_ID;
import static org.assertj.core.api.Assertions.assertThat;

/** gettoken and the token guard with WeCom's semantics (doc 91039, 90313). */
@WeComEmulatorTest
class GetTokenTest {

    @Test
    void sameTokenWhileValidAndANewOneAfterExpiry(WeComEmulator emulator) {
        RawHttp http = new RawHttp(emulator);
        RawHttp.Answer first = http.get("/cgi-bin/gettoken?corpid=" + CORP_ID + "&corpsecret=" + DemoCorp.APPROVALS_SECRET);
        assertThat(first.errcode()).isZero();
        assertThat(first.json().path("errmsg").asString()).isEqualTo("ok");
        assertThat(first.json().path("expires_in").asLong()).isEqualTo(7200);
        String token = first.json().path("access_token").asString();

        emulator.clock().advance(Duration.ofSeconds(1000));
        RawHttp.Answer again = http.get("/cgi-bin/gettoken?corpid=" + CORP_ID + "&corpsecret=" + DemoCorp.APPROVALS_SECRET);
        assertThat(again.json().path("access_token").asString()).isEqualTo(token);
        // The seconds it has left, not 7200 again (a little real time passed as well).
        assertThat(again.json().path("expires_in").asLong()).isBetween(6199L, 6200L);

        emulator.clock().advance(Duration.ofSeconds(6200));
        assertThat(http.token(CORP_ID, DemoCorp.APPROVALS_SECRET)).isNotEqualTo(token);
    }

    @Test
    void eachSecretGetsItsOwnToken(WeComEmulator emulator) {
        RawHttp http = new RawHttp(emulator);
        assertThat(http.token(CORP_ID, DemoCorp.APPROVALS_SECRET))
                .isNotEqualTo(http.token(CORP_ID, DemoCorp.NOTICES_SECRET))
                .isNotEqualTo(http.token(CORP_ID, DemoCorp.CONTACTS_SECRET));
        assertThat(emulator.tokens().issuedCount()).isEqualTo(3);
    }

    @Test
    void badCredentialsGetWeComsErrcodes(WeComEmulator emulator) {
        RawHttp http = new RawHttp(emulator);
        assertThat(http.get("/cgi-bin/gettoken?corpsecret=x").errcode()).isEqualTo(41002);
        assertThat(http.get("/cgi-bin/gettoken?corpid=" + CORP_ID).errcode()).isEqualTo(41004);
        assertThat(http.get("/cgi-bin/gettoken?corpid=wwUnknown&corpsecret=x").errcode()).isEqualTo(40013);
        RawHttp.Answer wrong = http.get("/cgi-bin/gettoken?corpid=" + CORP_ID + "&corpsecret=wrong");
        assertThat(wrong.errcode()).isEqualTo(40001);
        assertThat(wrong.json().path("errmsg").asString())
                .contains("from ip: 127.0.0.1").endsWith("more info at https://open.work.weixin.qq.com/devtool/query?e=40001");
        assertThat(wrong.status()).isEqualTo(200);
    }

    @Test
    void everyApiChecksItsAccessTokenLikeWeCom(WeComEmulator emulator) {
        RawHttp http = new RawHttp(emulator);
        assertThat(http.get("/cgi-bin/department/list").errcode()).isEqualTo(41001);
        assertThat(http.get("/cgi-bin/department/list?access_token=forged").errcode()).isEqualTo(40014);

        String token = http.token(CORP_ID, DemoCorp.CONTACTS_SECRET);
        assertThat(http.get("/cgi-bin/department/list?access_token=" + token).errcode()).isZero();

        emulator.clock().advance(Duration.ofSeconds(7200));
        assertThat(http.get("/cgi-bin/department/list?access_token=" + token).errcode()).isEqualTo(42001);
    }

    @Test
    void aRevokedTokenIsInvalid(WeComEmulator emulator) {
        RawHttp http = new RawHttp(emulator);
        String token = http.token(CORP_ID, DemoCorp.CONTACTS_SECRET);
        assertThat(emulator.tokens().revoke(token)).isTrue();
        assertThat(http.get("/cgi-bin/department/list?access_token=" + token).errcode()).isEqualTo(40014);
        assertThat(http.token(CORP_ID, DemoCorp.CONTACTS_SECRET)).isNotEqualTo(token);
    }

    @Test
    void gettokenIsFrequencyLimitedAndWrongSecretsGetTheIpBanned() {
        try (WeComEmulator emulator = WeComEmulator.builder().tokenFetchesPerHour(3).wrongSecretBan(2).start()) {
            RawHttp http = new RawHttp(emulator);
            String ok = "/cgi-bin/gettoken?corpid=" + CORP_ID + "&corpsecret=" + DemoCorp.APPROVALS_SECRET;
            for (int i = 0; i < 3; i++) {
                assertThat(http.get(ok).errcode()).isZero();
            }
            assertThat(http.get(ok).errcode()).isEqualTo(45009);
            emulator.clock().advance(Duration.ofHours(1));
            assertThat(http.get(ok).errcode()).isZero();

            String wrong = "/cgi-bin/gettoken?corpid=" + CORP_ID + "&corpsecret=wrong";
            assertThat(http.get(wrong).errcode()).isEqualTo(40001);
            assertThat(http.get(wrong).errcode()).isEqualTo(40001);
            assertThat(http.get(wrong).errcode()).isEqualTo(45009);
            // The IP is banned, not the secret: the right secret is refused too, for an hour.
            assertThat(http.get(ok).errcode()).isEqualTo(45009);
            assertThat(emulator.counters().get("gettoken ip banned")).isEqualTo(2);
            emulator.clock().advance(Duration.ofHours(1));
            assertThat(http.get(ok).errcode()).isZero();
        }
    }

    @Test
    void magicSecretsAnswerTheirErrcode(WeComEmulator emulator) {
        RawHttp http = new RawHttp(emulator);
        RawHttp.Answer ip = http.get("/cgi-bin/gettoken?corpid=" + CORP_ID + "&corpsecret=wecom4j-magic-60020");
        assertThat(ip.errcode()).isEqualTo(60020);
        assertThat(ip.json().path("errmsg").asString()).startsWith("not allow to access from your ip");
        assertThat(http.get("/cgi-bin/gettoken?corpid=" + CORP_ID + "&corpsecret=wecom4j-magic-45009").errcode()).isEqualTo(45009);
    }

    @Test
    void wrongHttpMethodAndUnknownPathsAreRefused(WeComEmulator emulator) {
        RawHttp http = new RawHttp(emulator);
        assertThat(http.post("/cgi-bin/gettoken?corpid=" + CORP_ID + "&corpsecret=x", "{}").errcode()).isEqualTo(40063);
        assertThat(http.get("/cgi-bin/no/such/api").errcode()).isEqualTo(48001);
    }
}
