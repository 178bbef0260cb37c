package io.reelgate.storyboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import javax.imageio.ImageIO;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.budget.BudgetSettings;
import io.reelgate.budget.Ledger;
import io.reelgate.budget.Money;
import io.reelgate.generation.InputSweep;
import io.reelgate.generation.JobState;
import io.reelgate.generation.StitchedVideos;
import io.reelgate.generation.VideoJob;
import io.reelgate.storage.ObjectStore;
import io.reelgate.team.Team;
import io.reelgate.team.TeamRole;
import io.reelgate.team.Tier;
import io.reelgate.testing.Fixtures;
import io.reelgate.testing.Session;
import io.reelgate.testing.TestClock;

/**
 * A board's life after "generate", against the real pipeline, simulators and storage: retry after a
 * pause, re-generating one shot, draft then final, a stitch an instance died in, shots queued by the
 * rate limit, and a shot that starts from an uploaded image.
 */
@QuarkusTest
class StoryboardRunsTest {

    @Inject
    Fixtures fixtures;
    @Inject
    BudgetSettings settings;
    @Inject
    Storyboards boards;
    @Inject
    BoardEdits edits;
    @Inject
    Stitching stitching;
    @Inject
    StitchedVideos stitched;
    @Inject
    Ledger ledger;
    @Inject
    TestClock clock;
    @Inject
    ObjectStore store;
    @Inject
    InputSweep inputs;
    @Inject
    EntityManager em;

    private record Setup(Team team, long member, Session session, Storyboard board) {
    }

    private Setup board(String model, String... prompts) {
        Team team = fixtures.team("runs", Tier.PRO);
        settings.update(team.id, new BudgetSettings.Form("50", "1", "HARD", "0", "", "50"));
        Session session = fixtures.memberOf(team, "editor", TeamRole.MEMBER);
        long member = fixtures.userId(session);
        Storyboard board = edits.create(team.id, member, "Runs " + Fixtures.unique("r"), "1280x720");
        for (String prompt : prompts) {
            edits.addShot(team.id, board.id, new BoardEdits.ShotForm(prompt, model, 4, true));
        }
        return new Setup(team, member, session, board);
    }

    @Test
    void aPausedShotRetriedWithAnEditedPromptFinishesTheBoardAndEveryTakeIsCharged() {
        Setup s = board("simulator/sora-2", "A boat leaves the harbour", "A storm, a bloodbath of waves moderation-trigger",
                "The boat returns at dawn");
        boards.generate(s.team().id, s.member(), s.board().id, false);
        Storyboard paused = await(s, b -> b.state == Storyboard.State.PAUSED);
        long second = shots(s).get(1).id;

        boards.regenerate(s.team().id, s.member(), s.board().id, second, "A storm: high waves, rain on the deck");

        Storyboard done = await(s, b -> b.state == Storyboard.State.DONE);
        assertThat(paused.pausedShotId).isEqualTo(second);
        assertThat(shots(s).get(1).prompt).isEqualTo("A storm: high waves, rain on the deck");
        List<Storyboards.Take> takes = boards.takeHistory(s.board().id);
        assertThat(takes).extracting(Storyboards.Take::shot).containsExactly(1, 2, 2, 3);
        assertThat(takes.get(1).state()).isEqualTo(JobState.FAILED);
        assertThat(stitched.chapters(done.videoJobId)).extracting(StitchedVideos.Chapter::sourceJobId)
                .containsExactly(takes.get(0).jobId(), takes.get(2).jobId(), takes.get(3).jobId());
        var balance = ledger.balance(s.team().id, clock.instant());
        assertThat(balance.reserved()).isEqualTo(Money.ZERO);
        assertThat(balance.spent()).as("every take, the refused one by policy included")
                .isEqualTo(Money.ofMicros(takes.stream().mapToLong(Storyboards.Take::chargedMicros).sum()));
        assertThat(ledger.reconcile().balanced()).isTrue();
    }

