package io.reelgate.gallery;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;

import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.budget.BudgetSettings;
import io.reelgate.team.Team;
import io.reelgate.team.TeamRole;
import io.reelgate.team.Tier;
import io.reelgate.testing.Browser;
import io.reelgate.testing.Fixtures;
import io.reelgate.testing.Login;
import io.reelgate.testing.Session;
import io.reelgate.testing.Videos;

/**
 * End to end in Chromium: the gallery scrubs a spritesheet on hover, the video page plays, a share
 * link is made and then played in a fresh browser that never signed in.
 */
@QuarkusTest
class GalleryBrowserTest {

    @Inject
    Fixtures fixtures;
    @Inject
    BudgetSettings settings;
    @Inject
    Videos videos;

    @Test
    void playAVideoFromTheGalleryShareItAndWatchTheLinkSignedOut() {
        String name = Fixtures.unique("greta");
        Session session = Login.as(name);
        Team team = fixtures.team("gallery", Tier.PRO);
        settings.update(team.id, new BudgetSettings.Form("100", "1", "HARD", "0", "", "50"));
        fixtures.member(team, session, TeamRole.MEMBER);
        long id = videos.make(team.id, fixtures.userId(session), "A lantern festival over a river " + Fixtures.unique("g"));

        String shareUrl;
        try (Browser browser = Browser.open(1280)) {
            WebDriver driver = browser.driver();
            browser.signInAsCustom(name, "user");
            browser.waiting().until(ExpectedConditions.urlContains("/t/"));
            browser.go("/t/" + team.slug + "/gallery");
            WebElement media = driver.findElement(By.cssSelector("#v-" + id + " .gcard-media"));

            new Actions(driver).moveToElement(media, 40, 0).perform();
            browser.waiting().until(d -> !d.findElements(By.cssSelector("#v-" + id + " .gcard-media .sprite")).isEmpty());
            String first = media.findElement(By.cssSelector(".sprite")).getCssValue("background-position");
            new Actions(driver).moveToElement(media, -100, 0).perform();
            browser.waiting().until(d -> !media.findElement(By.cssSelector(".sprite")).getCssValue("background-position")
                    .equals(first));

            media.click();
            browser.waiting().until(ExpectedConditions.urlContains("/videos/" + id));
            Browser.playsFromTheStart(driver);

            driver.findElement(By.id("share-views")).sendKeys("3");
            driver.findElement(By.id("create-link")).click();
            browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("new-link")));
            shareUrl = driver.findElement(By.id("new-link")).getAttribute("value");
            assertThat(driver.findElement(By.id("sharing")).getText()).contains("Active").contains("0 / 3");
        }

        try (Browser stranger = Browser.open(375)) {
            stranger.go(shareUrl);
            assertThat(stranger.driver().getCurrentUrl()).as("no sign-in on the way").isEqualTo(shareUrl);
            assertThat(stranger.driver().findElement(By.tagName("h1")).getText()).startsWith("A lantern festival");
            Browser.playsFromTheStart(stranger.driver());
        }
    }
}
