package io.reelgate.storyboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.budget.BudgetSettings;
import io.reelgate.generation.JobQueries;
import io.reelgate.generation.VideoAsset;
import io.reelgate.media.VideoFile;
import io.reelgate.provider.Variant;
import io.reelgate.storage.ObjectStore;
import io.reelgate.team.Team;
import io.reelgate.team.TeamRole;
import io.reelgate.team.Tier;
import io.reelgate.testing.Browser;
import io.reelgate.testing.Fixtures;
import io.reelgate.testing.Login;
import io.reelgate.testing.Session;

/**
 * End to end in Chromium: build a three-shot storyboard, read the whole sequence's estimate,
 * generate it, play the stitched video, jump to chapter 3, and watch it by share link signed out.
 */
@QuarkusTest
class StoryboardBrowserTest {

    private static final boolean SCREENSHOTS = Boolean.getBoolean("reelgate.screenshots");

    @Inject
    Fixtures fixtures;
    @Inject
    BudgetSettings settings;
    @Inject
    JobQueries jobs;
    @Inject
    ObjectStore store;

    @Test
    void aThreeShotStoryboardBecomesOneVideoWithChaptersThatCanBeShared() throws IOException {
        String name = Fixtures.unique("sofia");
        Session session = Login.as(name);
        Team team = fixtures.team("boards", Tier.PRO);
        settings.update(team.id, new BudgetSettings.Form("100", "1", "HARD", "0", "", "50"));
        fixtures.member(team, session, SCREENSHOTS ? TeamRole.ADMIN : TeamRole.MEMBER); // the ledger is for admins
        String title = "The lighthouse keeper " + Fixtures.unique("k");
        String shareUrl;
        long stitched;
        try (Browser browser = Browser.open(1280)) {
            WebDriver driver = browser.driver();
            JavascriptExecutor js = (JavascriptExecutor) driver;
            browser.signInAsCustom(name, "user");
            browser.waiting().until(ExpectedConditions.urlContains("/t/"));
            browser.go("/t/" + team.slug + "/storyboards");
            driver.findElement(By.id("board-title")).sendKeys(title);
            new Select(driver.findElement(By.id("board-size"))).selectByValue("1280x720");
            driver.findElement(By.id("create-board")).click();
            browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("flash-region"), "add its shots"));

