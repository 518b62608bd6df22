package io.github.wecom4j.emulator;

import io.github.wecom4j.emulator.corp.DemoCorp;
import io.github.wecom4j.emulator.junit.WeComEmulatorTest;
import org.junit.jupiter.api.Test;

import static io.github.wecom4j.emulator.corp.DemoCorp.CORP_ID;
import static org.assertj.core.api.Assertions.assertThat;

/** The /_emulator control API over HTTP, as a standalone emulator's user drives it. */
@WeComEmulatorTest
class ControlApiTest {

    @Test
    void stateDescribesTheCorpWithoutSecrets(WeComEmulator emulator) {
        RawHttp.Answer state = new RawHttp(emulator).get("/_emulator/state");
        assertThat(state.json().path("corpid").asString()).isEqualTo(CORP_ID);
        assertThat(state.json().path("apps")).hasSize(2);
        assertThat(state.json().toString()).doesNotContain(DemoCorp.APPROVALS_SECRET, DemoCorp.CONTACTS_SECRET);
    }

    @Test
    void advancingTheClockExpiresTokens(WeComEmulator emulator) {
        RawHttp http = new RawHttp(emulator);
        String token = http.token(CORP_ID, DemoCorp.CONTACTS_SECRET);
        assertThat(http.post("/_emulator/clock/advance", "{\"seconds\":7200}").errcode()).isZero();
        assertThat(http.get("/cgi-bin/department/list?access_token=" + token).errcode()).isEqualTo(42001);
    }

    @Test
    void revokingOneTokenOrAll(WeComEmulator emulator) {
        RawHttp http = new RawHttp(emulator);
        String contacts = http.token(CORP_ID, DemoCorp.CONTACTS_SECRET);
        String app = http.token(CORP_ID, DemoCorp.APPROVALS_SECRET);
        assertThat(http.post("/_emulator/tokens/revoke", "{\"token\":\"" + contacts + "\"}").json().path("revoked").asInt()).isEqualTo(1);
        assertThat(http.get("/cgi-bin/user/get?userid=lisi&access_token=" + contacts).errcode()).isEqualTo(40014);
        assertThat(http.get("/cgi-bin/user/get?userid=lisi&access_token=" + app).errcode()).isZero();
        assertThat(http.post("/_emulator/tokens/revoke", "{}").json().path("revoked").asInt()).isEqualTo(1);
        assertThat(http.get("/cgi-bin/user/get?userid=lisi&access_token=" + app).errcode()).isEqualTo(40014);
    }

    @Test
    void scriptedFaultsHitTheNextCallsOfAPathThenStop(WeComEmulator emulator) {
        RawHttp http = new RawHttp(emulator);
        String token = http.token(CORP_ID, DemoCorp.CONTACTS_SECRET);
        http.post("/_emulator/faults", "{\"failNext\":{\"count\":2,\"errcode\":45033,\"path\":\"/cgi-bin/user/get\"}}");
        String get = "/cgi-bin/user/get?userid=lisi&access_token=" + token;
        assertThat(http.get("/cgi-bin/department/list?access_token=" + token).errcode()).isZero();
        assertThat(http.get(get).errcode()).isEqualTo(45033);
        assertThat(http.get(get).errcode()).isEqualTo(45033);
        assertThat(http.get(get).errcode()).isZero();
    }

    @Test
    void aDelayedCallIsStillServedAfterTheClientGaveUp(WeComEmulator emulator) throws Exception {
        RawHttp http = new RawHttp(emulator);
        String token = http.token(CORP_ID, DemoCorp.APPROVALS_SECRET);
        http.post("/_emulator/faults", "{\"delayNext\":{\"count\":1,\"ms\":800,\"path\":\"/cgi-bin/message/send\"}}");
        String body = "{\"touser\":\"lisi\",\"msgtype\":\"text\",\"agentid\":" + DemoCorp.APPROVALS_AGENT_ID
                + ",\"text\":{\"content\":\"late but delivered\"}}";
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(emulator.baseUri() + "/cgi-bin/message/send?access_token=" + token))
                .timeout(java.time.Duration.ofMillis(200))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> java.net.http.HttpClient.newHttpClient()
                        .send(request, java.net.http.HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(java.net.http.HttpTimeoutException.class);
        // the emulator served it anyway, as WeCom would have: the timeout hid a delivery
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(5).toNanos();
        while (emulator.inboxes().of("lisi").isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(emulator.inboxes().of("lisi")).extracting(m -> m.summary()).containsExactly("late but delivered");
        // only the next call was delayed: the following one answers at once
        assertThat(http.post("/cgi-bin/message/send?access_token=" + token, body.replace("late but", "then")).errcode()).isZero();
    }

    @Test
    void aLostAnswerHidesACallThatWasServed(WeComEmulator emulator) throws Exception {
        RawHttp http = new RawHttp(emulator);
        String token = http.token(CORP_ID, DemoCorp.APPROVALS_SECRET);
        http.post("/_emulator/faults", "{\"loseAnswerNext\":{\"count\":1,\"path\":\"/cgi-bin/message/send\"}}");
        String body = "{\"touser\":\"wangwu\",\"msgtype\":\"text\",\"agentid\":" + DemoCorp.APPROVALS_AGENT_ID
                + ",\"text\":{\"content\":\"answer lost\"}}";
        java.net.http.HttpResponse<String> lost = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(emulator.baseUri() + "/cgi-bin/message/send?access_token="
                        + token)).POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(lost.statusCode()).isEqualTo(502);
        assertThat(emulator.inboxes().of("wangwu")).extracting(m -> m.summary()).containsExactly("answer lost");
        assertThat(http.post("/cgi-bin/message/send?access_token=" + token, body.replace("lost", "kept")).errcode()).isZero();
    }

