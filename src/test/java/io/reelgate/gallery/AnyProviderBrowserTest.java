package io.reelgate.gallery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

import javax.imageio.ImageIO;

import jakarta.inject.Inject;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.budget.BudgetSettings;
import io.reelgate.generation.JobQueries;
import io.reelgate.generation.VideoAsset;
import io.reelgate.provider.Variant;
import io.reelgate.storage.ObjectStore;
import io.reelgate.team.Team;
import io.reelgate.team.TeamRole;
import io.reelgate.team.Tier;
import io.reelgate.testing.Browser;
import io.reelgate.testing.Fixtures;
import io.reelgate.testing.Login;
import io.reelgate.testing.Session;
import io.restassured.RestAssured;

/**
 * End to end in Chromium with a provider that delivers only the MP4 by result URL (Replicate,
 * simulated): the studio offers its models under its name, the job ends with a poster and a
 * spritesheet Reelgate made, the gallery card scrubs that spritesheet, the video page says why it
 * offers no remix, and the share page's preview tags carry the derived poster's real pixel size.
 */
@QuarkusTest
class AnyProviderBrowserTest {

    @Inject
    Fixtures fixtures;
    @Inject
    BudgetSettings settings;
    @Inject
    JobQueries jobs;
    @Inject
    ObjectStore store;
    @Inject
    io.reelgate.team.RoutePolicies routes;

    @Test
    void aReplicateVideoGetsReelgateMadePreviewsThatScrubAndPreviewWhenShared() throws Exception {
        String name = Fixtures.unique("rhea");
        Session session = Login.as(name);
        Team team = fixtures.team("anyprov", Tier.PRO);
        settings.update(team.id, new BudgetSettings.Form("100", "1", "HARD", "0", "", "50"));
        fixtures.member(team, session, TeamRole.MEMBER);
        // Veo 3.1 is one model with several routes; this team's admin pinned it to Replicate
        routes.save(team.id, new io.reelgate.team.RoutePolicies.TeamPolicy("veo-3.1", "PINNED",
                "replicate/google/veo-3.1", java.util.Set.of()));
        String prompt = "A lantern festival over a river at dusk " + Fixtures.unique("r");

        long id;
        String shareUrl;
        try (Browser browser = Browser.open(1280)) {
            WebDriver driver = browser.driver();
            browser.signInAsCustom(name, "user");
            browser.waiting().until(ExpectedConditions.urlContains("/t/"));
            browser.go("/t/" + team.slug + "/studio");
            browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("estimate-cost"), "$"));
            assertThat(driver.findElements(By.cssSelector("#model optgroup")).stream().map(g -> g.getAttribute("label")))
                    .as("models grouped by provider").contains("Replicate (simulated)");

            new Select(driver.findElement(By.id("model"))).selectByValue("veo-3.1");
            browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("provider-facts"),
                    "Veo 3.1 via Replicate"));
            assertThat(driver.findElement(By.id("provider-facts")).getText()).contains("no remix");
            new Select(driver.findElement(By.id("seconds"))).selectByValue("4");
            browser.waiting().until(ExpectedConditions.textToBe(By.id("estimate-cost"), "$0.80"));
            driver.findElement(By.id("prompt")).sendKeys(prompt);
            driver.findElement(By.id("submit-button")).click();
            browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("flash-region"), "on its way"));
            String cardId = driver.findElement(By.cssSelector(".job-card")).getAttribute("id");
            id = Long.parseLong(cardId.substring("job-".length()));
            new WebDriverWait(driver, Duration.ofSeconds(40)).until(
                    ExpectedConditions.textToBePresentInElementLocated(By.id(cardId), "Ready in"));
            assertThat(driver.findElement(By.id(cardId)).findElements(By.cssSelector("a[href*='remix=']")))
                    .as("no remix where the provider cannot remix").isEmpty();

            browser.go("/t/" + team.slug + "/gallery");
            WebElement media = driver.findElement(By.cssSelector("#v-" + id + " .gcard-media"));
            new Actions(driver).moveToElement(media, 40, 0).perform();
            browser.waiting().until(d -> !d.findElements(By.cssSelector("#v-" + id + " .gcard-media .sprite")).isEmpty());
            String first = media.findElement(By.cssSelector(".sprite")).getCssValue("background-position");
            new Actions(driver).moveToElement(media, -100, 0).perform();
            browser.waiting().until(d -> !media.findElement(By.cssSelector(".sprite")).getCssValue("background-position")
                    .equals(first));
            assertThat(media.findElement(By.cssSelector("img")).getAttribute("naturalWidth")).as("the derived poster loads")
                    .isNotEqualTo("0");

            media.click();
            browser.waiting().until(ExpectedConditions.urlContains("/videos/" + id));
            assertThat(driver.findElement(By.id("remix-note")).getText()).contains("cannot remix");
            assertThat(driver.findElement(By.cssSelector(".facts")).getText()).contains("Made by Reelgate");
            JavascriptExecutor js = (JavascriptExecutor) driver;
            new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> Boolean.TRUE.equals(js.executeScript(
                    "const v = document.querySelector('video'); if (!v) return false; v.muted = true; v.play(); return true;")));
            new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> ((Number) js.executeScript(
                    "return document.querySelector('video').currentTime")).doubleValue() > 0.5);

            driver.findElement(By.id("create-link")).click();
            browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("new-link")));
            shareUrl = driver.findElement(By.id("new-link")).getAttribute("value");
        }

        Map<Variant, VideoAsset> assets = jobs.assets(java.util.List.of(id)).get(id).values().stream()
                .collect(Collectors.toMap(VideoAsset::variant, a -> a));
        assertEquals("DERIVED", assets.get(Variant.THUMBNAIL).origin);
        BufferedImage poster;
        try (InputStream in = store.open(assets.get(Variant.THUMBNAIL).objectKey, 0, null)) {
            poster = ImageIO.read(in);
        }
        Document page = Jsoup.parse(RestAssured.given().header("User-Agent", "Slackbot-LinkExpanding 1.0")
                .get(shareUrl).then().statusCode(200).extract().asString());
        assertThat(page.select("meta[property=og:image]").attr("content")).as("absolute URL").startsWith("http");
        assertEquals(Integer.toString(poster.getWidth()), page.select("meta[property=og:image:width]").attr("content"),
                "the derived poster's real width");
        assertEquals(Integer.toString(poster.getHeight()), page.select("meta[property=og:image:height]").attr("content"));
        assertEquals("image/jpeg", page.select("meta[property=og:image:type]").attr("content"));
    }
}
