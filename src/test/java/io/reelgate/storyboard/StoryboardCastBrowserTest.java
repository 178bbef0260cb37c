package io.reelgate.storyboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import jakarta.inject.Inject;

import org.jcodec.api.FrameGrab;
import org.jcodec.api.JCodecException;
import org.jcodec.common.io.NIOUtils;
import org.jcodec.common.io.SeekableByteChannel;
import org.jcodec.scale.AWTUtil;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.budget.BudgetSettings;
import io.reelgate.budget.Ledger;
import io.reelgate.budget.Money;
import io.reelgate.generation.JobQueries;
import io.reelgate.generation.VideoJob;
import io.reelgate.provider.Variant;
import io.reelgate.storage.ObjectStore;
import io.reelgate.team.RoutePolicies;
import io.reelgate.team.Team;
import io.reelgate.team.TeamRole;
import io.reelgate.team.Tier;
import io.reelgate.testing.Browser;
import io.reelgate.testing.Fixtures;
import io.reelgate.testing.Images;
import io.reelgate.testing.Login;
import io.reelgate.testing.Session;
import io.reelgate.testing.TestClock;

/**
 * The cast end to end in Chromium (issue 30): two reference images uploaded on the board page, three 8 s Veo
 * shots that each show which images they use, one stitched video in which every shot shows both images
 * (the simulator draws a swatch per reference at the top right of every frame), and a ledger that adds up.
 */
@QuarkusTest
class StoryboardCastBrowserTest {

    private static final boolean SCREENSHOTS = Boolean.getBoolean("reelgate.screenshots");
    private static final Color RED = new Color(220, 30, 30);
    private static final Color BLUE = new Color(30, 40, 220);

    @Inject
    Fixtures fixtures;
    @Inject
    BudgetSettings settings;
    @Inject
    JobQueries jobs;
    @Inject
    ObjectStore store;
    @Inject
    Ledger ledger;
    @Inject
    TestClock clock;
    @Inject
    RoutePolicies policies;

    @Test
    void aBoardWithATwoImageCastShowsBothInEveryShotOfItsStitchedVideo() throws IOException {
        String name = Fixtures.unique("mara");
        Session session = Login.as(name);
        Team team = fixtures.team("cast", Tier.PRO);
        settings.update(team.id, new BudgetSettings.Form("100", "1", "HARD", "0", "", "50"));
        fixtures.member(team, session, TeamRole.MEMBER);
        // the team sends Veo 3.1 to the Gemini API's Veo (the "veo" provider), as its admin can choose
        policies.save(team.id, new RoutePolicies.TeamPolicy("veo-3.1", "PINNED", "veo/veo-3.1-generate-preview", Set.of()));
        String title = "The lighthouse keeper " + Fixtures.unique("k");
        Path keeper = image(RED, "keeper");
        Path lantern = image(BLUE, "lantern");
        long boardId;
        try (Browser browser = Browser.open(1280)) {
            WebDriver driver = browser.driver();
            browser.signInAsCustom(name, "user");
            browser.waiting().until(ExpectedConditions.urlContains("/t/"));
            browser.go("/t/" + team.slug + "/storyboards");
            driver.findElement(By.id("board-title")).sendKeys(title);
            new Select(driver.findElement(By.id("board-size"))).selectByValue("1280x720");
            driver.findElement(By.id("create-board")).click();
            browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("flash-region"), "add its shots"));

            addToCast(browser, keeper, "Mara, the keeper");
            addToCast(browser, lantern, "The blue lantern");
            assertThat(driver.findElements(By.cssSelector("[data-testid=cast-member]"))).hasSize(2);
            assertThat(driver.findElement(By.id("cast-count")).getText()).isEqualTo("2 of 3");

