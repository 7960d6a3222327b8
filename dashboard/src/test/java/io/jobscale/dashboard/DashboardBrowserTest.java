package io.jobscale.dashboard;

import io.jobscale.web.WebAuthSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The dashboard in a real headless Chromium (Debian's chromium and chromium-driver), as a person would use it.
 * Screenshots go to target/screenshots. Skipped only outside CI when Chromium is not installed; .ci/run installs it.
 */
class DashboardBrowserTest {

    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    private static DashboardFixture fixture;
    private static WebDriver browser;
    private static WebDriverWait wait;

    @BeforeAll
    static void start() throws Exception {
        boolean installed = new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute();
        assumeTrue(installed || System.getenv("CI") != null, "chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)");
        fixture = new DashboardFixture("dashboard_browser", WebAuthSettings.NONE);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1400,1000",
                "--user-data-dir=" + Files.createTempDirectory("jobscale-chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER)).build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(15));
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) browser.quit();
        if (fixture != null) fixture.close();
    }

    @Test
    void aPersonChecksFailuresRequeuesTriggersAndWatchesTheAutoscaler() throws Exception {
        browser.get(fixture.url("/dashboard"));
        WebElement enqueuedCard = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#state-cards .card.ENQUEUED .n")));
        assertThat(enqueuedCard.getText()).isEqualTo("5");
        assertThat(browser.findElement(By.cssSelector("#state-cards .card.FAILED .n")).getText()).isEqualTo("1");
        assertThat(browser.findElement(By.cssSelector("#state-cards .card.SCHEDULED .n")).getText()).isEqualTo("1");
        screenshot("overview");

        click(By.cssSelector("#state-cards .card.FAILED"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#job-table tbody"), "Charge card"));
        screenshot("failed-jobs");
        click(By.cssSelector("#job-table tr.clickable"));
        WebElement stack = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("stack-trace")));
        assertThat(stack.getText()).contains("java.lang.IllegalStateException: card declined: insufficient funds");
        screenshot("failed-job-detail");

        click(By.id("job-requeue"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("toast"), "Job requeued"));
        browser.get(fixture.url("/dashboard#jobs"));
        click(By.cssSelector("#state-filter button[data-state=FAILED]"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#job-table tbody"), "No failed jobs"));

        browser.get(fixture.url("/dashboard#recurring"));
        click(By.cssSelector("#recurring-table button.trigger"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("toast"), "Recurring job triggered"));
        screenshot("recurring");
        browser.get(fixture.url("/dashboard#overview"));
        // 5 seeded + the requeued failure + the triggered recurring job
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#state-cards .card.ENQUEUED .n"), "7"));

        browser.get(fixture.url("/dashboard#autoscaler"));
        WebElement events = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#event-table tbody")));
        wait.until(ExpectedConditions.textToBePresentInElement(events, "0 → 1"));
        assertThat(events.getText()).contains("demo-workers").contains("enqueued-count");
        assertThat(browser.findElement(By.id("autoscaler-objects")).getText()).contains("terminationGracePeriodSeconds").contains("enqueued-count");
        screenshot("autoscaler");
    }

    /** Clicks what the selector finds now: the page re-renders every 3 s, so an element found earlier may be gone. */
    private static void click(By selector) {
        wait.ignoring(StaleElementReferenceException.class).until(driver -> {
            driver.findElement(selector).click();
            return true;
        });
    }

    private static void screenshot(String name) throws Exception {
        Path target = Path.of("target", "screenshots");
        Files.createDirectories(target);
        File file = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(file.toPath(), target.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
