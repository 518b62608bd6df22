package io.github.wecom4j.gateway.login;

import io.github.wecom4j.gateway.browser.HeadlessChromium;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both login flows end to end in a real headless Chromium: the demo page, the gateway, the
 * emulator's WeCom page (a person picks who they are), back to the gateway, {@code /api/me},
 * logout. The browser is sent to localhost so the callback is on the demo apps' trusted domain.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class LoginBrowserTest {

    /** What the WeCom desktop client sends (its marker is "wxwork"). */
    private static final String WECOM_CLIENT_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Chrome/120.0.0.0 Safari/537.36 wxwork/4.1.22 MicroMessenger/7.0.1 Language/en ColorScheme/Light";

    @LocalServerPort
    int port;

    @Test
    void qrLoginInAnOrdinaryBrowser() {
        try (HeadlessChromium chromium = HeadlessChromium.launch()) {
            WebDriver driver = chromium.driver();
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
            driver.get("http://localhost:" + port + "/");
            driver.findElement(By.linkText("login demo")).click();
            wait.until(ExpectedConditions.textToBe(By.id("me"), "Not logged in."));

            driver.findElement(By.id("login-auto")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("pick-zhaoliu")));
            assertThat(driver.getCurrentUrl()).contains("/wwlogin/sso/login?login_type=CorpApp");
            driver.findElement(By.id("pick-zhaoliu")).click();

            wait.until(ExpectedConditions.textMatches(By.id("me"), java.util.regex.Pattern.compile("Logged in as .*")));
            assertThat(driver.getCurrentUrl()).isEqualTo("http://localhost:" + port + "/login.html");
            assertThat(driver.findElement(By.id("me")).getText())
                    .isEqualTo("Logged in as 赵六 (zhaoliu) via QR code, app 1000002");

            driver.findElement(By.id("logout")).click();
            wait.until(ExpectedConditions.textToBe(By.id("me"), "Not logged in."));
            driver.get("http://localhost:" + port + "/api/me");
            assertThat(driver.getPageSource()).contains("\"loggedIn\":false");
        }
    }

    @Test
    void oauth2InsideTheWeComClient() {
        try (HeadlessChromium chromium = HeadlessChromium.launch(WECOM_CLIENT_UA)) {
            WebDriver driver = chromium.driver();
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
            driver.get("http://localhost:" + port + "/login.html");
            wait.until(ExpectedConditions.textToBe(By.id("me"), "Not logged in."));

            driver.findElement(By.id("login-auto")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("pick-sunqi")));
            assertThat(driver.getCurrentUrl()).contains("/connect/oauth2/authorize?appid=")
                    .contains("scope=snsapi_base");
            driver.findElement(By.id("pick-sunqi")).click();

            wait.until(ExpectedConditions.textMatches(By.id("me"), java.util.regex.Pattern.compile("Logged in as .*")));
            assertThat(driver.findElement(By.id("me")).getText())
                    .isEqualTo("Logged in as 孙七 (sunqi) via OAuth2 in the WeCom client, app 1000002");

            driver.findElement(By.id("logout")).click();
            wait.until(ExpectedConditions.textToBe(By.id("me"), "Not logged in."));
        }
    }

    @Test
    void aRedirectOutsideTheTrustedDomainStopsAtWeComsErrorPage() {
        try (HeadlessChromium chromium = HeadlessChromium.launch()) {
            WebDriver driver = chromium.driver();
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
            // 127.0.0.1 is not the demo apps' trusted domain (localhost): WeCom refuses to issue a code.
            driver.get("http://127.0.0.1:" + port + "/login?next=/login.html");
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("error")));
            assertThat(driver.findElement(By.id("error")).getText()).contains("可信域名");
            assertThat(driver.getCurrentUrl()).doesNotContain("code=");
        }
    }
}
