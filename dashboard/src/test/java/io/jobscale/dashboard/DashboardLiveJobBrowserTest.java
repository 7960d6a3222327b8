package io.jobscale.dashboard;

import io.jobscale.server.JobOptions;
import io.jobscale.server.testing.TestJobs;
import io.jobscale.web.WebAuthSettings;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.context.JobDashboardLogger;
import org.jobrunr.jobs.context.JobDashboardProgressBar;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An open job detail follows the job while it runs, without reloading: the test moves the job through its states
 * as a worker would and waits for the page to show each (it re-reads an unfinished job every second).
 */
class DashboardLiveJobBrowserTest {

    private static DashboardFixture fixture;
    private static Chromium chromium;

    @BeforeAll
    static void start() throws Exception {
        chromium = Chromium.start();
        fixture = new DashboardFixture("dashboard_live_job", WebAuthSettings.NONE);
    }

    @AfterAll
    static void stop() throws Exception {
        if (chromium != null) chromium.close();
        if (fixture != null) fixture.close();
    }

    @Test
    void theOpenDetailFollowsTheJobThroughProcessingToSucceeded() throws Exception {
        UUID id = fixture.client.enqueue(JobOptions.defaults().withName("Import customers"), () -> TestJobs.record("i"));
        chromium.browser.get(fixture.url("/dashboard#job/" + id));
        awaitText("#job-detail .detail-head .badge", "enqueued");

        Job job = fixture.startProcessing(id);
        JobDashboardProgressBar progress = new JobDashboardProgressBar(job, 10L);
        progress.setProgress(4);
        new JobDashboardLogger(job).info("read 4 of 10 files");
        fixture.storage.save(job);
        awaitText("#job-detail .detail-head .badge", "processing");
        awaitText("#job-log", "read 4 of 10 files");
        assertThat(chromium.browser.findElement(By.id("job-progress")).getAttribute("value")).isEqualTo("40");
        awaitText("#job-elapsed", "s");
        chromium.screenshot("job-detail-live");

        job.succeeded();
        fixture.storage.save(job);
        awaitText("#job-detail .detail-head .badge", "succeeded");
        awaitText("#toast", "Import customers is now succeeded");
        assertThat(chromium.browser.findElements(By.cssSelector("#job-detail .timeline li"))).hasSize(3);
        assertThat(chromium.browser.findElements(By.id("job-elapsed"))).isEmpty();
    }

    private static void awaitText(String selector, String text) {
        chromium.wait.ignoring(StaleElementReferenceException.class).until(driver ->
                driver.findElement(By.cssSelector(selector)).getText().contains(text));
    }
}
