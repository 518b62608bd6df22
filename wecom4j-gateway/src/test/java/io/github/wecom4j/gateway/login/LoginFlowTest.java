package io.github.wecom4j.gateway.login;

import io.github.wecom4j.emulator.WeComEmulator;
import io.github.wecom4j.emulator.corp.DemoCorp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's login over real HTTP against its embedded emulator, one cookie jar per "browser":
 * the happy path and every refusal (reused code, forged or replayed state, open redirect,
 * non-member, cancelled QR login), each leaving nobody logged in.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class LoginFlowTest {

    private static final String WXWORK_UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "wxwork/4.1.22 MicroMessenger/7.0.1 Chrome/120";

    @LocalServerPort
    int port;

    @Autowired
    WeComEmulator emulator;
    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    @AfterEach
    void noFaults() {
        emulator.faults().clear();
    }

    /** A browser: its own cookies, no automatic redirects so each hop is checked. */
    final class Browser {
        final CookieManager cookies = new CookieManager();
        final HttpClient http = HttpClient.newBuilder().cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER).build();

        HttpResponse<String> get(String url, String... headers) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url.startsWith("/") ? base() + url : url)).GET();
            if (headers.length > 0) {
                b.headers(headers);
            }
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(String path) throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create(base() + path)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        /** Starts a login and returns WeCom's page URL (fragment dropped, as a browser does). */
        String startLogin(String loginPath, String... headers) throws Exception {
            HttpResponse<String> r = get(loginPath, headers);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
            String page = r.headers().firstValue("Location").orElseThrow();
            int hash = page.indexOf('#');
            return hash < 0 ? page : page.substring(0, hash);
        }

        /** On WeCom's page, picks ({@code pick=lisi}, {@code visitor=1}, {@code deny=1}); returns the callback URL. */
        String pickOnWeCom(String page, String choice) throws Exception {
            HttpResponse<String> r = get(page + "&" + choice);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
            return r.headers().firstValue("Location").orElseThrow();
        }

        HttpResponse<String> me() throws Exception {
            return get("/api/me");
        }
    }

    String base() {
        return "http://localhost:" + port;
    }

    @Test
    void qrLoginNamesTheMemberAndLogoutEndsIt() throws Exception {
        Browser b = new Browser();
        assertThat(b.me().statusCode()).isEqualTo(401);
        String page = b.startLogin("/login?next=/index.html");
        assertThat(page).contains("/wwlogin/sso/login?login_type=CorpApp");
        String callback = b.pickOnWeCom(page, "pick=lisi");
        assertThat(callback).startsWith(base() + "/login/callback?code=");

        HttpResponse<String> done = b.get(callback);
        assertThat(done.statusCode()).isEqualTo(302);
        assertThat(done.headers().firstValue("Location")).contains("/index.html");
        HttpResponse<String> me = b.me();
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(me.body()).contains("\"userId\":\"lisi\"", "\"name\":\"李四\"", "\"via\":\"qr\"",
                "\"agentId\":" + DemoCorp.APPROVALS_AGENT_ID).doesNotContain(query(callback).get("code"));

        assertThat(b.post("/logout").statusCode()).isEqualTo(303);
        assertThat(b.me().statusCode()).isEqualTo(401);
    }

    @Test
    void loggingInGivesTheBrowserANewSessionId() throws Exception {
        // Session fixation: an id planted before login (a link, a shared computer) must not become
        // a logged-in session.
        Browser b = new Browser();
        String page = b.startLogin("/login");
        String before = sessionId(b);
        // nobody logged in: the session lasts as long as a login may be pending (10 min), not 8 h
        assertThat(maxInactiveSeconds(before)).isEqualTo(600);
        b.get(b.pickOnWeCom(page, "pick=wangwu"));
        assertThat(b.me().statusCode()).isEqualTo(200);
        assertThat(sessionId(b)).isNotBlank().isNotEqualTo(before);
        assertThat(maxInactiveSeconds(sessionId(b))).as("a logged-in session: 8 h").isEqualTo(8 * 3600);
        assertThat(jdbc.queryForObject("select count(*) from spring_session where session_id = ?", Integer.class,
                storedId(before)))
                .as("the session before the login is gone").isZero();
    }

    private int maxInactiveSeconds(String cookie) {
        return jdbc.queryForObject("select max_inactive_interval from spring_session where session_id = ?", Integer.class,
                storedId(cookie));
    }

    /** Spring Session's cookie carries the session id in Base64. */
    private static String storedId(String cookie) {
        return new String(java.util.Base64.getDecoder().decode(cookie), StandardCharsets.UTF_8);
    }

    /**
     * The new id must hold against a request that loaded the planted session before the login and
     * saves it after: with only the id rewritten, that save put the planted id back on the row that
     * now held the victim's login, and the attacker's cookie was logged in as the victim.
     */
    @Test
    void aRequestStillRunningOnThePlantedSessionCannotTakeOverTheLogin() throws Exception {
        Browser attacker = new Browser();
        attacker.startLogin("/login");
        String planted = sessionId(attacker);
        String attackersState = query(attacker.startLogin("/login")).get("state");
        Browser victim = new Browser();
        java.net.HttpCookie cookie = new java.net.HttpCookie("SESSION", planted);
        cookie.setPath("/");
        cookie.setVersion(0);
        victim.cookies.getCookieStore().add(URI.create(base()), cookie);
        String victimsCallback = victim.pickOnWeCom(victim.startLogin("/login"), "pick=wangwu");

        // the attacker's own callback loads the planted session, then waits for WeCom
        long exchanges = emulator.counters().calls("/cgi-bin/auth/getuserinfo");
        emulator.faults().delayNext(1, 1_500, "/cgi-bin/auth/getuserinfo");
        java.util.concurrent.CompletableFuture<HttpResponse<String>> slow = java.util.concurrent.CompletableFuture
                .supplyAsync(() -> {
                    try {
                        return attacker.get("/login/callback?code=bogus&state=" + attackersState);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (emulator.counters().calls("/cgi-bin/auth/getuserinfo") == exchanges) {
            assertThat(System.nanoTime()).as("the attacker's exchange never reached WeCom").isLessThan(deadline);
            Thread.sleep(5);
        }
        assertThat(victim.get(victimsCallback).statusCode()).isEqualTo(302); // the victim logs in meanwhile
        assertThat(slow.get(30, java.util.concurrent.TimeUnit.SECONDS).statusCode()).isEqualTo(400);

        assertThat(victim.me().statusCode()).isEqualTo(200);
        HttpResponse<String> stolen = attacker.me();
        assertThat(stolen.statusCode()).as("the planted id logged in: " + stolen.body()).isEqualTo(401);
    }

    private static String sessionId(Browser b) {
        return b.cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("SESSION"))
                .map(java.net.HttpCookie::getValue).findFirst().orElse("");
    }

    @Test
    void theWeComClientGetsOAuth2WithACallbackOnLocalhost() throws Exception {
        Browser b = new Browser();
        HttpResponse<String> r = b.get("/login", "User-Agent", WXWORK_UA);
        String page = r.headers().firstValue("Location").orElseThrow();
        assertThat(page).contains("/connect/oauth2/authorize?appid=" + DemoCorp.CORP_ID)
                .contains("redirect_uri=" + URLEncoder.encode(base() + "/login/callback", StandardCharsets.UTF_8))
                .contains("&scope=snsapi_base&").contains("&agentid=" + DemoCorp.APPROVALS_AGENT_ID)
                .endsWith("#wechat_redirect");
        String callback = b.pickOnWeCom(page.substring(0, page.indexOf('#')), "pick=wangwu");
        assertThat(b.get(callback).headers().firstValue("Location")).contains("/login.html");
        assertThat(b.me().body()).contains("\"userId\":\"wangwu\"", "\"via\":\"oauth2\"");
    }

    @Test
    void aReusedCodeIsRefusedAndLogsNobodyIn() throws Exception {
        Browser first = new Browser();
        String used = first.pickOnWeCom(first.startLogin("/login"), "pick=lisi");
        assertThat(first.get(used).statusCode()).isEqualTo(302);

        Browser second = new Browser();
        String state = query(second.startLogin("/login")).get("state");
        HttpResponse<String> r = second.get("/login/callback?code=" + enc(query(used).get("code")) + "&state=" + state);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("\"errcode\":40029", "did not accept the login code", "\"hint\"")
                .doesNotContain(query(used).get("code"));
        assertThat(second.me().statusCode()).isEqualTo(401);
    }

    @Test
    void aForgedStateIsRefusedWithoutSpendingTheCode() throws Exception {
        Browser b = new Browser();
        String callback = b.pickOnWeCom(b.startLogin("/login"), "pick=lisi");
        String forged = callback.replaceAll("state=[0-9a-f]+", "state=0123456789abcdef0123456789abcdef");
        HttpResponse<String> r = b.get(forged);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("\"errcode\":40035", "state does not belong to a login started in this browser");
        assertThat(b.me().statusCode()).isEqualTo(401);
        // the genuine callback still works: nothing was consumed by the forgery
        assertThat(b.get(callback).statusCode()).isEqualTo(302);
        assertThat(b.me().body()).contains("\"userId\":\"lisi\"");
    }

    @Test
    void aCallbackStartedInAnotherBrowserIsRefused() throws Exception {
        Browser attacker = new Browser();
        String planted = attacker.pickOnWeCom(attacker.startLogin("/login"), "pick=wangwu");
        Browser victim = new Browser();
        victim.startLogin("/login");
        HttpResponse<String> r = victim.get(planted);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("state does not belong");
        assertThat(victim.me().statusCode()).isEqualTo(401);
        assertThat(new Browser().get(planted).statusCode()).isEqualTo(400);
    }

    @Test
    void aReplayedStateIsRefusedAndCannotSwitchTheUser() throws Exception {
        Browser b = new Browser();
        String page = b.startLogin("/login");
        assertThat(b.get(b.pickOnWeCom(page, "pick=lisi")).statusCode()).isEqualTo(302);
        String sameStateNewCode = b.pickOnWeCom(page, "pick=wangwu");
        HttpResponse<String> r = b.get(sameStateNewCode);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("\"errcode\":40035", "replayed");
        assertThat(b.me().body()).contains("\"userId\":\"lisi\"").doesNotContain("wangwu");
    }

    @Test
    void aPostLoginRedirectToAnotherOriginIsRefused() throws Exception {
        Browser b = new Browser();
        // the last one arrives decoded as "///evil.example"
        for (String next : List.of(enc("https://evil.example/"), enc("//evil.example/x"), enc("/\\evil.example"),
                enc("javascript:alert(1)"), "/%2F%2Fevil.example")) {
            HttpResponse<String> r = b.get("/login?next=" + next);
            assertThat(r.statusCode()).as(next).isEqualTo(400);
            assertThat(r.headers().firstValue("Location")).as(next).isEmpty();
            assertThat(r.body()).contains("\"errcode\":40035", "only same-origin relative paths");
        }
        assertThat(b.me().statusCode()).isEqualTo(401);
        assertThat(b.get("/login?next=" + enc("/index.html?tab=2")).statusCode()).isEqualTo(302);
    }

    @Test
    void aNonMemberOrACancelledLoginLogsNobodyIn() throws Exception {
        Browser b = new Browser();
        HttpResponse<String> visitor = b.get(b.pickOnWeCom(b.startLogin("/login"), "visitor=1"));
        assertThat(visitor.statusCode()).isEqualTo(403);
        assertThat(visitor.body()).contains("not a member of the corp");
        HttpResponse<String> cancelled = b.get(b.pickOnWeCom(b.startLogin("/login"), "deny=1"));
        assertThat(cancelled.statusCode()).isEqualTo(400);
        assertThat(cancelled.body()).contains("login cancelled");
        assertThat(b.me().statusCode()).isEqualTo(401);
    }

    @Test
    void aWeComOutageIsA502AndAMissingDirectoryEntryOnlyCostsTheName() throws Exception {
        Browser b = new Browser();
        String callback = b.pickOnWeCom(b.startLogin("/login"), "pick=lisi");
        // An outage: -1 for longer than the SDK retries (until its deadline, 10 s).
        emulator.faults().failNext(1_000, -1, "/cgi-bin/auth/getuserinfo");
        HttpResponse<String> busy = b.get(callback);
        assertThat(busy.statusCode()).isEqualTo(502);
        assertThat(busy.body()).contains("\"errcode\":-1", "could not be reached or was busy");
        assertThat(b.me().statusCode()).isEqualTo(401);
        emulator.faults().clear();

        // the gateway's IP not on the app's allow-list: not the person's code, and not a 400 telling them to retry
        emulator.faults().failNext(1, 60020, "/cgi-bin/auth/getuserinfo");
        HttpResponse<String> misconfigured = b.get(b.pickOnWeCom(b.startLogin("/login"), "pick=lisi"));
        assertThat(misconfigured.statusCode()).isEqualTo(502);
        assertThat(misconfigured.body()).contains("\"errcode\":60020", "not the person").doesNotContain("from ip");
        emulator.faults().clear();

        emulator.faults().failNext(1, 60011, "/cgi-bin/user/get");
        assertThat(b.get(b.pickOnWeCom(b.startLogin("/login"), "pick=lisi")).statusCode()).isEqualTo(302);
        assertThat(b.me().body()).contains("\"userId\":\"lisi\"", "\"name\":\"lisi\"");
    }

    @Test
    void theSessionCookieIsHttpOnlyLaxAndSecureBehindHttps() throws Exception {
        HttpResponse<String> plain = new Browser().get("/login");
        String cookie = plain.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).contains("HttpOnly").containsIgnoringCase("SameSite=Lax").doesNotContain("Secure");

        HttpResponse<String> proxied = new Browser().get("/login", "X-Forwarded-Proto", "https");
        assertThat(proxied.headers().firstValue("Set-Cookie").orElseThrow()).contains("Secure", "HttpOnly");
        assertThat(proxied.headers().firstValue("Location").orElseThrow())
                .contains("redirect_uri=" + enc("https://localhost"));
    }

    private static Map<String, String> query(String url) {
        Map<String, String> out = new LinkedHashMap<>();
        String q = URI.create(url).getRawQuery();
        for (String pair : q.split("&")) {
            String[] kv = pair.split("=", 2);
            out.put(kv[0], kv.length < 2 ? "" : URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return out;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