    @Test
    void reGeneratingOneShotKeepsTheOthersAndStitchesASecondCut() {
        Setup s = board("simulator/sora-2", "A kite rises", "The kite loops", "The kite lands");
        boards.generate(s.team().id, s.member(), s.board().id, false);
        Storyboard first = await(s, b -> b.state == Storyboard.State.DONE);
        List<Long> before = shots(s).stream().map(x -> x.jobId).toList();

        boards.regenerate(s.team().id, s.member(), s.board().id, shots(s).get(1).id, null);

        Storyboard second = await(s, b -> b.state == Storyboard.State.DONE && b.cut == 2);
        List<Long> after = shots(s).stream().map(x -> x.jobId).toList();
        assertThat(after.get(0)).isEqualTo(before.get(0));
        assertThat(after.get(2)).isEqualTo(before.get(2));
        assertThat(after.get(1)).isNotEqualTo(before.get(1));
        assertThat(second.videoJobId).isNotEqualTo(first.videoJobId);
        assertThat(stitched.chapters(second.videoJobId)).extracting(StitchedVideos.Chapter::sourceJobId)
                .containsExactlyElementsOf(after);
        assertThat(job(first.videoJobId).state).as("the first cut stays a video of its own").isEqualTo(JobState.COMPLETED);
    }

    @Test
    void aDraftBoardIsMadeOnTheCheapestDraftModelAndMadeFinalShotByShot() {
        Setup s = board("veo/veo-3.1-generate-preview", "A fox in the snow", "The fox runs into the forest");
        Storyboards.Estimates estimate = boards.estimate(s.team().id, s.member(), s.board().id).orElseThrow();
        assertThat(estimate.onDrafts()).as("Veo 3.1 Lite at $0.05/s").isNotNull();
        assertThat(estimate.onDrafts().total()).isEqualTo(Money.parse("0.40"));
        assertThat(estimate.onDrafts().total()).isLessThan(estimate.onModels().total());

        boards.generate(s.team().id, s.member(), s.board().id, true);
        await(s, b -> b.state == Storyboard.State.DONE);
        assertThat(shots(s)).extracting(x -> job(x.jobId).model).containsOnly("veo-3.1-lite-generate-preview");

        boards.makeFinal(s.team().id, s.member(), s.board().id, null);

        Storyboard finished = await(s, b -> b.state == Storyboard.State.DONE && b.cut == 2);
        assertThat(shots(s)).extracting(x -> job(x.jobId).model).containsOnly("veo-3.1-generate-preview");
        assertThat(job(finished.videoJobId).stitched()).isTrue();
        assertThat(boards.takeHistory(s.board().id)).hasSize(4);
    }

