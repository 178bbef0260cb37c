package io.reelgate.provider.openrouter;

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
 * End to end in Chromium through OpenRouter (simulated): the studio offers its models with their
 * list price, the job completes by a signed webhook, lands in the gallery with Reelgate-made
 * previews, and the team is charged what OpenRouter reported it billed — here half the list price.
 */
@QuarkusTest
class OpenRouterBrowserTest {

    @Inject
    Fixtures fixtures;
    @Inject
    BudgetSettings settings;
    @Inject
    JobStore jobs;

    @Test
    void anOpenRouterVideoGoesFromTheStudioToTheGalleryChargedAtOpenRoutersBill() {
        String name = Fixtures.unique("otis");
        Session session = Login.as(name);
        Team team = fixtures.team("orui", Tier.PRO);
        settings.update(team.id, new BudgetSettings.Form("100", "1", "HARD", "0", "", "50"));
        fixtures.member(team, session, TeamRole.MEMBER);
        String prompt = "A koi pond in the rain bill-below " + Fixtures.unique("k");

        long id;
        try (Browser browser = Browser.open(1280)) {
            WebDriver driver = browser.driver();
            browser.signInAsCustom(name, "user");
            browser.waiting().until(ExpectedConditions.urlContains("/t/"));
            browser.go("/t/" + team.slug + "/studio");
            browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("estimate-cost"), "$"));
            assertThat(driver.findElements(By.cssSelector("#model optgroup")).stream().map(g -> g.getAttribute("label")))
                    .as("models grouped by provider").contains("OpenRouter (simulated)");

            new Select(driver.findElement(By.id("model"))).selectByValue("openrouter/alibaba/wan-2.6");
            browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("provider-facts"),
                    "OpenRouter"));
            new Select(driver.findElement(By.id("seconds"))).selectByValue("5");
            browser.waiting().until(ExpectedConditions.textToBe(By.id("estimate-cost"), "$0.20"));
            driver.findElement(By.id("prompt")).sendKeys(prompt);
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
            assertThat(driver.findElement(By.cssSelector(".facts")).getText()).contains("$0.10");
        }
        VideoJob job = jobs.find(id).orElseThrow();
        assertEquals(Money.parse("0.10"), Money.ofMicros(job.chargedMicros), "OpenRouter billed half the list price");
        assertEquals(100_000L, job.billedMicros);
    }
}
