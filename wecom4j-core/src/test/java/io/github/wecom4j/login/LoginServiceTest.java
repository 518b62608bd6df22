package io.github.wecom4j.login;

import io.github.wecom4j.WeComClient;
import io.github.wecom4j.WeComConfig;
import io.github.wecom4j.emulator.WeComEmulator;
import io.github.wecom4j.emulator.corp.DemoCorp;
import io.github.wecom4j.emulator.junit.WeComEmulatorTest;
import io.github.wecom4j.emulator.login.LoginPages;
import io.github.wecom4j.error.WeComException;
import io.github.wecom4j.error.WeComValidationException;
import io.github.wecom4j.http.WeComHosts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The whole login round trip against the emulator: the SDK builds the link, a "browser" (plain
 * HTTP, picking the member with the page's own {@code pick} parameter) follows it to the redirect,
 * and the SDK exchanges the code.
 */
@WeComEmulatorTest
class LoginServiceTest {

    private static final URI CALLBACK = URI.create("http://localhost:8080/login/callback");
    private final HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private WeComClient client;

    @BeforeEach
    void connect(WeComEmulator wecom) {
        client = WeComClient.create(WeComConfig.builder(DemoCorp.CORP_ID)
                .hosts(WeComHosts.allAt(wecom.baseUri()))
                .app(DemoCorp.APPROVALS_AGENT_ID, DemoCorp.APPROVALS_SECRET, "approvals")
                .app(DemoCorp.NOTICES_AGENT_ID, DemoCorp.NOTICES_SECRET, "notices")
                .build());
    }

    private LoginService login() {
        return client.app(DemoCorp.APPROVALS_AGENT_ID).login();
    }

    @Test
    void inClientOAuthNamesTheMemberWhoPicked(WeComEmulator wecom) throws Exception {
        URI link = login().authorizeUrl(CALLBACK, OAuthScope.BASE, "st4te");
        String code = follow(link, "pick=wangwu", "st4te");
        LoginIdentity who = login().identity(code);
        assertThat(who).isEqualTo(new LoginIdentity.Member("wangwu", null));
        assertThat(((LoginIdentity.Member) who).ticket()).isEmpty();
        assertThat(wecom.counters().calls("/cgi-bin/auth/getuserinfo")).isEqualTo(1);
    }

    @Test
    void aCodeWhoseAnswerWasLostIsNotSentAgain(WeComEmulator wecom) throws Exception {
        String code = follow(login().authorizeUrl(CALLBACK, OAuthScope.BASE, "st4te"), "pick=wangwu", "st4te");
        // WeCom takes the code (it is now used) and the answer is lost on the way back
        wecom.faults().loseAnswerNext(1, "/cgi-bin/auth/getuserinfo");
        assertThatThrownBy(() -> login().identity(code)).isInstanceOfSatisfying(WeComException.class,
                e -> assertThat(e.errcode()).as("a network failure, not a refused code").isEqualTo(WeComException.TRANSPORT_FAILURE));
        assertThat(wecom.counters().calls("/cgi-bin/auth/getuserinfo")).as("sent once").isEqualTo(1);
    }

    @Test
    void qrLoginNewAndLegacyFormsBothWork() throws Exception {
        assertThat(login().identity(follow(login().qrLoginUrl(CALLBACK, "q1"), "pick=lisi", "q1")))
                .isEqualTo(new LoginIdentity.Member("lisi", null));
        assertThat(login().identity(follow(login().urls().legacyQrConnect(CALLBACK, "q2"), "pick=sunqi", "q2")))
                .isEqualTo(new LoginIdentity.Member("sunqi", null));
    }

    @Test
    void aNonMemberIsTypedApart() throws Exception {
        LoginIdentity who = login().identity(follow(login().qrLoginUrl(CALLBACK, "v"), "visitor=1", "v"));
        assertThat(who).isInstanceOf(LoginIdentity.NonMember.class);
        assertThat(((LoginIdentity.NonMember) who).openId()).isEqualTo(LoginPages.VISITOR_OPENID);
    }

    @Test
    void privateInfoGivesATicketThatReadsTheDetail(WeComEmulator wecom) throws Exception {
        LoginIdentity.Member who = (LoginIdentity.Member) login().identity(
                follow(login().authorizeUrl(CALLBACK, OAuthScope.PRIVATE_INFO, "p"), "pick=zhaoliu", "p"));
        assertThat(who.ticket()).isPresent();
        assertThat(who.toString()).doesNotContain(who.userTicket()).contains("***");
        UserDetail detail = login().userDetail(who);
        assertThat(detail.userId()).isEqualTo("zhaoliu");
        assertThat(detail.gender()).isEqualTo("2");
        assertThat(detail.mobile()).isEqualTo("+86 13800000004");

        wecom.clock().advance(Duration.ofSeconds(1801));
        assertThatThrownBy(() -> login().userDetail(who.userTicket()))
                .isInstanceOfSatisfying(WeComException.class, e -> assertThat(e.errcode()).isEqualTo(84014));
        assertThatThrownBy(() -> login().userDetail("not-a-ticket"))
                .isInstanceOfSatisfying(WeComException.class, e -> assertThat(e.errcode()).isEqualTo(84015));
    }

    @Test
    void aReusedOrExpiredCodeIs40029AndNeverEchoed(WeComEmulator wecom) throws Exception {
        URI link = login().authorizeUrl(CALLBACK, OAuthScope.BASE, "r");
        String code = follow(link, "pick=lisi", "r");
        login().identity(code);
        assertThatThrownBy(() -> login().identity(code))
                .isInstanceOfSatisfying(WeComException.class, e -> {
                    assertThat(e.errcode()).isEqualTo(40029);
                    assertThat(e.getMessage()).doesNotContain(code);
                });
        String late = follow(link, "pick=lisi", "r");
        wecom.clock().advance(Duration.ofMinutes(5).plusSeconds(1));
        assertThatThrownBy(() -> login().identity(late))
                .isInstanceOfSatisfying(WeComException.class, e -> assertThat(e.errcode()).isEqualTo(40029));
    }

    @Test
    void aCodeOfAnotherAppIsRefused() throws Exception {
        String code = follow(login().authorizeUrl(CALLBACK, OAuthScope.BASE, "a"), "pick=lisi", "a");
        assertThatThrownBy(() -> client.app(DemoCorp.NOTICES_AGENT_ID).login().identity(code))
                .isInstanceOfSatisfying(WeComException.class, e -> assertThat(e.errcode()).isEqualTo(40029));
    }

    @Test
    void blankInputsAreRefusedBeforeAnyCall(WeComEmulator wecom) {
        for (String blank : new String[]{null, "", "  "}) {
            assertThatThrownBy(() -> login().identity(blank))
                    .isInstanceOfSatisfying(WeComValidationException.class, e -> assertThat(e.errcode()).isEqualTo(40029));
            assertThatThrownBy(() -> login().userDetail(blank))
                    .isInstanceOfSatisfying(WeComValidationException.class, e -> assertThat(e.errcode()).isEqualTo(84015));
        }
        assertThatThrownBy(() -> login().authorizeUrl(URI.create("/relative"), OAuthScope.BASE, "s"))
                .isInstanceOf(WeComValidationException.class);
        assertThat(wecom.counters().calls("/cgi-bin/gettoken")).isZero();
        assertThat(wecom.counters().calls("/cgi-bin/auth/getuserinfo")).isZero();
        assertThat(wecom.counters().calls("/cgi-bin/auth/getuserdetail")).isZero();
    }

    /** Opens the link as a browser would, picks on the emulator's page, returns the code. */
    private String follow(URI link, String pick, String expectedState) throws Exception {
        String s = link.toString();
        int hash = s.indexOf('#');
        String target = (hash < 0 ? s : s.substring(0, hash)) + "&" + pick; // the fragment never reaches a server
        HttpResponse<String> r = browser.send(HttpRequest.newBuilder(URI.create(target)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
        URI back = URI.create(r.headers().firstValue("Location").orElseThrow());
        assertThat(back.getPath()).isEqualTo(CALLBACK.getPath());
        String code = null;
        String state = null;
        for (String pair : back.getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            String v = URLDecoder.decode(kv[1], StandardCharsets.UTF_8);
            if (kv[0].equals("code")) {
                code = v;
            } else if (kv[0].equals("state")) {
                state = v;
            }
        }
        assertThat(state).isEqualTo(expectedState);
        return code;
    }
}
