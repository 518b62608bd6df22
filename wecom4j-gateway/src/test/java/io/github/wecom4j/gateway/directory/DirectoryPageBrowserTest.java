package io.github.wecom4j.gateway.directory;

import io.github.wecom4j.gateway.browser.HeadlessChromium;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's directory page in a real headless Chromium: the tree, a department's members, a
 * member's detail from the mirror; a change whose callback was lost shows after "Reconcile now",
 * with the drift it found.
 */
class DirectoryPageBrowserTest extends MirrorTestBase {

    @Test
    void treeMembersDetailAndAReconcileThatHealsALostCallback() {
        reconcile();
        emulator.changeContactCallbacks().dropRate(1.0, 1);
        try (HeadlessChromium chromium = HeadlessChromium.launch()) {
            admin("update_user", "{\"userid\":\"lisi\",\"position\":\"Seen after the reconcile\"}");
            WebDriver driver = chromium.driver();
            driver.get("http://localhost:" + port + "/directory.html");
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("loaded"), "yes"));
            assertThat(driver.findElement(By.id("tree")).getText()).contains("Engineering").contains("Platform");

            driver.findElement(By.id("dept-4")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("member-lisi"))).click();
            wait.until(ExpectedConditions.textToBe(By.id("detail-userid"), "lisi"));
            assertThat(driver.findElement(By.id("detail-departments")).getText()).contains("4");
            assertThat(driver.findElement(By.id("detail-position")).getText()).isNotEqualTo("Seen after the reconcile");

            driver.findElement(By.id("reconcile")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("reconcile-result"), "done: drift 1"));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("drift"), "1 rows"));
            assertThat(driver.findElement(By.id("drift-detail")).getText()).contains("members").contains("~1");

            driver.findElement(By.id("member-lisi")).click();
            wait.until(ExpectedConditions.textToBe(By.id("detail-position"), "Seen after the reconcile"));
        } finally {
            emulator.changeContactCallbacks().dropRate(0, 1);
        }
    }
}
