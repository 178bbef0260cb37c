package io.reelgate.provider.runway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.budget.BudgetSettings;
import io.reelgate.budget.Money;
import io.reelgate.generation.JobStore;
import io.reelgate.generation.VideoJob;
import io.reelgate.team.Team;
import io.reelgate.team.TeamRole;
import io.reelgate.team.Tier;
import io.reelgate.testing.Browser;
import io.reelgate.testing.Fixtures;
import io.reelgate.testing.Login;
import io.reelgate.testing.Session;

/**
 * End to end in Chromium: the studio lists Runway's and xAI's models each under its provider, with
 * their prices (Runway's credits in dollars); a Gen-4.5 video is polled at Runway to completion,
 * lands in the gallery with Reelgate-made previews and is charged its credits once.
 */
@QuarkusTest
class RunwayBrowserTest {

    @Inject
    Fixtures fixtures;
    @Inject
    BudgetSettings settings;
    @Inject
    JobStore jobs;

    @Test
    void aRunwayVideoGoesFromTheStudioToTheGalleryChargedItsCredits() {
        String name = Fixtures.unique("rhea");
        Session session = Login.as(name);
        Team team = fixtures.team("rwui", Tier.PRO);
        settings.update(team.id, new BudgetSettings.Form("100", "1", "HARD", "0", "", "50"));
        fixtures.member(team, session, TeamRole.MEMBER);
        long id;
        try (Browser browser = Browser.open(1280)) {
            WebDriver driver = browser.driver();
            browser.signInAsCustom(name, "user");
            browser.waiting().until(ExpectedConditions.urlContains("/t/"));
            browser.go("/t/" + team.slug + "/studio");
            browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("estimate-cost"), "$"));
            assertThat(driver.findElements(By.cssSelector("#model optgroup")).stream().map(g -> g.getAttribute("label")))
                    .as("models grouped by provider").contains("Runway (simulated)", "xAI Grok Imagine (simulated)");
            assertThat(driver.findElements(By.cssSelector("#model optgroup[label='Runway (simulated)'] option")).stream()
                    .map(o -> o.getAttribute("value"))).contains("runway/gen4.5", "runway/gen4_turbo", "runway/seedance2")
                    .as("Veo 3.1 at Runway is a route of Veo 3.1, listed once with its other routes")
                    .doesNotContain("runway/veo3.1", "runway/veo3.1_fast");
            assertThat(driver.findElements(By.cssSelector("#model optgroup[label^='Any provider'] option")).stream()
                    .map(o -> o.getAttribute("value"))).contains("veo-3.1", "veo-3.1-fast");
            assertThat(driver.findElements(By.cssSelector("#model optgroup[label='xAI Grok Imagine (simulated)'] option"))
                    .stream().map(o -> o.getAttribute("value"))).containsExactlyInAnyOrder("xai/grok-imagine-video",
                            "xai/grok-imagine-video-1.5");

            new Select(driver.findElement(By.id("model"))).selectByValue("runway/gen4.5");
            browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("provider-facts"), "Runway"));
            new Select(driver.findElement(By.id("seconds"))).selectByValue("5");
            browser.waiting().until(ExpectedConditions.textToBe(By.id("estimate-cost"), "$0.60"));
            driver.findElement(By.id("prompt")).sendKeys("A lighthouse in a storm, waves breaking " + Fixtures.unique("l"));
            driver.findElement(By.id("submit-button")).click();
            browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("flash-region"), "on its way"));
            String cardId = driver.findElement(By.cssSelector(".job-card")).getAttribute("id");
            id = Long.parseLong(cardId.substring("job-".length()));
            new WebDriverWait(driver, Duration.ofSeconds(60)).until(
                    ExpectedConditions.textToBePresentInElementLocated(By.id(cardId), "Ready in"));

            browser.go("/t/" + team.slug + "/gallery");
            WebElement media = driver.findElement(By.cssSelector("#v-" + id + " .gcard-media"));
            browser.waiting().until(d -> !"0".equals(media.findElement(By.cssSelector("img")).getAttribute("naturalWidth")));
            media.click();
            browser.waiting().until(ExpectedConditions.urlContains("/videos/" + id));
            assertThat(driver.findElement(By.cssSelector(".facts")).getText()).contains("$0.60");
        }
        VideoJob job = jobs.find(id).orElseThrow();
        assertEquals(Money.parse("0.60"), Money.ofMicros(job.chargedMicros), "12 credits a second at $0.01, once");
    }
}