            String[] prompts = { "Mara climbs the spiral stairs, the lantern in hand",
                "At the top, Mara sets the lantern down and lights the great lamp",
                "The beam sweeps across a stormy sea while Mara watches" };
            for (int i = 0; i < prompts.length; i++) {
                driver.findElement(By.id("new-prompt")).sendKeys(prompts[i]);
                new Select(driver.findElement(By.id("new-model"))).selectByValue("veo-3.1");
                new Select(driver.findElement(By.id("new-seconds"))).selectByValue("8");
                driver.findElement(By.id("new-submit")).click();
                browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("flash-region"),
                        "Shot " + (i + 1) + " added"));
            }
            List<WebElement> shots = driver.findElements(By.cssSelector("[data-testid=shot]"));
            assertThat(shots).hasSize(3);
            for (WebElement shot : shots) {
                assertThat(shot.findElements(By.cssSelector("[data-testid=shot-cast-member]"))).extracting(WebElement::getText)
                        .as("every shot shows the cast it will be sent with").containsExactly("Mara, the keeper", "The blue lantern");
            }
            assertThat(shots.get(1).getText()).as("Veo cannot take a first frame with references")
                    .contains("starts from the cast").contains("instead of shot 1’s last frame");
            assertThat(driver.findElement(By.id("sequence-cost")).getText()).as("3 × 8 s at $0.40/s, references or not")
                    .isEqualTo("$9.60");

            driver.findElement(By.id("generate-all")).click();
            browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("flash-region"), "3 shots on the way"));
            new WebDriverWait(driver, Duration.ofSeconds(150)).until(
                    ExpectedConditions.presenceOfElementLocated(By.cssSelector("#player track[kind=chapters]")));
            assertThat(driver.findElement(By.id("board-state")).getText()).isEqualTo("Ready");
            for (WebElement shot : driver.findElements(By.cssSelector("[data-testid=shot]"))) {
                assertThat(shot.findElement(By.cssSelector("[data-testid=shot-cast]")).getText())
                        .as("each shot says what its take was made with").startsWithIgnoringCase("made with")
                        .contains("Mara, the keeper").contains("The blue lantern");
            }
            Browser.playsFromTheStart(driver);
            boardId = QuarkusTransaction.requiringNew().call(() -> Storyboard.<Storyboard>find("title", title).firstResult().id);
            if (SCREENSHOTS) {
                browser.go("/t/" + team.slug + "/storyboards/" + boardId);
                browser.screenshot("storyboard-cast-1280");
            }
        }
        if (SCREENSHOTS) {
            try (Browser narrow = Browser.open(375)) {
                narrow.signInAsCustom(name, "user");
                narrow.waiting().until(ExpectedConditions.urlContains("/t/"));
                narrow.go("/t/" + team.slug + "/storyboards/" + boardId);
                narrow.screenshot("storyboard-cast-375");
            }
        }

        Storyboard board = QuarkusTransaction.requiringNew().call(() -> Storyboard.<Storyboard>findById(boardId));
        List<VideoJob> takes = QuarkusTransaction.requiringNew().call(() -> StoryboardShot.<StoryboardShot>find(
                "storyboardId = ?1 order by position", boardId).list().stream()
                .map(s -> VideoJob.<VideoJob>findById(s.jobId)).toList());
        assertThat(takes).extracting(t -> t.provider + "/" + t.model).containsOnly("veo/veo-3.1-generate-preview");
        Path stitched = download(board.videoJobId);
        double start = 0;
        for (VideoJob take : takes) {
            BufferedImage frame = frameAt(stitched, start + take.seconds / 2.0);
            int side = Math.max(6, frame.getHeight() / 3);
            int x = frame.getWidth() - side / 2;
            int shot = takes.indexOf(take) + 1;
            assertThat(Images.near(RED, frame.getRGB(x, side / 2), 40))
                    .as("shot %d of the stitched video shows the first reference's swatch", shot).isTrue();
            assertThat(Images.near(BLUE, frame.getRGB(x, side + side / 2), 40))
                    .as("shot %d of the stitched video shows the second reference's swatch", shot).isTrue();
            start += take.seconds;
        }

        var balance = ledger.balance(team.id, clock.instant());
        long charged = takes.stream().mapToLong(t -> t.chargedMicros).sum();
        assertThat(balance.reserved()).as("nothing is left held").isEqualTo(Money.ZERO);
        assertThat(balance.spent()).as("the team paid the three shots, exactly").isEqualTo(Money.ofMicros(charged))
                .isEqualTo(Money.parse("9.60"));
        assertThat(ledger.reconcile().balanced()).isTrue();
    }

    private static void addToCast(Browser browser, Path image, String label) {
        WebDriver driver = browser.driver();
        driver.findElement(By.id("cast-image")).sendKeys(image.toAbsolutePath().toString());
        driver.findElement(By.id("cast-label")).sendKeys(label);
        new Select(driver.findElement(By.id("cast-kind"))).selectByValue("ASSET");
        driver.findElement(By.id("cast-submit")).click();
        browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("flash-region"),
                "“" + label + "” joined the cast"));
    }

    /** A solid-colour PNG on disk, for the file input. */
    private static Path image(Color colour, String name) throws IOException {
        Path file = Files.createTempFile("reelgate-" + name + "-", ".png");
        Files.write(file, Images.solid(colour, 640, 360).bytes());
        file.toFile().deleteOnExit();
        return file;
    }

    private Path download(long jobId) throws IOException {
        String key = jobs.assets(List.of(jobId)).get(jobId).get(Variant.VIDEO).objectKey;
        Path file = Files.createTempFile("reelgate-cast-", ".mp4");
        file.toFile().deleteOnExit();
        try (InputStream in = store.open(key, 0, null)) {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return file;
    }

    /** The decoded frame at {@code seconds} into the file. */
    private static BufferedImage frameAt(Path file, double seconds) throws IOException {
        try (SeekableByteChannel channel = NIOUtils.readableChannel(file.toFile())) {
            FrameGrab grab = FrameGrab.createFrameGrab(channel);
            grab.seekToSecondPrecise(seconds);
            return AWTUtil.toBufferedImage(grab.getNativeFrame());
        } catch (JCodecException e) {
            throw new IOException(e);
        }
    }
}
