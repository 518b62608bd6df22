package io.github.wecom4j.gateway.callback.push;

import io.github.wecom4j.emulator.corp.DemoCorp;
import io.github.wecom4j.gateway.browser.HeadlessChromium;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.UUID;

import static io.github.wecom4j.gateway.callback.push.PushFixture.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's callbacks page in a real headless Chromium: callbacks received per type, a
 * healthy subscription beside one whose consumer fails (its last error, its dead letter with the
 * reason), and the re-drive button delivering the dead letter once the consumer is fixed.
 */
class CallbacksPageBrowserTest extends PushGatewayTest {

    @Test
    void showsTypesAndSubscriptionHealthAndRedrivesDeadLetters() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        try (TestConsumer healthy = new TestConsumer(PushFixture.SECRET);
             TestConsumer failing = new TestConsumer(PushFixture.SECRET);
             HeadlessChromium chromium = HeadlessChromium.launch()) {
            failing.status(500);
            fixture.subscribe("healthy-" + run, healthy.url(), "[\"text\"]");
            String failingId = fixture.subscribe("failing-" + run, failing.url(), "[\"enter_agent\"]");
            assertThat(emulator.callbacks().pushText(DemoCorp.APPROVALS_AGENT_ID, "lisi", "hello " + run, 1).delivered()).isTrue();
            assertThat(emulator.callbacks().pushEvent(DemoCorp.APPROVALS_AGENT_ID, "wangwu", "enter_agent", PushFixture.uniqueKey()).delivered()).isTrue();
            awaitTrue(() -> healthy.received().size() == 1 && failing.requests() >= 1, "first attempts");
            // past the maximum age: the next attempt gives up
            emulator.clock().advance(Duration.ofHours(25));
            awaitTrue(() -> fixture.health(failingId).path("dead_letter").asLong() == 1, "a dead letter");

            WebDriver driver = chromium.driver();
            driver.get(fixture.base() + "/callbacks.html");
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("type-text")));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("type-enter_agent")));
            assertThat(text(wait, By.id("type-enter_agent"))).contains("wangwu");

            By healthyRow = By.id("subscription-healthy-" + run);
            By failingRow = By.id("subscription-failing-" + run);
            wait.until(ExpectedConditions.presenceOfElementLocated(failingRow));
            assertThat(text(wait, healthyRow, "delivered")).isEqualTo("1");
            assertThat(text(wait, healthyRow, "dead")).isEqualTo("0");
            assertThat(text(wait, failingRow, "dead")).isEqualTo("1");
            // last error = of an unfinished row; this one's only row is a dead letter, whose reason is listed below
            assertThat(text(wait, failingRow, "last-error")).isEqualTo("—");
            assertThat(text(wait, By.id("dead-failing-" + run))).contains("enter_agent")
                    .contains("gave up").contains("HTTP 500");
            assertThat(driver.getPageSource()).doesNotContain(PushFixture.SECRET);

            failing.status(200);
            // the page re-renders every 2 s: a button found just before a refresh is gone, find it again
            wait.ignoring(StaleElementReferenceException.class).until(d -> {
                d.findElement(failingRow).findElement(By.className("redrive")).click();
                return true;
            });
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("redrive-result"), "re-driven: 1"));
            wait.until(d -> text(wait, failingRow, "delivered").equals("1"));
            assertThat(text(wait, failingRow, "dead")).isEqualTo("0");
            assertThat(failing.received()).hasSize(1);
        }
    }

    /**
     * An element's text read while the page re-renders every 2 s: an element found just before a
     * refresh is stale when read, so it is found and read again (a new render holds the same data).
     */
    private static String text(WebDriverWait wait, By locator) {
        return wait.ignoring(StaleElementReferenceException.class).until(d -> d.findElement(locator).getText());
    }

    private static String text(WebDriverWait wait, By row, String cellClass) {
        return wait.ignoring(StaleElementReferenceException.class)
                .until(d -> d.findElement(row).findElement(By.className(cellClass)).getText());
    }
}
