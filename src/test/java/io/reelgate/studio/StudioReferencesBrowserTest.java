package io.reelgate.studio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.generation.JobQueries;
import io.reelgate.generation.VideoAsset;
import io.reelgate.provider.Variant;
import io.reelgate.storage.ObjectStore;
import io.reelgate.team.Team;
import io.reelgate.team.TeamRole;
import io.reelgate.testing.Browser;
import io.reelgate.testing.Fixtures;
import io.reelgate.testing.Images;
import io.reelgate.testing.Login;
import io.reelgate.testing.Mp4;
import io.reelgate.testing.ProviderRuns;
import io.reelgate.testing.RouteHealth;
import io.reelgate.testing.Session;

/**
 * Issue 30 in Chromium: on Veo 3.1 a member picks two reference images (an asset and a style), sees
 * them as thumbnails with the model's rules, and the finished video shows both (the simulated
 * provider draws a swatch of each reference at the top right of every frame). With
 * {@code -Dreelgate.screenshots=true} it also takes the composer's screenshots at 1280 and 375 px.
 */
@QuarkusTest
class StudioReferencesBrowserTest {

    private static final boolean SCREENSHOTS = Boolean.getBoolean("reelgate.screenshots");
    static final Color CORAL = new Color(220, 30, 30);
    static final Color BLUE = new Color(30, 40, 220);

    @Inject
    Fixtures fixtures;
    @Inject
    ProviderRuns runs;
    @Inject
    RouteHealth routes;
    @Inject
    JobQueries jobs;
    @Inject
    ObjectStore store;

    @BeforeEach
    @AfterEach
    void healthy() {
        routes.restore();
    }

    @Test
    void twoReferencesOnVeoShowAsThumbnailsAndInTheFinishedVideo() throws IOException {
        String name = Fixtures.unique("reva");
        Login.as(name);
        Team team = runs.fundedTeam("refs", "HARD");
        fixtures.member(team, new Session(name, Map.of()), TeamRole.MEMBER);
        Path coral = png("coral", CORAL);
        Path blue = png("blue", BLUE);
        long id;
        try (Browser browser = Browser.open(1280)) {
            WebDriver driver = browser.driver();
            signedIntoStudio(browser, name, team);
            compose(browser, coral, blue);
            assertThat(driver.findElement(By.id("images-rules")).getText()).startsWith("Up to 3 references (asset or style)");
            assertThat(driver.findElements(By.cssSelector(".ref-slot[data-chosen] img.ref-thumb"))).as("two thumbnails")
                    .hasSize(2).allMatch(img -> img.isDisplayed());
            assertThat(driver.findElements(By.id("creative-problem"))).as("Veo 3.1 takes them at 8 s").isEmpty();

            // a removed reference goes, and can be chosen again
            driver.findElement(By.cssSelector("[data-clear-file=reference2]")).click();
            browser.waiting().until(d -> d.findElements(By.cssSelector(".ref-slot[data-chosen]")).size() == 1);
            driver.findElement(By.id("reference2")).sendKeys(blue.toString());
            new Select(driver.findElement(By.id("reference2-kind"))).selectByValue("style");
            browser.waiting().until(d -> d.findElements(By.cssSelector(".ref-slot[data-chosen]")).size() == 2);

            driver.findElement(By.id("prompt")).sendKeys("A lighthouse keeper walks along the pier at dusk " + Fixtures.unique("r"));
            browser.waiting().until(ExpectedConditions.textMatches(By.id("prompt-count"), java.util.regex.Pattern.compile("^[1-9].*")));
            driver.findElement(By.id("submit-button")).click();
            browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("flash-region"), "on its way"));
            String card = driver.findElement(By.cssSelector(".job-card")).getAttribute("id");
            new WebDriverWait(driver, Duration.ofSeconds(90)).ignoring(StaleElementReferenceException.class)
                    .until(ExpectedConditions.textToBePresentInElementLocated(By.id(card), "Ready in"));
            assertThat(driver.findElement(By.cssSelector("#" + card + " [data-testid=creative]")).getText())
                    .isEqualTo("Made from 2 references · asset, style");
            id = Long.parseLong(card.substring("job-".length()));

            if (SCREENSHOTS) {
                browser.go("/t/" + team.slug + "/studio");
                compose(browser, coral, blue);
                driver.findElement(By.id("prompt")).sendKeys("The same keeper, now rowing a small boat out to the lighthouse");
                JavascriptExecutor js = (JavascriptExecutor) driver;
                js.executeScript("document.getElementById('estimate-panel').setAttribute('data-stale', 'true')");
                new Select(driver.findElement(By.id("reference2-kind"))).selectByValue("style");
                // the estimate that follows the choice has replaced the one before it
                browser.waiting().until(d -> Boolean.TRUE.equals(js.executeScript("return !document.querySelector("
                        + "'#estimate-panel[data-stale]') && !document.querySelector('.htmx-request')")));
                browser.screenshot("studio-references-1280");
            }
        }

        Mp4.Decoded clip = decoded(id);
        for (BufferedImage frame : List.of(clip.first(), clip.last())) {
            int side = Math.max(6, frame.getHeight() / 3);
            int x = frame.getWidth() - side / 2;
            assertTrue(Images.near(CORAL, frame.getRGB(x, side / 2), 40), "the first reference's swatch, top right");
            assertTrue(Images.near(BLUE, frame.getRGB(x, side + side / 2), 40), "the second reference's swatch below it");
        }

        if (SCREENSHOTS) {
            try (Browser narrow = Browser.open(375)) {
                signedIntoStudio(narrow, name, team);
                compose(narrow, coral, blue);
                narrow.screenshot("studio-references-375");
            }
        }
    }

    private static void signedIntoStudio(Browser browser, String name, Team team) {
        browser.signInAsCustom(name, "user");
        browser.waiting().until(ExpectedConditions.urlContains("/t/"));
        browser.go("/t/" + team.slug + "/studio");
    }

    /** Chooses Veo 3.1 at 8 s, 1280x720 and two references: the first an asset, the second (for now) an asset too. */
    private static void compose(Browser browser, Path first, Path second) {
        WebDriver driver = browser.driver();
        new Select(driver.findElement(By.id("model"))).selectByValue("veo-3.1");
        browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("reference1")));
        new Select(driver.findElement(By.id("size"))).selectByValue("1280x720");
        new Select(driver.findElement(By.id("seconds"))).selectByValue("8");
        driver.findElement(By.id("reference1")).sendKeys(first.toString());
        driver.findElement(By.id("reference2")).sendKeys(second.toString());
        browser.waiting().until(d -> d.findElements(By.cssSelector(".ref-slot[data-chosen]")).size() == 2);
        // the estimate has followed: 8 s on Vertex AI, the first route that takes the references
        browser.waiting().until(ExpectedConditions.textToBe(By.id("estimate-cost"), "$1.60"));
        browser.waiting().until(d -> d.findElements(By.cssSelector(".htmx-request")).isEmpty());
    }

    private static Path png(String name, Color colour) throws IOException {
        Path file = Files.createTempFile("reference-" + name, ".png");
        Files.write(file, Images.solid(colour, 512, 512).bytes());
        file.toFile().deleteOnExit();
        return file;
    }

    private Mp4.Decoded decoded(long jobId) throws IOException {
        VideoAsset video = jobs.assets(List.of(jobId)).get(jobId).get(Variant.VIDEO);
        Path file = Files.createTempFile("references", ".mp4");
        try (InputStream in = store.open(video.objectKey, 0, null)) {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return Mp4.decode(file);
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
