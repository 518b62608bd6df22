package io.github.wecom4j.gateway.jssdk;

import io.github.wecom4j.emulator.WeComEmulator;
import io.github.wecom4j.emulator.jssdk.BridgePage;
import io.github.wecom4j.gateway.browser.HeadlessChromium;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JS-SDK demo page in a real headless Chromium with Tencent's official {@code @wecom/jssdk},
 * unmodified (fetched from the npm registry by the build), on the first-run gateway: the emulator's
 * {@code bridge.js} plays the WeCom client, which the browser claims to be through its user agent
 * (a Chrome option), and checks every signature against the tickets it issued and the page's real
 * {@code location.href}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class JsSdkPageBrowserTest {

    /** A current WeCom client: with an agent signature the SDK runs agentConfig only. */
    static final String WECOM_4 = "Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko)"
            + " Chrome/120.0.0.0 Mobile Safari/537.36 wxwork/4.1.36 MicroMessenger/7.0.1 NetType/WIFI Language/zh";
    /** A client before 3.0.24: config must succeed before agentConfig. */
    static final String WECOM_3_0_0 = "Mozilla/5.0 (Linux; Android 10) AppleWebKit/537.36 (KHTML, like Gecko)"
            + " Chrome/78.0 Mobile Safari/537.36 wxwork/3.0.0 MicroMessenger/7.0.1 Language/zh";

    @LocalServerPort
    int port;

    @Autowired
    WeComEmulator emulator;

    @BeforeAll
    static void officialSdkInThisBuild() {
        OfficialSdkInBuild.require();
    }

    @Test
    void onCurrentWeComTheAppRegistersWithTheGatewaysSignaturesAndACallOutsideItsListIsDenied() {
        try (Browser browser = Browser.open(WECOM_4, url("/jssdk.html?from=menu#/inbox"))) {
            WebDriver driver = browser.driver();
            WebDriverWait wait = browser.waiting();
            wait.until(ExpectedConditions.textToBe(By.id("agent-status"), "agentConfig:ok"));
            assertThat(text(driver, "config-status")).startsWith("not needed: WeCom ≥ 3.0.24");
            assertThat(text(driver, "env")).isEqualTo("WeCom 4.1.36");
            assertThat(text(driver, "mode")).contains("EMULATED");
            assertThat(text(driver, "sdk")).startsWith("2.");
            assertThat(text(driver, "signed-url")).isEqualTo(url("/jssdk.html?from=menu"));
            assertThat(text(driver, "agent-cause")).isEqualTo("—");

            click(wait, "get-context");
            wait.until(ExpectedConditions.textToBe(By.id("api-result"), "getContext:ok (normal)"));

            click(wait, "hide-menu");
            wait.until(ExpectedConditions.textToBe(By.id("api-result"), "hideOptionMenu:permission denied"));
            wait.until(ExpectedConditions.textToBe(By.id("api-cause"), "API_NOT_PERMITTED"));
            assertThat(text(driver, "api-diagnosis")).contains("hideOptionMenu is not in the jsApiList");

            assertThat(thisPage().calls()).extracting(BridgePage.Call::errMsg)
                    .containsExactly("agentConfig:ok", "getContext:ok", "hideOptionMenu:permission denied");
        }
    }

    @Test
    void afterPushStateTheSdkSignsAgainAndSucceedsAndEventsReachThePage() throws Exception {
        try (Browser browser = Browser.open(WECOM_4, url("/jssdk.html?from=menu"))) {
            WebDriver driver = browser.driver();
            WebDriverWait wait = browser.waiting();
            wait.until(ExpectedConditions.textToBe(By.id("agent-status"), "agentConfig:ok"));
            assertThat(text(driver, "signatures")).isEqualTo("1");

            click(wait, "push-state");
            wait.until(ExpectedConditions.textToBe(By.id("page-url"), url("/jssdk.html?from=menu&step=2")));
            click(wait, "get-context");
            wait.until(ExpectedConditions.textToBe(By.id("api-result"), "getContext:ok (normal)"));
            assertThat(text(driver, "signatures")).isEqualTo("2");
            assertThat(text(driver, "signed-url")).isEqualTo(url("/jssdk.html?from=menu&step=2"));
            // the call went through because the SDK configured the new URL first
            BridgePage page = thisPage();
            assertThat(page.handshakes()).extracting(BridgePage.Handshake::url)
                    .containsExactly(url("/jssdk.html?from=menu"), url("/jssdk.html?from=menu&step=2"));
            assertThat(page.calls()).extracting(BridgePage.Call::errMsg)
                    .containsExactly("agentConfig:ok", "agentConfig:ok", "getContext:ok");

            HttpResponse<String> fired = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(emulator.baseUri() + "/_emulator/jssdk/events"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"onNetworkStatusChange\",\"page\":\""
                            + page.id() + "\",\"data\":{\"isConnected\":true,\"networkType\":\"4g\"}}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(fired.body()).contains("\"pages\":1");
            wait.until(ExpectedConditions.textToBe(By.id("network-event"), "{\"isConnected\":true,\"networkType\":\"4g\"}"));
        }
    }

    @Test
    void withTheCorpIdentityOnlyTheSdkRunsConfig() {
        try (Browser browser = Browser.open(WECOM_4, url("/jssdk.html?identity=corp"))) {
            WebDriver driver = browser.driver();
            WebDriverWait wait = browser.waiting();
            wait.until(ExpectedConditions.textToBe(By.id("config-status"), "preVerifyJSAPI:ok"));
            assertThat(text(driver, "agent-status")).startsWith("not registered");
            click(wait, "get-context");
            wait.until(ExpectedConditions.textToBe(By.id("api-result"), "getContext:ok (normal)"));
            assertThat(thisPage().handshakes()).extracting(BridgePage.Handshake::api).containsExactly("preVerifyJSAPI");
        }
    }

    @Test
    void onWeCom300TheSdkRunsConfigThenAgentConfig() {
        try (Browser browser = Browser.open(WECOM_3_0_0, url("/jssdk.html?from=menu"))) {
            WebDriver driver = browser.driver();
            WebDriverWait wait = browser.waiting();
            wait.until(ExpectedConditions.textToBe(By.id("config-status"), "preVerifyJSAPI:ok"));
            wait.until(ExpectedConditions.textToBe(By.id("agent-status"), "agentConfig:ok"));
            assertThat(text(driver, "env")).isEqualTo("WeCom 3.0.0");
            click(wait, "get-context");
            wait.until(ExpectedConditions.textToBe(By.id("api-result"), "getContext:ok (normal)"));
            click(wait, "hide-menu");
            wait.until(ExpectedConditions.textToBe(By.id("api-result"), "hideOptionMenu:permission denied"));
            BridgePage page = thisPage();
            assertThat(page.client().text()).isEqualTo("3.0.0");
            assertThat(page.calls()).extracting(BridgePage.Call::errMsg).containsExactly("preVerifyJSAPI:ok",
                    "agentConfig:ok", "getContext:ok", "hideOptionMenu:permission denied");
        }
    }

    @Test
    void signedForAnotherUrlOrWithTheOtherTicketFailsAsInWeComAndIsDiagnosed() {
        try (Browser browser = Browser.open(WECOM_4, url("/jssdk.html?mistake=url"))) {
            WebDriver driver = browser.driver();
            WebDriverWait wait = browser.waiting();
            wait.until(ExpectedConditions.textToBe(By.id("agent-status"), "error: agentConfig:invalid signature"));
            wait.until(ExpectedConditions.textToBe(By.id("agent-cause"), "URL_QUERY_DIFFERS"));
            assertThat(text(driver, "signed-url")).isEqualTo(url("/jssdk.html"));
            assertThat(text(driver, "agent-diagnosis")).contains("'?mistake=url' in the page");

            driver.get(url("/jssdk.html?mistake=ticket"));
            wait.until(ExpectedConditions.textToBe(By.id("agent-status"), "error: agentConfig:invalid signature"));
            wait.until(ExpectedConditions.textToBe(By.id("agent-cause"), "WRONG_TICKET_KIND"));

            // a call makes the SDK try agentConfig again; it fails the same way and the call never reaches the client
            click(wait, "get-context");
            wait.until(ExpectedConditions.textToBe(By.id("api-result"), "agentConfig:invalid signature"));
            wait.until(ExpectedConditions.textToBe(By.id("signatures"), "2"));
            assertThat(thisPage().calls()).extracting(BridgePage.Call::name).containsExactly("agentConfig", "agentConfig");
        }
    }

    @Test
    void onWeCom300AConfigSignedForAnotherUrlFailsAsPreVerifyJsApi() {
        try (Browser browser = Browser.open(WECOM_3_0_0, url("/jssdk.html?mistake=url&from=menu"))) {
            WebDriver driver = browser.driver();
            WebDriverWait wait = browser.waiting();
            wait.until(ExpectedConditions.textToBe(By.id("config-status"), "error: preVerifyJSAPI:invalid signature"));
            wait.until(ExpectedConditions.textToBe(By.id("config-cause"), "URL_QUERY_DIFFERS"));
            // the SDK fails agentConfig with the config's error: it never reached the client
            wait.until(ExpectedConditions.textToBe(By.id("agent-status"), "error: preVerifyJSAPI:invalid signature"));
            assertThat(thisPage().calls()).extracting(BridgePage.Call::name).containsExactly("preVerifyJSAPI");
        }
    }

    @Test
    void outsideWeComTheDemoPageSaysSoInsteadOfWaiting() {
        long plainPages = emulator.counters().get("jssdk bridge not wecom");
        try (Browser browser = Browser.open(null, url("/jssdk.html"))) {
            WebDriver driver = browser.driver();
            WebDriverWait wait = browser.waiting();
            wait.until(ExpectedConditions.textToBe(By.id("config-status"), "not run: outside WeCom"));
            assertThat(text(driver, "agent-status")).isEqualTo("not run: outside WeCom");
            assertThat(text(driver, "env")).startsWith("outside WeCom").contains("wxwork/");
            assertThat(driver.findElement(By.id("get-context")).isEnabled()).isFalse();
            assertThat(text(driver, "signatures")).isEqualTo("0");
        }
        assertThat(emulator.counters().get("jssdk bridge not wecom")).isEqualTo(plainPages + 1);
    }

    @Test
    void theOldJweixinStandInStillServesPagesThatUseWxConfig() {
        try (Browser browser = Browser.open(null, url("/test-jweixin.html?emulator=" + emulator.baseUri()))) {
            WebDriver driver = browser.driver();
            WebDriverWait wait = browser.waiting();
            wait.until(ExpectedConditions.textToBe(By.id("config-status"), "config:ok"));
            wait.until(ExpectedConditions.textToBe(By.id("agent-status"), "agentConfig:ok"));
            wait.until(ExpectedConditions.textToBe(By.id("network"), "getNetworkType:ok wifi"));
        }
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    /** The page the browser opened last in the emulated client (this test's: tests run one at a time). */
    private BridgePage thisPage() {
        List<BridgePage> pages = emulator.jsBridge().pages();
        assertThat(pages).isNotEmpty();
        return pages.get(pages.size() - 1);
    }

    /** A headless Chromium with this user agent (null: Chromium's own) on one URL, for one test. */
    private record Browser(HeadlessChromium chromium) implements AutoCloseable {
        static Browser open(String userAgent, String url) {
            Browser browser = new Browser(HeadlessChromium.launch(userAgent));
            try {
                browser.driver().get(url);
                return browser;
            } catch (RuntimeException e) {
                browser.close();
                throw e;
            }
        }

        WebDriver driver() {
            return chromium.driver();
        }

        WebDriverWait waiting() {
            return new WebDriverWait(driver(), Duration.ofSeconds(20));
        }

        @Override
        public void close() {
            chromium.close();
        }
    }

    private static void click(WebDriverWait wait, String id) {
        wait.until(ExpectedConditions.elementToBeClickable(By.id(id))).click();
    }

    private static String text(WebDriver driver, String id) {
        return driver.findElement(By.id(id)).getText();
    }
}
