package io.jobscale.dashboard;

import io.jobscale.settings.Settings;
import io.jobscale.web.WebAuthSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sign-in in a real Chromium on a server whose API wants a bearer token, which a browser cannot send: each role signs
 * in through the form; a viewer sees no actions and the server refuses its POSTs anyway.
 */
class DashboardSignInBrowserTest {

    private static DashboardFixture fixture;
    private static Chromium chromium;

    @BeforeAll
    static void start() throws Exception {
        chromium = Chromium.start();
        fixture = new DashboardFixture("dashboard_signin", WebAuthSettings.from(Settings.of(Map.of(
                "JOBSCALE_AUTH_MODE", "bearer", "JOBSCALE_AUTH_TOKEN", "machine-token",
                "JOBSCALE_DASHBOARD_VIEWER_PASSWORD", "viewer-pw", "JOBSCALE_DASHBOARD_OPERATOR_PASSWORD", "operator-pw"))));
    }

    @AfterAll
    static void stop() throws Exception {
        if (chromium != null) chromium.close();
        if (fixture != null) fixture.close();
    }

    @BeforeEach
    void signedOut() {
        chromium.browser.manage().deleteAllCookies();
    }

    @Test
    void aViewerReadsButCannotAct() throws Exception {
        signIn("viewer", "viewer-pw");
        chromium.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("user"), "viewer (viewer)"));
        chromium.browser.get(fixture.url("/dashboard#job/" + fixture.failedJob));
        chromium.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("stack-trace")));
        assertThat(chromium.browser.findElement(By.id("job-requeue")).isDisplayed()).isFalse();
        assertThat(chromium.browser.findElement(By.id("job-delete")).isDisplayed()).isFalse();
        chromium.screenshot("viewer-job-detail");
        chromium.browser.get(fixture.url("/dashboard#recurring"));
        chromium.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#recurring-table tbody"), "daily-digest"));
        assertThat(chromium.browser.findElement(By.cssSelector("#recurring-table button.trigger")).isDisplayed()).isFalse();

        // The page hides the buttons; the server is what enforces it.
        assertThat(postFromThePage("/api/dashboard/jobs/" + fixture.failedJob + "/requeue")).isEqualTo(403);
        assertThat(postFromThePage("/api/dashboard/recurring-jobs/daily-digest/trigger")).isEqualTo(403);
        assertThat(chromium.browser.findElement(By.cssSelector("#recurring-table button.pause")).isDisplayed()).isFalse();
        assertThat(postFromThePage("/api/dashboard/recurring-jobs/daily-digest/pause")).isEqualTo(403);
        assertThat(postFromThePage("/api/dashboard/recurring-jobs/daily-digest/resume")).isEqualTo(403);
        assertThat(fixture.storage.recurringJobPauses().paused()).as("a viewer's pause changed nothing").isEmpty();
        // The what-if changes nothing: a viewer may ask it (400: this POST has no body to compare).
        assertThat(postFromThePage("/api/autoscaler/what-if")).isEqualTo(400);

        chromium.click(By.cssSelector("#sign-out button"));
        chromium.wait.until(ExpectedConditions.urlContains("/signin"));
        chromium.browser.get(fixture.url("/dashboard"));
        chromium.wait.until(ExpectedConditions.urlContains("/signin"));
    }

    @Test
    void anOperatorActs() throws Exception {
        chromium.browser.get(fixture.url("/dashboard"));
        chromium.wait.until(ExpectedConditions.urlContains("/signin"));
        fill("operator", "wrong");
        chromium.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".error"), "Wrong username or password"));
        chromium.screenshot("sign-in-failed");

        signIn("operator", "operator-pw");
        chromium.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("user"), "operator (operator)"));
        chromium.browser.get(fixture.url("/dashboard#recurring"));
        chromium.click(By.cssSelector("#recurring-table button.trigger"));
        chromium.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("toast"), "Recurring job triggered"));
        chromium.screenshot("operator-recurring");
    }

    private void signIn(String username, String password) {
        chromium.browser.get(fixture.url("/signin"));
        fill(username, password);
        chromium.wait.until(ExpectedConditions.urlContains("/dashboard"));
        chromium.wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#state-cards .card.ENQUEUED .n")));
    }

    private void fill(String username, String password) {
        chromium.browser.findElement(By.id("username")).sendKeys(username);
        chromium.browser.findElement(By.id("password")).sendKeys(password);
        chromium.browser.findElement(By.id("sign-in")).click();
    }

    /** A POST the way the page itself sends one (same origin, session cookie, CSRF token); the HTTP status. */
    private int postFromThePage(String path) {
        Object status = ((JavascriptExecutor) chromium.browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const token = (document.cookie.split('; ').find((c) => c.startsWith('jobscale_csrf=')) || '').split('=')[1] || '';
                fetch(arguments[0], { method: 'POST', headers: { 'X-CSRF-Token': token } }).then((r) => done(r.status));
                """, path);
        return ((Number) status).intValue();
    }
}