    @Test
    void aStitchAnInstanceDiedInIsDoneAgainByTheSweepAndOnlyOnce() {
        Setup s = board("simulator/sora-2", "Rain on a window", "A cat watches the rain");
        boards.generate(s.team().id, s.member(), s.board().id, false);
        await(s, b -> b.state == Storyboard.State.DONE);
        // an instance claimed the next cut's stitch and died: its lease ran out
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                update storyboard
                set state = 'STITCHING', cut = cut + 1, stitch_lease_until = now() - interval '1 second'
                where id = ?1
                """).setParameter(1, s.board().id).executeUpdate());

        Storyboard again = await(s, b -> b.state == Storyboard.State.DONE);
        stitching.stitch(s.board().id); // a late second attempt finds the board done

        assertThat(again.cut).isEqualTo(2);
        assertThat(stitchedVideos(s)).as("one video per cut").hasSize(2);
        assertThat(store.list("teams/" + s.team().id + "/storyboards/" + s.board().id + "/cut-2/"))
                .extracting(k -> k.substring(k.lastIndexOf('/') + 1))
                .containsExactlyInAnyOrder("video.mp4", "thumbnail.jpg", "spritesheet.jpg");
    }

    @Test
    void shotsCountAgainstTheRateLimitWhenTheyAreSentNotWhenTheBoardIsHeld() {
        Team team = fixtures.team("limited", Tier.PRO);
        settings.update(team.id, new BudgetSettings.Form("50", "1", "HARD", "0", "", "50"));
        fixtures.teamsCustomLimits(team.id, 1, 100);
        Session session = fixtures.memberOf(team, "editor", TeamRole.MEMBER);
        long member = fixtures.userId(session);
        Storyboard board = edits.create(team.id, member, "Limited " + Fixtures.unique("l"), "1280x720");
        for (String prompt : List.of("A red door", "A blue door", "A green door")) {
            edits.addShot(team.id, board.id, new BoardEdits.ShotForm(prompt, "simulator/sora-2", 4, false));
        }
        Setup s = new Setup(team, member, session, board);

        Storyboards.Started started = boards.generate(team.id, member, board.id, false);

        assertThat(started.hold().refused()).as("holding three shots is not three requests").isFalse();
        await(s, b -> shots(s).stream().allMatch(x -> x.jobId != null));
        List<VideoJob> jobs = shots(s).stream().map(x -> job(x.jobId)).toList();
        assertThat(jobs.stream().filter(j -> j.notBefore != null)).as("two of three fresh shots wait for the next minutes")
                .hasSize(2);
        boards.stop(team.id, board.id);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> shots(s).stream().map(x -> job(x.jobId))
                .allMatch(j -> j.state.terminal()));
        assertThat(ledger.balance(team.id, clock.instant()).reserved()).isEqualTo(Money.ZERO);
        assertThat(ledger.reconcile().balanced()).isTrue();
    }

    @Test
    void aShotCanStartFromAnUploadedImageThatTheInputSweepKeeps() throws IOException {
        Setup s = board("simulator/sora-2");
        String url = "/t/" + s.team().slug + "/storyboards/" + s.board().id + "/shots";
        s.session().given().multiPart("_csrf", s.session().csrf()).multiPart("prompt", "The picture comes alive")
                .multiPart("model", "simulator/sora-2").multiPart("seconds", "4").multiPart("start", "IMAGE")
                .multiPart("image", "small.png", png(640, 360), "image/png").redirects().follow(false)
                .post(url).then().statusCode(303);
        assertThat(shots(s)).as("a 640x360 image for a 1280x720 board is refused: Sora needs the video's size").isEmpty();

        s.session().given().multiPart("_csrf", s.session().csrf()).multiPart("prompt", "The picture comes alive")
                .multiPart("model", "simulator/sora-2").multiPart("seconds", "4").multiPart("start", "IMAGE")
                .multiPart("image", "still.png", png(1280, 720), "image/png").redirects().follow(false)
                .post(url).then().statusCode(303);
        StoryboardShot shot = shots(s).get(0);
        assertThat(shot.start).isEqualTo(StoryboardShot.Start.IMAGE);
        clock.advance(Duration.ofDays(3));
        try {
            inputs.sweep();
        } finally {
            clock.reset();
        }
        assertThat(store.stat(shot.imageKey)).as("a shot's image is in use").isPresent();

        boards.generate(s.team().id, s.member(), s.board().id, false);
        await(s, b -> b.state == Storyboard.State.DONE);
        assertThat(job(shots(s).get(0).jobId).inputImageKey).as("sent as the first frame").isNotNull();
    }

    private static byte[] png(int width, int height) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB), "png", out);
        return out.toByteArray();
    }

    private List<StoryboardShot> shots(Setup s) {
        return QuarkusTransaction.requiringNew().call(() -> boards.shots(s.board().id));
    }

    private static VideoJob job(long id) {
        return QuarkusTransaction.requiringNew().call(() -> VideoJob.<VideoJob>findById(id));
    }

    private List<VideoJob> stitchedVideos(Setup s) {
        return QuarkusTransaction.requiringNew().call(() -> VideoJob.<VideoJob>list(
                "storyboardId = ?1 and reservationId is null", s.board().id));
    }

    private static Storyboard await(Setup s, Predicate<Storyboard> condition) {
        return Awaitility.await("storyboard " + s.board().id).atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> QuarkusTransaction.requiringNew().call(() -> Storyboard.<Storyboard>findById(s.board().id)),
                        condition);
    }
}
