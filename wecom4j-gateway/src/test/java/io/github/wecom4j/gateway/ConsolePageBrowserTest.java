package io.github.wecom4j.gateway;

import io.github.wecom4j.emulator.corp.DemoCorp;
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

/** The console in a real headless Chromium: it renders the corp and the token states. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class ConsolePageBrowserTest {

    @LocalServerPort
    int port;

    @Test
    void consoleRendersCorpAppsAndTokenStates() {
        try (HeadlessChromium chromium = HeadlessChromium.launch()) {
            WebDriver driver = chromium.driver();
            driver.get("http://localhost:" + port + "/");
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(15));
            wait.until(ExpectedConditions.textToBe(By.id("corp-id"), DemoCorp.CORP_ID));
            assertThat(driver.findElement(By.id("mode")).getText()).contains("EMULATED");
            assertThat(driver.findElement(By.id("apps")).getText()).contains(String.valueOf(DemoCorp.APPROVALS_AGENT_ID));

            driver.findElement(By.id("check")).click();
            wait.until(ExpectedConditions.textToBe(By.id("check-result"), "all credentials work"));
            assertThat(driver.findElement(By.id("tokens")).getText()).contains("yes");
        }
    }
}
