package io.reelgate.studio;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.budget.BudgetSettings;
import io.reelgate.team.Team;
import io.reelgate.team.TeamRole;
import io.reelgate.team.Tier;
import io.reelgate.testing.Browser;
import io.reelgate.testing.Fixtures;
import io.reelgate.testing.Login;

/**
 * End to end in Chromium: sign in, compose, watch the estimate follow the model, submit, watch the
 * card reach "done", read the explanation of a blocked prompt, and remix the result.
 */
@QuarkusTest
class StudioBrowserTest {

    @Inject
    Fixtures fixtures;
    @Inject
    BudgetSettings settings;

    /** A user who has signed in once, member of a new Pro team with a $100 budget. */
    private Team signedUpMember(String name, String teamPrefix) {
        Login.as(name);
        Team team = fixtures.team(teamPrefix, Tier.PRO);
        settings.update(team.id, new BudgetSettings.Form("100", "1", "HARD", "0", "", "50"));
        fixtures.member(team, new io.reelgate.testing.Session(name, java.util.Map.of()), TeamRole.MEMBER);
        return team;
    }

    @Test
    void fromSignInToAWatchedVideoAndARemix() {
        String name = Fixtures.unique("stella");
        Team team = signedUpMember(name, "studio");

        try (Browser browser = Browser.open(1280)) {
            WebDriver driver = browser.driver();
            browser.signInAsCustom(name, "user");
            browser.waiting().until(ExpectedConditions.urlContains("/t/"));
            browser.go("/t/" + team.slug + "/studio");
            browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("estimate-cost"), "$"));
            String soraCost = driver.findElement(By.id("estimate-cost")).getText();

            new Select(driver.findElement(By.id("model"))).selectByValue("simulator/sora-2-pro");
            browser.waiting().until(d -> !d.findElement(By.id("estimate-cost")).getText().equals(soraCost));
            assertThat(driver.findElement(By.id("estimate-cost")).getText()).as("10 s of sora-2-pro at $0.30/s")
                    .isEqualTo("$3.00");
            assertThat(new Select(driver.findElement(By.id("seconds"))).getOptions()).extracting(WebElement::getText)
                    .containsExactly("10 s", "15 s", "25 s");
            new Select(driver.findElement(By.id("model"))).selectByValue("simulator/sora-2");
            browser.waiting().until(ExpectedConditions.textToBe(By.id("estimate-cost"), "$0.40"));

            driver.findElement(By.id("prompt")).sendKeys("A paper boat drifting on a pond at dawn " + Fixtures.unique("b"));
            browser.waiting().until(ExpectedConditions.textMatches(By.id("prompt-count"), java.util.regex.Pattern.compile("^[1-9].*")));
            driver.findElement(By.id("submit-button")).click();

            browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("flash-region"), "on its way"));
            WebElement card = driver.findElement(By.cssSelector(".job-card"));
            String cardId = card.getAttribute("id");
            new org.openqa.selenium.support.ui.WebDriverWait(driver, Duration.ofSeconds(40)).until(
                    ExpectedConditions.textToBePresentInElementLocated(By.id(cardId), "Ready in"));
            assertThat(driver.findElement(By.id(cardId)).findElements(By.cssSelector(".job-media img"))).as("poster").hasSize(1);

            // a blocked prompt explains itself
            browser.go("/t/" + team.slug + "/studio");
            driver.findElement(By.id("prompt")).sendKeys("Darth Vader surfing " + Fixtures.unique("v"));
            browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("lint"), "Copyrighted character"));
            driver.findElement(By.id("submit-button")).click();
            browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("flash-region"), "on its way"));
            String blockedId = driver.findElement(By.cssSelector(".job-card")).getAttribute("id");
            new org.openqa.selenium.support.ui.WebDriverWait(driver, Duration.ofSeconds(30)).until(
                    ExpectedConditions.textToBePresentInElementLocated(By.id(blockedId), "Blocked before generation"));
            assertThat(driver.findElement(By.id(blockedId)).getText()).contains("darth vader").contains("Nothing was charged")
                    .contains("Rephrase");

            // remix the finished video
            driver.findElement(By.cssSelector("#" + cardId + " a[href*='remix=']")).click();
            browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".remix-source"), "Remixing"));
            driver.findElement(By.id("prompt")).sendKeys("The same boat at night, lanterns glowing");
            driver.findElement(By.id("submit-button")).click();
            browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("flash-region"), "on its way"));
            String remixId = driver.findElement(By.cssSelector(".job-card")).getAttribute("id");
            new org.openqa.selenium.support.ui.WebDriverWait(driver, Duration.ofSeconds(40)).until(
                    ExpectedConditions.textToBePresentInElementLocated(By.id(remixId), "Ready in"));
        }
    }

    @Test
    void aDraftSurvivesAnExpiredSessionAndASignIn() {
        String name = Fixtures.unique("dora");
        Team team = signedUpMember(name, "draft");

        try (Browser browser = Browser.open(1280)) {
            WebDriver driver = browser.driver();
            browser.signInAsCustom(name, "user");
            browser.waiting().until(ExpectedConditions.urlContains("/t/"));
            browser.go("/t/" + team.slug + "/studio");
            String draft = "A heron standing in the reeds at first light, slow push in " + Fixtures.unique("h");
            driver.findElement(By.id("prompt")).sendKeys(draft);

            // the session ends (signed out elsewhere, or expired); the next HTMX request is answered 499
            driver.manage().deleteCookieNamed("q_session");
            new Select(driver.findElement(By.cssSelector("form.job-filters select"))).selectByIndex(1);
            // app.js keeps the draft and reloads: the IdP asks to sign in and sends the browser back
            browser.loginOnIdpPage(name, "user");
            browser.waiting().until(ExpectedConditions.urlContains("/t/" + team.slug + "/studio"));
            browser.waiting().until(d -> d.findElement(By.id("prompt")).getAttribute("value").equals(draft));

            // once sent, the draft is gone
            driver.findElement(By.id("submit-button")).click();
            browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("flash-region"), "on its way"));
            browser.go("/t/" + team.slug + "/studio");
            assertThat(driver.findElement(By.id("prompt")).getAttribute("value")).isEmpty();
        }
    }

    @Inject
    io.reelgate.testing.Videos videos;
    @Inject
    io.reelgate.testing.TestClock clock;

    @Test
    void aNetworkBlipBacksOffInsteadOfReloadingAndKeepsWhatIsTyped() {
        String name = Fixtures.unique("nora");
        Team team = signedUpMember(name, "blip");
        // a job that stays "generating" (not due for the pipeline for a week), so its card keeps polling
        long running = videos.row(team.id, fixtures.userId(new io.reelgate.testing.Session(name, java.util.Map.of())),
                "A kite over the dunes", "sora-2", "SUBMITTED", clock.instant());

        try (Browser browser = Browser.open(1280)) {
            var driver = (org.openqa.selenium.chrome.ChromeDriver) browser.driver();
            browser.signInAsCustom(name, "user");
            browser.waiting().until(ExpectedConditions.urlContains("/t/"));
            browser.go("/t/" + team.slug + "/studio");
            driver.executeScript("window.sameDocument = true;");
            String draft = "Waves at night under a full moon, slow pan " + Fixtures.unique("w");
            driver.findElement(By.id("prompt")).sendKeys(draft);
            By card = By.id("job-" + running);

            driver.executeCdpCommand("Network.enable", java.util.Map.of());
            driver.executeCdpCommand("Network.emulateNetworkConditions", java.util.Map.of("offline", true, "latency", 0,
                    "downloadThroughput", -1, "uploadThroughput", -1));
            // the card's next poll fails: it backs off instead of reloading the page
            browser.waiting().until(d -> d.findElement(card).getAttribute("data-retry-wait") != null);
            driver.executeCdpCommand("Network.emulateNetworkConditions", java.util.Map.of("offline", false, "latency", 0,
                    "downloadThroughput", -1, "uploadThroughput", -1));
            // back online, a poll succeeds and the card is itself again
            browser.waiting().until(d -> d.findElement(card).getAttribute("data-retry-wait") == null);

            assertThat(driver.executeScript("return window.sameDocument === true")).as("never reloaded").isEqualTo(true);
            assertThat(driver.findElement(By.id("prompt")).getAttribute("value")).isEqualTo(draft);
            assertThat(driver.findElement(card).getText()).contains("A kite over the dunes");
        }
    }
}
