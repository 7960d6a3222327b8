package io.jobscale.dashboard;

import io.jobscale.web.WebAuthSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Dark mode, keyboard use and labels, filters and bulk actions on a selection, in a real Chromium. */
class DashboardPeopleBrowserTest {

    private static DashboardFixture fixture;
    private static Chromium chromium;

    @BeforeAll
    static void start() throws Exception {
        chromium = Chromium.start();
        fixture = new DashboardFixture("dashboard_people", WebAuthSettings.NONE);
    }

    @AfterAll
    static void stop() throws Exception {
        if (chromium != null) chromium.close();
        if (fixture != null) fixture.close();
    }

    @Test
    void darkModeFollowsTheSystemSetting() throws Exception {
        try {
            chromium.colorScheme("dark");
            chromium.browser.get(fixture.url("/dashboard#overview"));
            chromium.wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#throughput-chart canvas")));
            assertThat(background("body")).isEqualTo("rgb(15, 20, 27)");
            assertThat(background(".panel")).isEqualTo("rgb(23, 29, 38)");
            chromium.screenshot("dark-overview");
            chromium.colorScheme("light");
            chromium.browser.navigate().refresh();
            chromium.wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#state-cards .card")));
            assertThat(background("body")).isEqualTo("rgb(246, 247, 249)");
        } finally {
            chromium.colorScheme("light");
        }
    }

    @Test
    void rowsOpenFromTheKeyboardAndEveryInputHasALabel() {
        chromium.browser.get(fixture.url("/dashboard#jobs"));
        String tabindex = chromium.wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(driver -> driver.findElement(By.cssSelector("#job-table tr.clickable")).getAttribute("tabindex"));
        assertThat(tabindex).isEqualTo("0");
        chromium.wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(driver -> {
            driver.findElement(By.cssSelector("#job-table tr.clickable")).sendKeys(Keys.ENTER);
            return true;
        });
        chromium.wait.until(ExpectedConditions.urlContains("#job/"));
        chromium.wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#job-detail h1")));

        chromium.browser.get(fixture.url("/dashboard#jobs"));
        for (String id : List.of("search", "priority-filter", "time-filter", "label-filter")) {
            assertThat(chromium.browser.findElements(By.cssSelector("label[for=" + id + "]"))).as(id).hasSize(1);
        }
        assertThat(chromium.browser.findElement(By.id("toast")).getAttribute("aria-live")).isEqualTo("polite");
        assertThat(chromium.browser.findElement(By.id("select-page")).getAttribute("aria-label")).isNotBlank();
    }

    @Test
    void filtersAndABulkDeleteOfASelection() throws Exception {
        chromium.browser.get(fixture.url("/dashboard#jobs"));
        chromium.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#job-table tbody"), "Send invoice"));
        new Select(chromium.browser.findElement(By.id("priority-filter"))).selectByValue("2");
        chromium.wait.until(driver -> rowNames().equals(List.of("Send invoice 2")));
        new Select(chromium.browser.findElement(By.id("priority-filter"))).selectByValue("");
        new Select(chromium.browser.findElement(By.id("time-filter"))).selectByValue("PT1H");
        chromium.wait.until(driver -> rowNames().size() == 5);

        chromium.click(By.cssSelector("#job-table tr.clickable:nth-child(1) .select-job"));
        chromium.click(By.cssSelector("#job-table tr.clickable:nth-child(2) .select-job"));
        chromium.wait.until(ExpectedConditions.textToBe(By.id("selection-count"), "2 selected"));
        chromium.screenshot("jobs-selection");
        chromium.click(By.id("delete-selected"));
        chromium.wait.until(ExpectedConditions.alertIsPresent()).accept();
        chromium.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("toast"), "2 deleted"));
        chromium.wait.until(driver -> rowNames().size() == 3);
        chromium.click(By.cssSelector("#state-filter button[data-state=DELETED]"));
        chromium.wait.until(driver -> rowNames().size() == 2);
    }

    private static List<String> rowNames() {
        return chromium.browser.findElements(By.cssSelector("#job-table tr.clickable td:nth-child(2) div:first-child")).stream()
                .map(e -> {
                    try {
                        return e.getText();
                    } catch (org.openqa.selenium.StaleElementReferenceException stale) {
                        return "";
                    }
                }).toList();
    }

    private static String background(String selector) {
        return (String) ((JavascriptExecutor) chromium.browser).executeScript(
                "return getComputedStyle(document.querySelector(arguments[0])).backgroundColor", selector);
    }
}
