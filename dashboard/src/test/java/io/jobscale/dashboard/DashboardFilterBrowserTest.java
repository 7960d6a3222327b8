package io.jobscale.dashboard;

import io.jobscale.web.WebAuthSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A person narrows the failed jobs to one label and requeues all of them at once, in a real Chromium. */
class DashboardFilterBrowserTest {

    private static DashboardFixture fixture;
    private static Chromium chromium;

    @BeforeAll
    static void start() throws Exception {
        chromium = Chromium.start();
        fixture = new DashboardFixture("dashboard_filter_browser", WebAuthSettings.NONE);
    }

    @AfterAll
    static void stop() throws Exception {
        if (chromium != null) chromium.close();
        if (fixture != null) fixture.close();
    }

    @Test
    void requeueAllFailedJobsWithALabel() throws Exception {
        List<UUID> acme = fixture.failedJobs(2, "Acme export", "tenant:acme");
        UUID globex = fixture.failedJobs(1, "Globex export", "tenant:globex").get(0);

        chromium.browser.get(fixture.url("/dashboard#jobs"));
        chromium.click(By.cssSelector("#state-filter button[data-state=FAILED]"));
        chromium.wait.until(driver -> rowNames().size() == 4);
        assertThat(chromium.browser.findElements(By.cssSelector("label[for=label-filter]"))).hasSize(1);
        chromium.browser.findElement(By.id("label-filter")).sendKeys("tenant:acme", Keys.ENTER);
        chromium.wait.until(driver -> Set.copyOf(rowNames()).equals(Set.of("Acme export 0", "Acme export 1")));
        assertThat(chromium.browser.findElement(By.cssSelector("#job-table tbody")).getText()).contains("tenant:acme").doesNotContain("globex");
        chromium.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("requeue-matching")));
        chromium.screenshot("jobs-label-filter");

        chromium.click(By.id("requeue-matching"));
        Alert confirm = chromium.wait.until(ExpectedConditions.alertIsPresent());
        assertThat(confirm.getText()).contains("Requeue the 2 jobs matching this filter");
        confirm.accept();
        chromium.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("toast"), "2 requeued"));
        chromium.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#job-table tbody"),
                "No failed jobs matching the filter"));
        chromium.screenshot("jobs-label-filter-requeued");
        assertThat(acme).allSatisfy(id -> assertThat(fixture.state(id)).isEqualTo("ENQUEUED"));
        assertThat(fixture.state(globex)).isEqualTo("FAILED");
        assertThat(fixture.state(fixture.failedJob)).isEqualTo("FAILED");

        // The requeued jobs are still the label's, now enqueued.
        chromium.click(By.cssSelector("#state-filter button[data-state=ENQUEUED]"));
        chromium.wait.until(driver -> rowNames().size() == 2);
    }

    private static List<String> rowNames() {
        return chromium.browser.findElements(By.cssSelector("#job-table tr.clickable td:nth-child(2) div:first-child")).stream()
                .map(e -> {
                    try {
                        return e.getText();
                    } catch (StaleElementReferenceException stale) {
                        return "";
                    }
                }).toList();
    }
}
