package io.github.wecom4j.gateway.message;

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
 * The messages page in a real headless Chromium, in emulated mode with no API key configured: it
 * shows the generated demo key, queues a message with it, and shows the outbox row beside the
 * member's emulator inbox.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class MessagesPageBrowserTest {

    @LocalServerPort
    int port;

    @Test
    void queuesWithTheDemoKeyAndShowsOutboxBesideInboxes() {
        try (HeadlessChromium chromium = HeadlessChromium.launch()) {
            WebDriver driver = chromium.driver();
            driver.get("http://localhost:" + port + "/messages.html");
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
            wait.until(ExpectedConditions.textMatches(By.id("demo-key"), java.util.regex.Pattern.compile("demo-[0-9a-f]{24}")));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("inbox-zhangsan")));

            driver.findElement(By.id("body")).clear();
            driver.findElement(By.id("body")).sendKeys(
                    "{\"touser\":\"zhangsan\",\"msgtype\":\"text\",\"text\":{\"content\":\"hello from chromium\"}}");
            driver.findElement(By.id("send")).click();
            wait.until(ExpectedConditions.textMatches(By.id("send-result"), java.util.regex.Pattern.compile("queued .+")));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("inbox-zhangsan"), "hello from chromium"));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#outbox tr.state-sent")));
            assertThat(driver.findElement(By.id("inbox-zhangsan")).getText()).contains("[text] hello from chromium");

            driver.findElement(By.id("body")).clear();
            driver.findElement(By.id("body")).sendKeys("{\"touser\":\"zhangsan\",\"msgtype\":\"text\",\"text\":{\"content\":\"\"}}");
            driver.findElement(By.id("send")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("send-result"), "refused: 44004"));
        }
    }
}
