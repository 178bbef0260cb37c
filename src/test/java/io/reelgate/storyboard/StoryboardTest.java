package io.reelgate.storyboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.budget.BudgetSettings;
import io.reelgate.budget.Ledger;
import io.reelgate.budget.Money;
import io.reelgate.generation.JobState;
import io.reelgate.generation.VideoJob;
import io.reelgate.team.ChangeRefused;
import io.reelgate.team.Team;
import io.reelgate.team.TeamRole;
import io.reelgate.team.Tier;
import io.reelgate.testing.DatabaseSnapshot;
import io.reelgate.testing.Fixtures;
import io.reelgate.testing.Session;
import io.reelgate.testing.TestClock;

/** Whole-sequence admission, pausing on a failed shot and stopping, against the real pipeline and simulator. */
@QuarkusTest
class StoryboardTest {

    @Inject
    Fixtures fixtures;
    @Inject
    BudgetSettings settings;
    @Inject
    Storyboards boards;
    @Inject
    BoardEdits edits;
    @Inject
    Ledger ledger;
    @Inject
    DataSource dataSource;
    @Inject
    TestClock clock;

    private record Setup(Team team, long member, Storyboard board) {
    }

    /** A team with a budget of {@code budget} dollars and a board of three 4 s sora-2 shots ($0.40 each). */
    private Setup threeShots(String budget, String secondPrompt) {
        Team team = fixtures.team("board", Tier.PRO);
        settings.update(team.id, new BudgetSettings.Form(budget, "1", "HARD", "0", "", "50"));
        Session session = fixtures.memberOf(team, "director", TeamRole.MEMBER);
        long member = fixtures.userId(session);
        Storyboard board = edits.create(team.id, member, "The lighthouse " + Fixtures.unique("l"), "1280x720");
        edits.describe(team.id, board.id, board.title, "an old keeper in a yellow raincoat");
        edits.addShot(team.id, board.id, new BoardEdits.ShotForm("The keeper climbs the stairs", "simulator/sora-2", 4, true));
        edits.addShot(team.id, board.id, new BoardEdits.ShotForm(secondPrompt, "simulator/sora-2", 4, true));
        edits.addShot(team.id, board.id, new BoardEdits.ShotForm("The lamp turns on the sea", "simulator/sora-2", 4, true));
        return new Setup(team, member, board);
    }

    @Test
    void aBudgetForTwoOfThreeShotsRefusesGenerateAllWithTheNumbersAndChangesNothing() {
        Setup s = threeShots("1", "The keeper lights the lamp");
        assertThat(boards.estimate(s.team().id, s.member(), s.board().id).orElseThrow().onModels().total())
                .isEqualTo(Money.parse("1.20"));
        Map<String, String> before = DatabaseSnapshot.ofTeam(dataSource, s.team().id);

        Storyboards.Started started = boards.generate(s.team().id, s.member(), s.board().id, false);

        assertThat(started.hold().refused()).isTrue();
        assertThat(started.hold().refusal().message()).contains("These 3 shots (12 s) would cost $1.20")
                .contains("only $1.00 of the team's $1.00 budget");
        assertThat(DatabaseSnapshot.ofTeam(dataSource, s.team().id)).as("nothing held, nothing started").isEqualTo(before);
        assertThat(board(s.board().id).state).isEqualTo(Storyboard.State.EDITING);
        assertThat(shots(s.board().id)).allMatch(shot -> shot.holdReservationId == null && shot.jobId == null);
    }

