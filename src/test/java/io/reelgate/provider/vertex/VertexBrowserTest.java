package io.reelgate.provider.vertex;

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
 * End to end in Chromium through Vertex AI (simulated): the studio offers Veo 3.1 on Vertex with
 * sound as a priced choice, the video is polled to completion, stored with a poster and a scrub
 * preview Reelgate made, shown in the gallery, and charged the catalog's price without sound.
 */
@QuarkusTest
class VertexBrowserTest {

    @Inject
    Fixtures fixtures;
    @Inject
    BudgetSettings settings;
    @Inject
    JobStore jobs;
    @Inject
    io.reelgate.team.RoutePolicies routes;

    @Test
    void aSilentVeoVideoOnVertexGoesFromTheStudioToTheGalleryAtTheSilentPrice() {
        String name = Fixtures.unique("vera");
        Session session = Login.as(name);
        Team team = fixtures.team("vertexui", Tier.PRO);
        settings.update(team.id, new BudgetSettings.Form("100", "1", "HARD", "0", "", "50"));
        fixtures.member(team, session, TeamRole.MEMBER);
        // Veo 3.1 Fast is one model with several routes; this team's admin pinned it to Vertex AI
        routes.save(team.id, new io.reelgate.team.RoutePolicies.TeamPolicy("veo-3.1-fast", "PINNED",
                "vertex/veo-3.1-fast-generate-001", java.util.Set.of()));
        String prompt = "A paper boat on a rain gutter " + Fixtures.unique("b");

        long id;
        try (Browser browser = Browser.open(1280)) {
            WebDriver driver = browser.driver();
            browser.signInAsCustom(name, "user");
            browser.waiting().until(ExpectedConditions.urlContains("/t/"));
            browser.go("/t/" + team.slug + "/studio");
            browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("estimate-cost"), "$"));
            assertThat(driver.findElements(By.cssSelector("#model optgroup")).stream().map(g -> g.getAttribute("label")))
                    .as("models grouped by provider").contains("Google Veo · Vertex AI (simulated)");

            new Select(driver.findElement(By.id("model"))).selectByValue("veo-3.1-fast");
            browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("provider-facts"), "Vertex"));
            assertThat(driver.findElement(By.id("provider-facts")).getText()).contains("sound optional")
                    .contains("status by polling");
            new Select(driver.findElement(By.id("seconds"))).selectByValue("4");
            WebElement sound = driver.findElement(By.id("audio"));
            if (sound.isSelected()) {
                sound.click();
            }
            browser.waiting().until(ExpectedConditions.textToBe(By.id("estimate-cost"), "$0.32"));
            driver.findElement(By.id("audio")).click();
            browser.waiting().until(ExpectedConditions.textToBe(By.id("estimate-cost"), "$0.40"));
            driver.findElement(By.id("audio")).click();
            browser.waiting().until(ExpectedConditions.textToBe(By.id("estimate-cost"), "$0.32"));
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
            assertThat(driver.findElement(By.cssSelector(".facts")).getText()).contains("Made by Reelgate");
        }
        VideoJob job = jobs.find(id).orElseThrow();
        assertEquals(Money.parse("0.32"), Money.ofMicros(job.chargedMicros), "4 s without sound at $0.08/s");
        assertThat(job.withAudio).isFalse();
    }
}
