package io.reelgate.gallery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.budget.BudgetSettings;
import io.reelgate.generation.CreativeInputs;
import io.reelgate.generation.GenerationService;
import io.reelgate.generation.JobQueries;
import io.reelgate.generation.JobState;
import io.reelgate.generation.JobView;
import io.reelgate.team.Team;
import io.reelgate.team.TeamRole;
import io.reelgate.team.Tier;
import io.reelgate.testing.Browser;
import io.reelgate.testing.Fixtures;
import io.reelgate.testing.Login;
import io.reelgate.testing.Session;

/**
 * In Chromium: the page of a Veo video that already extends another offers to add 7 more seconds,
 * and sending the form lands on the new job. With {@code -Dreelgate.screenshots=true} it saves the
 * page with the Extend card at 1280 and 375 pixels ({@code docs/screenshots/video-extend-*.png}).
 */
@QuarkusTest
class ExtendBrowserTest {

    private static final boolean SCREENSHOTS = Boolean.getBoolean("reelgate.screenshots");
    static final String VEO = "veo-3.1-fast-generate-preview";

    @Inject
    Fixtures fixtures;
    @Inject
    BudgetSettings settings;
    @Inject
    GenerationService generation;
    @Inject
    JobQueries jobs;

    private JobView finished(Team team, GenerationService.Submitted submitted) {
        assertThat(submitted).isInstanceOf(GenerationService.Queued.class);
        long id = ((GenerationService.Queued) submitted).job().id();
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> jobs.ofTeam(team.id, id).orElseThrow().state().terminal());
        JobView job = jobs.ofTeam(team.id, id).orElseThrow();
        assertEquals(JobState.COMPLETED, job.state(), () -> job.errorCode() + ": " + job.errorMessage());
        return job;
    }

    @Test
    void aVeoVideoIsExtendedFromItsPage() {
        String name = Fixtures.unique("maya");
        Session session = Login.as(name);
        Team team = fixtures.team("harbour", Tier.PRO);
        settings.update(team.id, new BudgetSettings.Form("100", "1", "HARD", "0", "", "50,75,90,100"));
        fixtures.member(team, session, TeamRole.MEMBER);
        long member = fixtures.userId(session);
        JobView source = finished(team, generation.submit(GenerationService.Request.of(team.id, member, "veo", VEO,
                "1280x720", 8, "A red kite rises over the chalk cliffs at dawn, the sea glittering below")));
        JobView video = finished(team, generation.submit(GenerationService.Request.of(team.id, member, null, null, null, 7,
                "The kite dives towards the waves and skims the surf").withCreative(CreativeInputs.NONE
                        .extending(source.id()))));

        for (int width : SCREENSHOTS ? new int[] { 375, 1280 } : new int[] { 1280 }) {
            try (Browser browser = Browser.open(width)) {
                WebDriver driver = browser.driver();
                browser.signInAsCustom(name, "user");
                browser.waiting().until(ExpectedConditions.urlContains("/t/"));
                browser.go("/t/" + team.slug + "/videos/" + video.id());
                assertThat(driver.findElement(By.cssSelector("[data-testid=extends]")).getText())
                        .contains("A red kite rises");
                assertThat(driver.findElement(By.id("extend-seconds-fixed")).getText()).contains("7 seconds")
                        .contains("22 s");
                assertEquals("$0.70", driver.findElement(By.id("extend-cost")).getText());
                driver.findElement(By.id("extend-prompt")).sendKeys("A gust lifts it high above the lighthouse");
                if (SCREENSHOTS) {
                    browser.screenshot("video-extend-" + width);
                }
                if (width == 1280) {
                    driver.findElement(By.id("extend-button")).click();
                    browser.waiting().until(ExpectedConditions.urlContains("/t/" + team.slug + "/jobs/"));
                    assertThat(driver.findElement(By.id("flash-region")).getText()).contains("extension is on its way");
                }
            }
        }
    }
}
