package io.reelgate.storyboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.budget.BudgetSettings;
import io.reelgate.budget.Ledger;
import io.reelgate.budget.Money;
import io.reelgate.generation.InputSweep;
import io.reelgate.generation.JobInputs;
import io.reelgate.generation.VideoJob;
import io.reelgate.provider.Reference;
import io.reelgate.storage.ObjectStore;
import io.reelgate.team.ChangeRefused;
import io.reelgate.team.Team;
import io.reelgate.team.TeamRole;
import io.reelgate.team.Tier;
import io.reelgate.testing.DatabaseSnapshot;
import io.reelgate.testing.Fixtures;
import io.reelgate.testing.Images;
import io.reelgate.testing.Session;
import io.reelgate.testing.TestClock;

/**
 * A board's cast (issue 30) against the real pipeline and simulators: uploads are checked as first frames
 * are; a shot on a model without references continues from the last frame and says so, while the Veo shot
 * before it is sent with the cast; a shot its provider would refuse with the cast stops "generate" before
 * anything is held, with the reason on the shot.
 */
@QuarkusTest
class StoryboardCastTest {

    static final String VEO = "veo/veo-3.1-generate-preview";

    @Inject
    Fixtures fixtures;
    @Inject
    BudgetSettings settings;
    @Inject
    Storyboards boards;
    @Inject
    BoardEdits edits;
    @Inject
    BoardCast cast;
    @Inject
    JobInputs inputs;
    @Inject
    InputSweep sweep;
    @Inject
    ObjectStore store;
    @Inject
    Ledger ledger;
    @Inject
    DataSource dataSource;
    @Inject
    TestClock clock;

    private record Setup(Team team, long member, Session session, Storyboard board) {

        String url() {
            return "/t/" + team.slug + "/storyboards/" + board.id;
        }
    }

    private Setup board() {
        Team team = fixtures.team("cast", Tier.PRO);
        settings.update(team.id, new BudgetSettings.Form("50", "1", "HARD", "0", "", "50"));
        Session session = fixtures.memberOf(team, "director", TeamRole.MEMBER);
        long member = fixtures.userId(session);
        Storyboard board = edits.create(team.id, member, "Cast " + Fixtures.unique("c"), "1280x720");
        return new Setup(team, member, session, board);
    }

    /** Posts the cast form as the page does; the answer is a redirect either way (the message is in the flash). */
    private static void upload(Setup s, String label, String kind, String file, byte[] bytes, String type) {
        s.session().given().multiPart("_csrf", s.session().csrf()).multiPart("label", label).multiPart("kind", kind)
                .multiPart("image", file, bytes, type).redirects().follow(false).post(s.url() + "/cast")
                .then().statusCode(303);
    }

    @Test
    void aShotOnAModelWithoutReferencesContinuesFromTheLastFrameAndSaysSo() {
        Setup s = board();
        upload(s, "Notes", "ASSET", "notes.png", "not an image at all".getBytes(), "image/png");
        assertThat(members(s)).as("a file that is not an image does not join the cast").isEmpty();
        upload(s, "Mara, the keeper", "ASSET", "mara.png", Images.solid(new Color(220, 30, 30), 320, 180).bytes(),
                "image/png");
        List<BoardCast.Member> members = members(s);
        assertThat(members).extracting(BoardCast.Member::label).containsExactly("Mara, the keeper");

        edits.addShot(s.team().id, s.board().id, new BoardEdits.ShotForm("Mara climbs the stairs", VEO, 8, true));
        edits.addShot(s.team().id, s.board().id, new BoardEdits.ShotForm("She lights the lamp", "simulator/sora-2", 4, true));
        String draft = page(s);
        assertThat(draft).as("shot 2 says, before it is made, that it goes without the cast")
                .contains("takes no reference images: this shot continues from shot 1’s last frame, without the cast.");

        boards.generate(s.team().id, s.member(), s.board().id, false);
        await(s, b -> b.state == Storyboard.State.DONE);

        List<StoryboardShot> shots = shots(s);
        VideoJob veo = job(shots.get(0).jobId);
        VideoJob sora = job(shots.get(1).jobId);
        assertThat(inputs.referenceKinds(veo.id)).as("the Veo shot was sent with the cast").containsExactly(Reference.Kind.ASSET);
        assertThat(inputs.referenceKinds(sora.id)).as("Sora takes no references").isEmpty();
        assertThat(sora.inputImageKey).as("so it starts from shot 1's last frame").isNotNull();
        String done = page(s);
        assertThat(done).contains("Made with").contains("Mara, the keeper")
                .contains("takes no reference images: this shot continues from shot 1’s last frame, without the cast.");

        var balance = ledger.balance(s.team().id, clock.instant());
        assertThat(balance.reserved()).isEqualTo(Money.ZERO);
        assertThat(balance.spent()).as("8 s of Veo 3.1 at $0.40/s and 4 s of Sora 2 at $0.10/s, nothing else")
                .isEqualTo(Money.ofMicros(veo.chargedMicros + sora.chargedMicros)).isEqualTo(Money.parse("3.60"));

        clock.advance(Duration.ofDays(3));
        try {
            sweep.sweep();
        } finally {
            clock.reset();
        }
        assertThat(store.stat(members.get(0).objectKey())).as("the input sweep keeps the cast's images").isPresent();
    }

