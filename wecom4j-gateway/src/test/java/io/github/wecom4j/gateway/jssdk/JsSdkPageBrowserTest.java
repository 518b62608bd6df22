package io.github.wecom4j.gateway.jssdk;

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
 * The JS-SDK demo page in a real headless Chromium, against the emulator's JS-SDK stand-in: the
 * browser loads the stand-in script from the emulator, which checks each signature against the
 * ticket it issued and the page's real {@code location.href}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class JsSdkPageBrowserTest {

    @LocalServerPort
    int port;

    @Test
    void bothConfigsReachReadyAndAJsApiWorks() {
        try (HeadlessChromium chromium = HeadlessChromium.launch()) {
            WebDriver driver = chromium.driver();
            driver.get("http://localhost:" + port + "/jssdk.html?from=menu#/inbox");
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
            wait.until(ExpectedConditions.textToBe(By.id("config-status"), "ready"));
            wait.until(ExpectedConditions.textToBe(By.id("agent-status"), "ready"));
            assertThat(driver.findElement(By.id("mode")).getText()).contains("EMULATED");
            assertThat(driver.findElement(By.id("signed-url")).getText()).endsWith("/jssdk.html?from=menu");
            assertThat(driver.findElement(By.id("config-cause")).getText()).isEqualTo("—");

            wait.until(ExpectedConditions.elementToBeClickable(By.id("network"))).click();
            wait.until(ExpectedConditions.textToBe(By.id("network-result"), "getNetworkType:ok (wifi)"));
        }
    }

    @Test
    void aUrlChangedAfterSigningGetsWeComsErrorAndOurDiagnosis() {
        try (HeadlessChromium chromium = HeadlessChromium.launch()) {
            WebDriver driver = chromium.driver();
            driver.get("http://localhost:" + port + "/jssdk.html?mistake=query");
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
            wait.until(ExpectedConditions.textToBe(By.id("config-status"), "error: config:invalid signature"));
            wait.until(ExpectedConditions.textToBe(By.id("config-cause"), "URL_QUERY_DIFFERS"));
            assertThat(driver.findElement(By.id("config-diagnosis")).getText())
                    .contains("'?mistake=query' signed").contains("'?mistake=query&step=2' in the page");
            wait.until(ExpectedConditions.textToBe(By.id("agent-status"), "error: agentConfig:invalid signature"));
            wait.until(ExpectedConditions.textToBe(By.id("agent-cause"), "URL_QUERY_DIFFERS"));
            assertThat(driver.getCurrentUrl()).endsWith("?mistake=query&step=2");

            // without a successful config the JS-APIs stay locked
            assertThat(driver.findElement(By.id("network")).isEnabled()).isFalse();
        }
    }

    @Test
    void configSignedWithTheAppTicketIsDiagnosedAsTheWrongTicket() {
        try (HeadlessChromium chromium = HeadlessChromium.launch()) {
            WebDriver driver = chromium.driver();
            driver.get("http://localhost:" + port + "/jssdk.html?mistake=ticket");
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
            wait.until(ExpectedConditions.textToBe(By.id("config-status"), "error: config:invalid signature"));
            wait.until(ExpectedConditions.textToBe(By.id("config-cause"), "WRONG_TICKET_KIND"));
            assertThat(driver.findElement(By.id("config-diagnosis")).getText()).contains("needs the jsapi_ticket");
            wait.until(ExpectedConditions.textToBe(By.id("agent-status"), "ready"));
        }
    }
}
