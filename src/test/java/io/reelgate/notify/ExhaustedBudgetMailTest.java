package io.reelgate.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import jakarta.persistence.EntityManager;

import org.awaitility.Awaitility;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.api.ApiKeys;
import io.reelgate.budget.BudgetSettings;
import io.reelgate.storyboard.BoardEdits;
import io.reelgate.storyboard.Storyboard;
import io.reelgate.storyboard.Storyboards;
import io.reelgate.team.Team;
import io.reelgate.team.TeamRole;
import io.reelgate.team.Tier;
import io.reelgate.testing.Fixtures;
import io.reelgate.testing.Mailbox;
import io.reelgate.testing.Session;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/**
 * The budget-exhausted mail reaches the team's admins through every way a request is refused — the
 * studio form, the Videos API and a storyboard's "generate all" — although each of them rolls its
 * refusal back; and it arrives once per team and period however many refusals follow.
 */
@QuarkusTest
class ExhaustedBudgetMailTest {

    @Inject
    Fixtures fixtures;
    @Inject
    BudgetSettings settings;
    @Inject
    ApiKeys keys;
    @Inject
    BoardEdits edits;
    @Inject
    Storyboards boards;
    @Inject
    EntityManager em;

    /** A team whose $0.10 budget refuses any video, with its admin's address and a member who tries. */
    private record Broke(Team team, String admin, Session member, long memberId, String apiKey) {
    }

    private Broke broke(String prefix) {
        Team team = fixtures.team(prefix, Tier.PRO);
        settings.update(team.id, new BudgetSettings.Form("0.10", "1", "HARD", "0", "", "50,75,90,100"));
        long adminId = fixtures.personIn(team, "boss", TeamRole.ADMIN);
        String admin = QuarkusTransaction.requiringNew().call(() -> (String) em.createNativeQuery(
                "select email from app_user where id = ?1").setParameter(1, adminId).getSingleResult());
        Session member = fixtures.memberOf(team, "maker", TeamRole.MEMBER);
        long memberId = fixtures.userId(member);
        return new Broke(team, admin, member, memberId, keys.create(team.id, memberId, "ci", null).secret());
    }

    private void refuseInStudio(Broke b) {
        String token = Jsoup.parse(b.member().given().get("/t/" + b.team().slug + "/studio").then().statusCode(200)
                .extract().asString()).select("#composer input[name=submission]").attr("value");
        int status = b.member().given().multiPart("_csrf", b.member().csrf()).multiPart("prompt", "A lighthouse at dawn")
                .multiPart("model", "sora-2").multiPart("size", "1280x720").multiPart("seconds", "4")
                .multiPart("submission", token).post("/t/" + b.team().slug + "/studio").statusCode();
        assertEquals(422, status, "the studio refuses a $0.40 video on a $0.10 budget");
    }

    private void refuseThroughApi(Broke b) {
        int status = RestAssured.given().header("Authorization", "Bearer " + b.apiKey())
                .header("Idempotency-Key", Fixtures.unique("k")).contentType(ContentType.JSON)
                .body(Map.of("prompt", "A lighthouse at dawn", "seconds", "4")).post("/v1/videos").statusCode();
        assertEquals(429, status, "the API refuses a $0.40 video on a $0.10 budget");
    }

    private void refuseStoryboard(Broke b) {
        Storyboard board = edits.create(b.team().id, b.memberId(), "Keeper " + Fixtures.unique("s"), "1280x720");
        edits.addShot(b.team().id, board.id, new BoardEdits.ShotForm("The keeper climbs", "simulator/sora-2", 4, true));
        assertThat(boards.generate(b.team().id, b.memberId(), board.id, false).hold().refused())
                .as("a board of one $0.40 shot is refused on a $0.10 budget").isTrue();
    }

    @Test
    void eachWayOfBeingRefusedMailsTheExhaustedBudgetOncePerTeamAndPeriod() {
        Broke viaStudio = broke("xstudio");
        Broke viaApi = broke("xapi");
        Broke viaBoard = broke("xboard");

        refuseInStudio(viaStudio);
        refuseThroughApi(viaApi);
        refuseStoryboard(viaBoard);
        for (Broke b : List.of(viaStudio, viaApi, viaBoard)) {
            MimeMessage mail = Mailbox.await(b.admin(), 1).get(0);
            assertThat(subject(mail)).isEqualTo(b.team().name + "'s budget is used up: new videos are refused");
        }

        // many more refusals, every way, on every team: still one mail each
        for (Broke b : List.of(viaStudio, viaApi, viaBoard)) {
            for (int i = 0; i < 3; i++) {
                refuseInStudio(b);
                refuseThroughApi(b);
                refuseStoryboard(b);
            }
        }
        Awaitility.await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(5)).until(() ->
                List.of(viaStudio, viaApi, viaBoard).stream().allMatch(b -> Mailbox.to(b.admin()).size() == 1));
        for (Broke b : List.of(viaStudio, viaApi, viaBoard)) {
            long rows = QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                    "select count(*) from budget_alert where team_id = ?1 and kind = 'EXHAUSTED'")
                    .setParameter(1, b.team().id).getSingleResult()).longValue());
            assertEquals(1, rows, b.team().name + ": one exhausted alert in the outbox");
        }
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
