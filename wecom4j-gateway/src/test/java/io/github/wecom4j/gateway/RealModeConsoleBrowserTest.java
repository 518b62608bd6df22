package io.github.wecom4j.gateway;

import io.github.wecom4j.emulator.WeComEmulator;
import io.github.wecom4j.emulator.corp.DemoCorp;
import io.github.wecom4j.gateway.browser.HeadlessChromium;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real-mode console in a browser that is not signed in: a sign-in prompt that says who may use
 * it, not an empty console with blanks and "undefined".
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "gateway.console.admins=ZhangSan")
@ActiveProfiles("test")
class RealModeConsoleBrowserTest {

    static final WeComEmulator wecom = WeComEmulator.start();

    @DynamicPropertySource
    static void realWeCom(DynamicPropertyRegistry registry) {
        String base = wecom.baseUri().toString();
        registry.add("wecom.corp-id", () -> DemoCorp.CORP_ID);
        registry.add("wecom.apps[0].agent-id", () -> DemoCorp.APPROVALS_AGENT_ID);
        registry.add("wecom.apps[0].secret", () -> DemoCorp.APPROVALS_SECRET);
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

    @Test
    void aVisitorWhoIsNotSignedInIsToldWhoMayUseTheConsole() {
        try (HeadlessChromium chromium = HeadlessChromium.launch()) {
            WebDriver driver = chromium.driver();
            driver.get("http://localhost:" + port + "/");
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(15));
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-in")));
            String prompt = driver.findElement(By.id("sign-in")).getText();
            assertThat(prompt).contains("not signed in").contains("GATEWAY_CONSOLE_ADMINS").contains("Sign in with WeCom");
            assertThat(driver.findElement(By.id("sign-in-link")).getAttribute("href")).endsWith("/login?next=/");
            assertThat(driver.findElement(By.id("console")).isDisplayed()).isFalse();
            String page = driver.findElement(By.tagName("body")).getText();
            assertThat(page).doesNotContain("undefined").doesNotContain("loading…").contains("real WeCom");
        }
    }
}
