package io.github.wecom4j.gateway.browser;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;

/**
 * A real headless Chromium (Debian's {@code chromium} + {@code chromium-driver}) for page tests.
 *
 * <p>Never downloads a browser. When Chromium is missing a test is skipped on a laptop, but fails
 * under {@code CI=true}, where .ci/run installs it: a browser test must not silently not run.
 */
public final class HeadlessChromium implements AutoCloseable {

    private static final File CHROMIUM = new File(System.getenv().getOrDefault("CHROMIUM_BIN", "/usr/bin/chromium"));
    private static final File DRIVER = new File(System.getenv().getOrDefault("CHROMEDRIVER_BIN", "/usr/bin/chromedriver"));

    private final WebDriver driver;
    private final Path profile;

    private HeadlessChromium(WebDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Starts a browser with a fresh profile (no cookies shared between tests). */
    public static HeadlessChromium launch() {
        return launch(null);
    }

    /** Starts a browser that announces itself with this User-Agent (e.g. one with "wxwork", like the WeCom client). */
    public static HeadlessChromium launch(String userAgent) {
        boolean present = CHROMIUM.canExecute() && DRIVER.canExecute();
        if (!present) {
            String why = "Chromium not found at " + CHROMIUM + " / " + DRIVER
                    + " (apt-get install chromium chromium-driver)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(why + ": browser tests must run under CI=true");
            }
            Assumptions.abort(why);
        }
        try {
            Path profile = Files.createTempDirectory("wecom4j-chromium");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM);
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--window-size=1280,900", "--user-data-dir=" + profile);
            if (userAgent != null) {
                options.addArguments("--user-agent=" + userAgent);
            }
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER)
                    .usingAnyFreePort().build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
            return new HeadlessChromium(driver, profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public WebDriver driver() {
        return driver;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            } catch (IOException ignored) {
                // a leftover temp profile is harmless
            }
        }
    }
}
