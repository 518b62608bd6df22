package io.github.wecom4j.gateway.login;

import io.github.wecom4j.emulator.corp.DemoCorp;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code wecom.login.*} changes the login: another app (agentid), scope snsapi_privateinfo (the
 * member's email read with the user_ticket) and a fixed public URL for the callback.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "wecom.login.agent-id=1000003", "wecom.login.scope=PRIVATE_INFO",
        // as if a proxy published the gateway on port 1; the test plays that proxy
        "wecom.login.public-url=http://localhost:1/"})
@ActiveProfiles("test")
class LoginConfigurationTest {

    @LocalServerPort
    int port;

    private final HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).build();

    @Test
    void theConfiguredAppScopeAndPublicUrlAreUsedAndPrivateInfoReadsTheEmail() throws Exception {
        String page = location(get("http://localhost:" + port + "/login?flow=oauth2"));
        assertThat(page).contains("&scope=snsapi_privateinfo&").contains("&agentid=" + DemoCorp.NOTICES_AGENT_ID)
                .contains("redirect_uri=" + enc("http://localhost:1/login/callback") + "&");
        String callback = location(get(page.substring(0, page.indexOf('#')) + "&pick=zhaoliu"));
        assertThat(callback).startsWith("http://localhost:1/login/callback?");
        assertThat(get(callback.replace("http://localhost:1", "http://localhost:" + port)).statusCode()).isEqualTo(302);
        String me = get("http://localhost:" + port + "/api/me").body();
        assertThat(me).contains("\"userId\":\"zhaoliu\"", "\"agentId\":" + DemoCorp.NOTICES_AGENT_ID,
                "\"email\":\"zhaoliu@demo.example\"");
    }

    private HttpResponse<String> get(String url) throws Exception {
        return browser.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String location(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
        return r.headers().firstValue("Location").orElseThrow();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