    @Test
    void aShotBlockedByModerationPausesTheBoardAndStopReleasesTheRestExactly() {
        Setup s = threeShots("10", "The keeper sees a bloodbath on the rocks moderation-trigger");
        boards.generate(s.team().id, s.member(), s.board().id, false);
        assertThat(ledger.balance(s.team().id, clock.instant()).reserved()).as("the whole sequence is held")
                .isEqualTo(Money.parse("1.20"));

        Storyboard paused = await(() -> QuarkusTransaction.requiringNew().call(() -> {
            Storyboard b = Storyboard.findById(s.board().id);
            return b.state == Storyboard.State.PAUSED ? b : null;
        }));
        assertThat(paused.pauseReason).startsWith("Shot 2:");
        List<StoryboardShot> shots = shots(s.board().id);
        assertThat(paused.pausedShotId).isEqualTo(shots.get(1).id);
        assertThat(shots.get(2).holdReservationId).as("shot 3 never left: it waits for shot 2's last frame").isNotNull();
        VideoJob first = job(shots.get(0).jobId);
        VideoJob second = job(shots.get(1).jobId);
        assertThat(first.state).isEqualTo(JobState.COMPLETED);
        assertThat(second.state).isEqualTo(JobState.FAILED);
        assertThat(second.errorCode).isEqualTo("moderation_blocked");
        assertThat(first.prompt).as("what every shot keeps is in every prompt").endsWith("an old keeper in a yellow raincoat");
        assertThatThrownBy(() -> boards.generate(s.team().id, s.member(), s.board().id, false))
                .isInstanceOf(ChangeRefused.class).hasMessageContaining("paused");

        Money released = boards.stop(s.team().id, s.board().id);

        assertThat(released).as("shot 3's hold, exactly").isEqualTo(Money.parse("0.40"));
        var balance = ledger.balance(s.team().id, clock.instant());
        assertThat(balance.reserved()).isEqualTo(Money.ZERO);
        assertThat(balance.spent()).as("shot 1 and the refused output of shot 2 (charged by policy)")
                .isEqualTo(Money.ofMicros(first.chargedMicros + second.chargedMicros));
        assertThat(ledger.reconcile().balanced()).isTrue();
        assertThat(board(s.board().id).state).isEqualTo(Storyboard.State.EDITING);
        assertThat(shots(s.board().id).get(2).holdReservationId).isNull();
    }

    @Test
    void shotsChangeOnlyWhileTheyHaveNoTakeAndEverySizeIsTheBoards() {
        Setup s = threeShots("10", "The keeper lights the lamp");
        List<StoryboardShot> shots = shots(s.board().id);
        edits.moveShot(s.team().id, s.board().id, shots.get(2).id, -1);
        assertThat(shots(s.board().id)).extracting(x -> x.prompt)
                .containsExactly("The keeper climbs the stairs", "The lamp turns on the sea", "The keeper lights the lamp");
        edits.removeShot(s.team().id, s.board().id, shots.get(0).id);
        assertThat(shots(s.board().id)).extracting(x -> x.position).containsExactly(1, 2);
        assertThatThrownBy(() -> edits.addShot(s.team().id, s.board().id,
                new BoardEdits.ShotForm("A wide shot", "simulator/sora-2-pro", 4, true)))
                .isInstanceOf(ChangeRefused.class).hasMessageContaining("makes shots of 10 s, 15 s, 25 s");
        Storyboard portrait = edits.create(s.team().id, s.member(), "Tall", "1792x1024");
        assertThatThrownBy(() -> edits.addShot(s.team().id, portrait.id,
                new BoardEdits.ShotForm("A wide shot", "simulator/sora-2", 4, true)))
                .isInstanceOf(ChangeRefused.class).hasMessageContaining("cannot make 1792x1024 videos");
    }

    /** Fresh reads, each in its own transaction (the test's request-scoped session would cache them). */
    private List<StoryboardShot> shots(long boardId) {
        return QuarkusTransaction.requiringNew().call(() -> boards.shots(boardId));
    }

    private static Storyboard board(long id) {
        return QuarkusTransaction.requiringNew().call(() -> Storyboard.<Storyboard>findById(id));
    }

    private static VideoJob job(long id) {
        return QuarkusTransaction.requiringNew().call(() -> VideoJob.<VideoJob>findById(id));
    }

    private static <T> T await(Supplier<T> condition) {
        return Awaitility.await("the storyboard pauses").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(condition::get, java.util.Objects::nonNull);
    }
}