            driver.findElement(By.id("keep")).sendKeys("an old keeper in a yellow raincoat, muted teal and orange");
            driver.findElement(By.id("save-board")).click();
            browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("flash-region"), "Saved"));
            String[] prompts = { "The keeper climbs the spiral stairs, lantern in hand",
                "At the top, the keeper lights the great lamp", "The beam sweeps across a stormy sea" };
            for (int i = 0; i < prompts.length; i++) {
                driver.findElement(By.id("new-prompt")).sendKeys(prompts[i]);
                new Select(driver.findElement(By.id("new-model"))).selectByValue("simulator/sora-2");
                new Select(driver.findElement(By.id("new-seconds"))).selectByValue("4");
                driver.findElement(By.id("new-submit")).click();
                browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("flash-region"),
                        "Shot " + (i + 1) + " added"));
            }
            assertThat(driver.findElements(By.cssSelector("[data-testid=shot]"))).hasSize(3);
            assertThat(driver.findElement(By.id("sequence-cost")).getText()).as("3 × 4 s at $0.10/s").isEqualTo("$1.20");
            assertThat(driver.findElement(By.id("sequence-seconds")).getText()).isEqualTo("12 s");
            if (SCREENSHOTS) {
                browser.screenshot("storyboard-draft-1280");
            }

            driver.findElement(By.id("generate-all")).click();
            browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("flash-region"), "3 shots on the way"));
            new WebDriverWait(driver, Duration.ofSeconds(90)).until(
                    ExpectedConditions.presenceOfElementLocated(By.cssSelector("#player track[kind=chapters]")));
            assertThat(driver.findElement(By.id("board-state")).getText()).isEqualTo("Ready");

            // the stitched file lasts as long as its three shots together
            stitched = QuarkusTransaction.requiringNew().call(() -> Storyboard.<Storyboard>find("title", title)
                    .firstResult().videoJobId);
            List<Long> shots = QuarkusTransaction.requiringNew().call(() -> StoryboardShot.<StoryboardShot>find(
                    "storyboardId = ?1 order by position", Storyboard.<Storyboard>find("title", title).firstResult().id)
                    .list().stream().map(s -> s.jobId).toList());
            long sum = 0;
            for (long shot : shots) {
                sum += fileMillis(shot);
            }
            assertThat(fileMillis(stitched)).as("the stitched video is the three shots end to end").isCloseTo(sum, within(200L));
            assertThat(sum).isCloseTo(12_000, within(600L));

            Browser.playsFromTheStart(driver);
            List<WebElement> chapters = driver.findElements(By.cssSelector("[data-testid=chapter]"));
            assertThat(chapters).hasSize(3);
            assertThat(chapters.get(2).getText()).contains("3. The beam sweeps");
            chapters.get(2).click();
            double third = Double.parseDouble(chapters.get(2).getAttribute("data-seek"));
            assertThat(third).isCloseTo(sum(shots.subList(0, 2)) / 1000.0, within(0.01));
            browser.waiting().until(d -> ((Number) js.executeScript("return document.getElementById('player').currentTime"))
                    .doubleValue() >= third);
            if (SCREENSHOTS) {
                browser.screenshot("storyboard-ready-1280");
            }

            driver.findElement(By.id("open-video")).click();
            browser.waiting().until(ExpectedConditions.urlContains("/videos/" + stitched));
            assertThat(driver.findElement(By.id("shots-title")).isDisplayed()).isTrue();
            if (SCREENSHOTS) {
                browser.screenshot("storyboard-video-1280");
            }
            driver.findElement(By.id("share-views")).sendKeys("3");
            driver.findElement(By.id("create-link")).click();
            browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("new-link")));
            shareUrl = driver.findElement(By.id("new-link")).getAttribute("value");
        }

        try (Browser stranger = Browser.open(375)) {
            stranger.go(shareUrl);
            assertThat(stranger.driver().getCurrentUrl()).as("no sign-in on the way").isEqualTo(shareUrl);
            assertThat(stranger.driver().findElement(By.tagName("h1")).getText()).isEqualTo(title);
            Browser.playsFromTheStart(stranger.driver());
        }
        if (SCREENSHOTS) {
            try (Browser narrow = Browser.open(375)) {
                narrow.signInAsCustom(name, "user");
                narrow.waiting().until(ExpectedConditions.urlContains("/t/"));
                long board = QuarkusTransaction.requiringNew().call(() -> Storyboard.<Storyboard>find("title", title)
                        .firstResult().id);
                narrow.go("/t/" + team.slug + "/storyboards/" + board);
                narrow.screenshot("storyboard-ready-375");
                narrow.go("/t/" + team.slug + "/storyboards");
                narrow.screenshot("storyboards-375");
                narrow.go("/t/" + team.slug + "/videos/" + stitched);
                narrow.screenshot("storyboard-video-375");
            }
            try (Browser wide = Browser.open(1280)) {
                wide.signInAsCustom(name, "user");
                wide.waiting().until(ExpectedConditions.urlContains("/t/"));
                wide.go("/t/" + team.slug + "/storyboards");
                wide.screenshot("storyboards-1280");
                wide.go("/t/" + team.slug + "/admin/ledger");
                wide.screenshot("storyboard-ledger-1280");
            }
        }
    }

    private long sum(List<Long> jobIds) throws IOException {
        long total = 0;
        for (long id : jobIds) {
            total += fileMillis(id);
        }
        return total;
    }

    /** The duration of a job's stored video, read from the file itself. */
    private long fileMillis(long jobId) throws IOException {
        Map<Variant, VideoAsset> assets = jobs.assets(List.of(jobId)).get(jobId);
        Path file = Files.createTempFile("reelgate-board-", ".mp4");
        try (InputStream in = store.open(assets.get(Variant.VIDEO).objectKey, 0, null)) {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return VideoFile.facts(file).durationMillis();
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
