package io.github.wecom4j.gateway;

import io.github.wecom4j.WeComClient;
import io.github.wecom4j.emulator.WeComEmulator;
import io.github.wecom4j.emulator.corp.DemoCorp;
import io.github.wecom4j.gateway.browser.HeadlessChromium;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway configured like a real deployment (WECOM_CORP_ID and app secrets), with an emulator
 * standing in for WeCom at its configured hosts: the starter builds the client, no embedded
 * emulator starts, and the console is only for the listed admins, logged in through WeCom.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "gateway.console.admins=ZhangSan")
@ActiveProfiles("test")
class RealModeGatewayTest {

    static final WeComEmulator wecom = WeComEmulator.start();

    @DynamicPropertySource
    static void realWeCom(DynamicPropertyRegistry registry) {
        String base = wecom.baseUri().toString();
        registry.add("wecom.corp-id", () -> DemoCorp.CORP_ID);
        registry.add("wecom.apps[0].agent-id", () -> DemoCorp.APPROVALS_AGENT_ID);
        registry.add("wecom.apps[0].secret", () -> DemoCorp.APPROVALS_SECRET);
        registry.add("wecom.apps[0].name", () -> "approvals");
        registry.add("wecom.hosts.api", () -> base);
        registry.add("wecom.hosts.oauth", () -> base);
        registry.add("wecom.hosts.login", () -> base);
    }

    @AfterAll
    static void stop() {
        wecom.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    WeComClient client;

    private final HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).build();

    private HttpResponse<String> get(String url) throws Exception {
        return browser.send(HttpRequest.newBuilder(URI.create(url.startsWith("/") ? "http://localhost:" + port + url : url))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Logs this browser in as {@code userId} with the QR flow, picking the member on WeCom's page. */
    private void logInAs(String userId) throws Exception {
        // as the corp's admin would: the app trusts exactly this gateway's host and port (doc 91022)
        wecom.trustedDomain(DemoCorp.APPROVALS_AGENT_ID, "localhost:" + port);
        String page = get("/login?flow=qr").headers().firstValue("Location").orElseThrow();
        String callback = get(page + "&pick=" + userId).headers().firstValue("Location").orElseThrow();
        assertThat(get(callback).statusCode()).isEqualTo(302);
        assertThat(get("/api/me").body()).contains(userId);
    }

    @Test
    void talksToTheConfiguredWeComWithoutAnEmbeddedEmulator() throws Exception {
        assertThat(context.getBeansOfType(WeComEmulator.class)).isEmpty();
        assertThat(client.config().hosts().api()).isEqualTo(wecom.baseUri());
        assertThat(client.contacts().members().get("lisi").name()).isEqualTo("李四");
        assertThat(wecom.counters().calls("/cgi-bin/gettoken")).isPositive();
    }

    @Test
    void theConsoleApiIsOnlyForListedAdmins() throws Exception {
        HttpResponse<String> anonymous = get("/api/console/state");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).contains("gateway.console.admins");

        logInAs("lisi");
        assertThat(get("/api/console/state").statusCode()).isEqualTo(403);

        logInAs("zhangsan");
        HttpResponse<String> admin = get("/api/console/state");
        assertThat(admin.statusCode()).isEqualTo(200);
        assertThat(admin.body()).contains("\"emulated\":false").contains("real WeCom")
                .doesNotContain(DemoCorp.APPROVALS_SECRET);
    }

    /** Not signed in, in a real browser: a sign-in prompt that says who may use the console, no blanks or "undefined". */
    @Test
    void aVisitorWhoIsNotSignedInIsToldWhoMayUseTheConsole() {
        try (HeadlessChromium chromium = HeadlessChromium.launch()) {
            WebDriver driver = chromium.driver();
            driver.get("http://localhost:" + port + "/");
            new org.openqa.selenium.support.ui.WebDriverWait(driver, Duration.ofSeconds(15)).until(
                    ExpectedConditions.visibilityOfElementLocated(By.id("sign-in")));
            String prompt = driver.findElement(By.id("sign-in")).getText();
            assertThat(prompt).contains("not signed in").contains("GATEWAY_CONSOLE_ADMINS").contains("Sign in with WeCom");
            assertThat(driver.findElement(By.id("sign-in-link")).getAttribute("href")).endsWith("/login?next=/");
            assertThat(driver.findElement(By.id("console")).isDisplayed()).isFalse();
            assertThat(driver.findElement(By.tagName("body")).getText())
                    .doesNotContain("undefined").doesNotContain("loading…").contains("real WeCom");
        }
    }
}