    @Test
    void aLateAnswerCarriesTheStateAsServedNotAsAnswered(WeComEmulator emulator) throws Exception {
        RawHttp http = new RawHttp(emulator);
        String token = http.token(CORP_ID, DemoCorp.CONTACTS_SECRET);
        String get = "/cgi-bin/user/get?userid=lisi&access_token=" + token;
        String before = http.get(get).json().path("position").asString();
        http.post("/_emulator/faults", "{\"delayAnswerNext\":{\"count\":1,\"ms\":800,\"path\":\"/cgi-bin/user/get\"}}");
        long started = System.nanoTime();
        java.util.concurrent.CompletableFuture<RawHttp.Answer> late = java.util.concurrent.CompletableFuture.supplyAsync(() -> http.get(get));
        Thread.sleep(300); // served by now; only its answer waits
        assertThat(http.post("/cgi-bin/user/update?access_token=" + token,
                "{\"userid\":\"lisi\",\"position\":\"changed meanwhile\"}").errcode()).isZero();

        RawHttp.Answer stale = late.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(java.time.Duration.ofMillis(800));
        assertThat(stale.json().path("position").asString()).as("the state when served").isEqualTo(before);
        assertThat(http.get(get).json().path("position").asString()).as("the next call is on time").isEqualTo("changed meanwhile");
    }

    @Test
    void anErrorRateIsSeededAndCanBeCleared(WeComEmulator emulator) {
        RawHttp http = new RawHttp(emulator);
        String token = http.token(CORP_ID, DemoCorp.CONTACTS_SECRET);
        http.post("/_emulator/faults", "{\"errorRate\":0.5,\"seed\":3}");
        int busy = 0;
        for (int i = 0; i < 200; i++) {
            if (http.get("/cgi-bin/department/list?access_token=" + token).errcode() == -1) {
                busy++;
            }
        }
        assertThat(busy).isBetween(70, 130);
        assertThat(http.delete("/_emulator/faults").errcode()).isZero();
        assertThat(http.get("/cgi-bin/department/list?access_token=" + token).errcode()).isZero();
    }

    @Test
    void countersAndResetOverHttp(WeComEmulator emulator) {
        RawHttp http = new RawHttp(emulator);
        http.token(CORP_ID, DemoCorp.CONTACTS_SECRET);
        http.get("/cgi-bin/gettoken?corpid=" + CORP_ID + "&corpsecret=wrong");
        RawHttp.Answer counters = http.get("/_emulator/counters");
        assertThat(counters.json().path("counters").path("calls /cgi-bin/gettoken").asLong()).isEqualTo(2);
        assertThat(counters.json().path("counters").path("errors 40001").asLong()).isEqualTo(1);
        assertThat(counters.json().path("tokens_issued").asLong()).isEqualTo(1);

        http.post("/_emulator/reset", "");
        assertThat(http.get("/_emulator/counters").json().path("counters").size()).isZero();
    }

    @Test
    void badControlInputIsA400WithAMessage(WeComEmulator emulator) {
        RawHttp http = new RawHttp(emulator);
        RawHttp.Answer notJson = http.post("/_emulator/clock/advance", "seconds=5");
        assertThat(notJson.status()).isEqualTo(400);
        RawHttp.Answer missing = http.post("/_emulator/clock/advance", "{}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().path("errmsg").asString()).contains("seconds");
        assertThat(http.post("/_emulator/faults", "{\"errorRate\":2}").status()).isEqualTo(400);
        assertThat(http.post("/_emulator/clock/advance", "{\"seconds\":9223372036854775807}").status()).isEqualTo(400);
        assertThat(http.post("/_emulator/callbacks/text", "{\"agentid\":1000002,\"from\":\"lisi\",\"content\":\"x\",\"copies\":0}").status())
                .isEqualTo(400);
        assertThat(http.get("/_emulator/nope").status()).isEqualTo(404);
    }
}
