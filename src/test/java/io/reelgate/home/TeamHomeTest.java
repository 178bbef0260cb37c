package io.reelgate.home;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import jakarta.inject.Inject;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.budget.Admission;
import io.reelgate.budget.AdmissionRequest;
import io.reelgate.budget.AdmissionResult;
import io.reelgate.budget.BudgetSettings;
import io.reelgate.budget.Money;
import io.reelgate.budget.Settlement;
import io.reelgate.budget.SettlementOutcome;
import io.reelgate.team.Team;
import io.reelgate.team.TeamRole;
import io.reelgate.team.Tier;
import io.reelgate.testing.Fixtures;
import io.reelgate.testing.Session;
import io.reelgate.testing.TestClock;
import io.reelgate.testing.Videos;

/** The page a member lands on tells them what they can spend, what is running and what was made. */
@QuarkusTest
class TeamHomeTest {

    @Inject
    Fixtures fixtures;
    @Inject
    BudgetSettings budgets;
    @Inject
    Admission admission;
    @Inject
    Settlement settlement;
    @Inject
    Videos videos;
    @Inject
    TestClock clock;

    /** Noon on the 10th in the team's zone (America/Los_Angeles). */
    static final Instant MID_PERIOD = Instant.parse("2026-12-10T20:00:00Z");

    Team team;
    Session admin;
    Session member;
    long adminId;
    long memberId;

    @BeforeEach
    void team() {
        clock.set(MID_PERIOD);
        team = fixtures.team("home", Tier.PRO);
        admin = fixtures.memberOf(team, "hana", TeamRole.ADMIN);
        member = fixtures.memberOf(team, "milo", TeamRole.MEMBER);
        adminId = fixtures.userId(admin);
        memberId = fixtures.userId(member);
        budgets.update(team.id, new BudgetSettings.Form("10", "1", "HARD", "0", "", "50,75,90,100"));
    }

    @AfterEach
    void systemTime() {
        clock.reset();
    }

    private long reserve(long who, String model, int seconds) {
        var r = admission.admit(new AdmissionRequest(team.id, who, "simulator", model, "1280x720", seconds, false));
        assertThat(r).as("admission").isInstanceOf(AdmissionResult.Admitted.class);
        return ((AdmissionResult.Admitted) r).reservationId();
    }

    private Document home(Session session) {
        return Jsoup.parse(session.given().get("/t/" + team.slug).then().statusCode(200).extract().asString());
    }

    @Test
    void aNewMemberSeesTheBudgetNoCapAndAWayToStart() {
        Document page = home(member);
        assertThat(page.select("[data-testid=budget-left]").text()).isEqualTo("$10.00 of $10.00");
        assertThat(page.select("[data-testid=cap-left]").text()).isEqualTo("No cap");
        assertThat(page.select("[data-testid=nothing-running]")).hasSize(1);
        assertThat(page.text()).contains("You have not made a video here yet").contains("Resets 1 Jan 2027");
        assertThat(page.select("a[data-testid=generate]").attr("href")).isEqualTo("/t/" + team.slug + "/studio");
        assertThat(page.select("[data-testid=alerts]")).as("alerts are for admins").isEmpty();
    }

    @Test
    void moneyRunningJobsVideosAndAlertsAreThoseOfThisPeriodAndTeam() {
        budgets.setMemberCap(team.id, memberId, java.util.Optional.of(Money.parse("5")));
        settlement.settle(reserve(memberId, "sora-2-pro", 10), SettlementOutcome.COMPLETED, 10);   // $3.00 charged to the member
        settlement.settle(reserve(adminId, "sora-2-pro", 10), SettlementOutcome.COMPLETED, 10);    // $3.00: the team passes 50 %
        reserve(memberId, "sora-2", 4);                                            // $0.40 reserved, still running
        videos.row(team.id, memberId, "a lighthouse at dawn, slow push in", "sora-2", "COMPLETED", MID_PERIOD);
        videos.row(team.id, adminId, "rain on a tin roof, macro", "sora-2", "COMPLETED", MID_PERIOD.plusSeconds(60));
        videos.row(team.id, memberId, "a failed attempt", "sora-2", "FAILED", MID_PERIOD.plusSeconds(120));
        videos.row(team.id, memberId, "a fox crossing fresh snow", "sora-2", "SUBMITTED", MID_PERIOD.plusSeconds(180));
        Team other = fixtures.team("elsewhere", Tier.PRO);
        long outsider = fixtures.personIn(other, "oz", TeamRole.ADMIN);
        videos.row(other.id, outsider, "another team's secret", "sora-2", "COMPLETED", MID_PERIOD);

        Document page = home(member);
        assertThat(page.select("[data-testid=budget-left]").text()).isEqualTo("$3.60 of $10.00");
        assertThat(page.text()).contains("$6.00 spent · $0.40 reserved for running jobs");
        assertThat(page.select("[data-testid=cap-left]").text()).isEqualTo("$1.60 left of $5.00");
        assertThat(page.select("[data-testid=running]").text()).contains("a fox crossing fresh snow").contains("Generating");
        assertThat(page.select("[data-testid=mine] .gcard-prompt").eachText())
                .containsExactly("a lighthouse at dawn, slow push in");
        assertThat(page.select("[data-testid=team-videos] .gcard-prompt").eachText())
                .containsExactly("rain on a tin roof, macro", "a lighthouse at dawn, slow push in");
        assertThat(page.text()).doesNotContain("another team's secret").doesNotContain("a failed attempt");
        assertThat(page.select("[data-testid=alerts]")).isEmpty();

        Document adminPage = home(admin);
        assertThat(adminPage.select("[data-testid=cap-left]").text()).isEqualTo("No cap");
        assertThat(adminPage.select("[data-testid=alerts]").text()).contains("50 % of the budget reached: $6.00 of $10.00");

        clock.set(Instant.parse("2027-01-01T08:00:00Z"));   // midnight, January 1st in Los Angeles: a new period
        Document next = home(admin);
        assertThat(next.select("[data-testid=budget-left]").text()).isEqualTo("$10.00 of $10.00");
        assertThat(next.select("[data-testid=alerts]").text()).contains("No spending alert has fired");
    }

    @Test
    void outsidersDoNotSeeTheHomePage() {
        Team other = fixtures.team("closed", Tier.PLUS);
        member.given().redirects().follow(false).get("/t/" + other.slug).then().statusCode(404);
    }
}
