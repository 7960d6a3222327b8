package io.jobscale.dashboard;

import io.jobscale.autoscaler.runtime.ScalingEventLog;
import io.jobscale.db.store.AutoscalerSamples;
import io.jobscale.web.WebAuthSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.ElementNotInteractableException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in a real headless Chromium, as a person would use it. Screenshots go to target/screenshots.
 */
class DashboardBrowserTest {

    private static DashboardFixture fixture;
    private static Chromium chromium;
    private static WebDriver browser;
    private static WebDriverWait wait;

    @BeforeAll
    static void start() throws Exception {
        chromium = Chromium.start();
        fixture = new DashboardFixture("dashboard_browser", WebAuthSettings.NONE);
        browser = chromium.browser;
        wait = chromium.wait;
    }

    @AfterAll
    static void stop() throws Exception {
        if (chromium != null) chromium.close();
        if (fixture != null) fixture.close();
    }

    @Test
    void chartsSpanTheLastHourOnARealTimeAxis() throws Exception {
        browser.get(fixture.url("/dashboard#overview"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#throughput-chart canvas")));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#queue-chart canvas")));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#latency-chart canvas")));
        JavascriptExecutor js = (JavascriptExecutor) browser;
        // An hour plus the current minute, whatever happened in it; one bar slot per minute, empty ones included.
        assertThat(((Number) js.executeScript("return charts.throughput.range[1] - charts.throughput.range[0]")).longValue()).isEqualTo(3660);
        assertThat(((Number) js.executeScript("return charts.throughput.plot.data[0].length")).intValue()).isEqualTo(61);
        screenshot("overview-charts");

        browser.get(fixture.url("/dashboard#autoscaler"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#replica-chart canvas")));
        // The fixture scaled demo-workers 0 -> 1: a step function, 0 before the decision and 1 from it on.
        Object steps = wait.until(driver -> js.executeScript(
                "const k = Object.keys(charts).find((k) => k.startsWith('replicas:')); return k ? charts[k].plot.data[1] : null"));
        assertThat((java.util.List<?>) steps).extracting(v -> ((Number) v).intValue()).startsWith(0).endsWith(1);
        screenshot("autoscaler-replicas");
    }

    @Test
    void eachTriggerIsChartedAgainstItsTarget() throws Exception {
        ScalingEventLog log = new ScalingEventLog(fixture.dataSource);
        Instant now = Instant.now();
        log.sample(fixture.autoscaler.status(), now.minus(AutoscalerSamples.INTERVAL.multipliedBy(2)));
        log.sample(fixture.autoscaler.status(), now);
        browser.get(fixture.url("/dashboard#autoscaler"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#trigger-charts canvas")));
        assertThat(browser.findElement(By.id("trigger-charts")).getText()).contains("demo-workers · enqueued-count");
        JavascriptExecutor js = (JavascriptExecutor) browser;
        Object targets = wait.until(driver -> js.executeScript(
                "const k = Object.keys(charts).find((k) => k.startsWith('trigger:'));"
                        + " return k ? charts[k].plot.data[2] : null"));
        assertThat((java.util.List<?>) targets).hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(target -> assertThat(((Number) target).doubleValue()).isEqualTo(2));
        screenshot("autoscaler-triggers");
    }

    @Test
    void whatIfComparesAnEditedMaxReplicaCountWithTheLiveConfig() throws Exception {
        ScalingEventLog log = new ScalingEventLog(fixture.dataSource);
        Instant start = Instant.now().minus(java.time.Duration.ofMinutes(10));
        for (int i = 0; i < 8; i++) log.sample(fixture.autoscaler.status(), start.plus(AutoscalerSamples.INTERVAL.multipliedBy(i)));
        browser.get(fixture.url("/dashboard#autoscaler"));
        WebElement yaml = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("what-if-yaml")));
        wait.until(driver -> yaml.getAttribute("value").contains("maxReplicaCount: 3"));

        yaml.clear();
        yaml.sendKeys(DashboardFixture.AUTOSCALER_CONFIG.replace("maxReplicaCount: 3", "maxReplicaCount: lots"));
        click(By.id("what-if-compare"));
        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("what-if-error")));
        assertThat(error.getText()).contains("maxReplicaCount").contains("line 6");

        yaml.clear();
        yaml.sendKeys(DashboardFixture.AUTOSCALER_CONFIG.replace("maxReplicaCount: 3", "maxReplicaCount: 1"));
        click(By.id("what-if-compare"));
        WebElement table = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector(".what-if-object[data-name=demo-workers] .what-if-table")));
        assertThat(browser.findElement(By.id("what-if-error")).isDisplayed()).isFalse();
        assertThat(table.getText()).contains("Live config").contains("Edited config").contains("Pod-seconds")
                .contains("enqueued-count per replica");
        // 5 enqueued want 3 replicas: the live config climbs above 1, the edited one is held at 1.
        java.util.List<String> most = table.findElements(By.cssSelector("tbody tr:last-child td")).stream()
                .map(WebElement::getText).toList();
        assertThat(most.get(0)).isEqualTo("Most replicas");
        assertThat(Integer.parseInt(most.get(1))).isGreaterThan(1);
        assertThat(most.get(2)).isEqualTo("1");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".what-if-object .chart canvas")));
        ((JavascriptExecutor) browser).executeScript("document.getElementById('what-if').scrollIntoView()");
        screenshot("autoscaler-whatif");
    }

    @Test
    void everyStateIsShownAndTheJobsTabOpensWhereTheWorkIs() throws Exception {
        browser.get(fixture.url("/dashboard"));
        WebElement awaiting = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#state-cards .card.AWAITING .n")));
        assertThat(awaiting.getText()).isEqualTo("0");
        // A fresh page: nobody has picked a state yet, and the seeded queue holds the most jobs in progress.
        browser.get(fixture.url("/dashboard#jobs"));
        wait.until(ExpectedConditions.attributeContains(By.cssSelector("#state-filter button[data-state=ENQUEUED]"), "class", "active"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#job-table tbody"), "Send invoice"));
        // Each state's button carries its total (from the overview); nothing in the fixture ever awaits.
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#state-filter button[data-state=AWAITING]"), "awaiting 0"));
        assertThat(browser.findElements(By.cssSelector("#state-filter button"))).extracting(WebElement::getText)
                .allMatch(text -> text.matches("[a-z]+ [0-9,]+\\+?"), "a state and its count");
        click(By.cssSelector("#state-filter button[data-state=ALL]"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#job-table tbody"), "Nightly report"));
        screenshot("jobs-all-states");

        browser.get(fixture.url("/dashboard#autoscaler"));
        WebElement card = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".so-panel h2")));
        assertThat(card.getText()).containsIgnoringCase("local worker processes").containsIgnoringCase("not Deployment/demo");
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
        // the triggered job is the recurring job's last run; three upcoming runs are listed
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#recurring-table .last-run .badge")));
        assertThat(browser.findElements(By.cssSelector("#recurring-table .next-runs > div"))).hasSize(3);
        screenshot("recurring");
        browser.get(fixture.url("/dashboard#overview"));
        // 5 seeded + the requeued failure + the triggered recurring job
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#state-cards .card.ENQUEUED .n"), "7"));

        browser.get(fixture.url("/dashboard#autoscaler"));
        WebElement events = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#event-table tbody")));
        wait.until(ExpectedConditions.textToBePresentInElement(events, "0 → 1"));
        assertThat(events.getText()).contains("demo-workers").contains("enqueued-count");
        assertThat(browser.findElement(By.id("autoscaler-objects")).getText()).contains("terminationGracePeriodSeconds").contains("enqueued-count");
        // The fixture's scale-up policy (1 pod a minute) holds demo-workers below the 3 its queue wants.
        assertThat(browser.findElement(By.cssSelector(".so-panel[data-name=demo-workers] .why-not")).getText())
                .contains("Why not scaling now").contains("would go 1 → 2").contains("wanted 3, rate limit");
        screenshot("autoscaler");
    }

    @Test
    void aRecurringJobIsPausedAndResumedFromTheKeyboard() throws Exception {
        browser.get(fixture.url("/dashboard#recurring"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#recurring-table tbody"), "daily-digest"));
        By pauseButton = By.cssSelector("#recurring-table button.pause[data-id=daily-digest]");
        assertThat(browser.findElement(pauseButton).getAttribute("aria-label")).isEqualTo("Pause recurring job daily-digest");

        pressEnterOn(pauseButton);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("toast"), "Recurring job paused"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#recurring-table .paused-badge"), "Paused"));
        assertThat(fixture.storage.recurringJobPauses().paused()).containsOnlyKeys("daily-digest");
        assertThat(browser.findElements(By.cssSelector("#recurring-table .next-runs > div"))).isEmpty();
        assertThat(browser.findElement(By.cssSelector("#recurring-table .next-runs")).getText()).startsWith("paused");
        // the row is redrawn with a Resume button, and the keyboard focus is on it, not lost to the page
        wait.until(driver -> "Resume recurring job daily-digest".equals(driver.switchTo().activeElement().getAttribute("aria-label")));
        screenshot("recurring-paused");

        browser.switchTo().activeElement().sendKeys(Keys.ENTER);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("toast"), "Recurring job resumed"));
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("#recurring-table .paused-badge")));
        wait.until(driver -> driver.findElements(By.cssSelector("#recurring-table .next-runs > div")).size() == 3);
        assertThat(fixture.storage.recurringJobPauses().paused()).isEmpty();
        assertThat(browser.findElement(pauseButton).getText()).isEqualTo("Pause");
        screenshot("recurring-resumed");
    }

    /**
     * Activates a button with the keyboard as a person tabbing to it would, Enter on the focused button; waits while
     * the tab is still being shown or redrawn.
     */
    private static void pressEnterOn(By selector) {
        wait.ignoring(StaleElementReferenceException.class).ignoring(ElementNotInteractableException.class).until(driver -> {
            driver.findElement(selector).sendKeys(Keys.ENTER);
            return true;
        });
    }

    private static void click(By selector) {
        chromium.click(selector);
    }

    private static void screenshot(String name) throws Exception {
        chromium.screenshot(name);
    }
}