    @Test
    void aShotTheProviderWouldRefuseWithTheCastStopsGenerateBeforeAnythingIsHeld() {
        Setup s = board();
        upload(s, "The lantern", "ASSET", "lantern.png", Images.solid(new Color(30, 40, 220), 320, 180).bytes(),
                "image/png");
        edits.addShot(s.team().id, s.board().id, new BoardEdits.ShotForm("The lantern on a table", VEO, 8, true));
        edits.addShot(s.team().id, s.board().id, new BoardEdits.ShotForm("The lantern swings", VEO, 4, true));
        Map<String, String> before = DatabaseSnapshot.ofTeam(dataSource, s.team().id);

        assertThatThrownBy(() -> boards.generate(s.team().id, s.member(), s.board().id, false))
                .isInstanceOf(ChangeRefused.class).hasMessageContaining("Shot 2 cannot be made with the cast")
                .hasMessageContaining("8-second videos, not 4 seconds").hasMessageContaining("Nothing was held");

        assertThat(DatabaseSnapshot.ofTeam(dataSource, s.team().id)).as("nothing held, nothing started").isEqualTo(before);
        assertThat(ledger.balance(s.team().id, clock.instant()).reserved()).isEqualTo(Money.ZERO);
        assertThat(shots(s)).allMatch(shot -> shot.holdReservationId == null && shot.jobId == null);
        assertThat(page(s)).as("the reason is on the shot").contains("data-testid=\"shot-cast-problem\"")
                .contains("8-second videos, not 4 seconds");
    }

    @Test
    void theCastHoldsThreeImagesInOrderAndServesOnlyItsOwn() {
        Setup s = board();
        byte[] png = Images.solid(new Color(30, 200, 60), 64, 36).bytes();
        for (String name : List.of("One", "Two", "Three", "Four")) {
            upload(s, name, "STYLE", name + ".png", png, "image/png");
        }
        assertThat(members(s)).extracting(BoardCast.Member::label).containsExactly("One", "Two", "Three");
        cast.remove(s.team().id, s.board().id, 1);
        upload(s, "Four", "ASSET", "four.png", png, "image/png");
        assertThat(members(s)).extracting(BoardCast.Member::seq).containsExactly(1, 2, 3);
        assertThat(members(s)).extracting(BoardCast.Member::label).containsExactly("Two", "Three", "Four");
        s.session().given().get(s.url() + "/cast/" + members(s).get(0).file()).then().statusCode(200)
                .contentType("image/png");
        s.session().given().get(s.url() + "/cast/nobody.png").then().statusCode(404);
    }

    private String page(Setup s) {
        return s.session().given().get(s.url()).then().statusCode(200).extract().asString();
    }

    private List<BoardCast.Member> members(Setup s) {
        return QuarkusTransaction.requiringNew().call(() -> cast.of(s.board().id));
    }

    private List<StoryboardShot> shots(Setup s) {
        return QuarkusTransaction.requiringNew().call(() -> boards.shots(s.board().id));
    }

    private static VideoJob job(long id) {
        return QuarkusTransaction.requiringNew().call(() -> VideoJob.<VideoJob>findById(id));
    }

    private static Storyboard await(Setup s, Predicate<Storyboard> condition) {
        return Awaitility.await("storyboard " + s.board().id).atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> QuarkusTransaction.requiringNew().call(() -> Storyboard.<Storyboard>findById(s.board().id)),
                        condition);
    }
}
