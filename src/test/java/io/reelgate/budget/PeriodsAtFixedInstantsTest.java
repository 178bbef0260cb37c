package io.reelgate.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.team.Team;
import io.reelgate.team.TeamRole;
import io.reelgate.team.Tier;
import io.reelgate.testing.Fixtures;
import io.reelgate.testing.Login;
import io.reelgate.testing.Session;
import io.reelgate.testing.TestClock;

/**
 * Budget periods decided by the app's clock, at the instants where they change: the last second of
 * a period and the first of the next, a reset day of 28, a period across a daylight-saving change,
 * and a team that moves to another time zone mid-period. Each runs at its instant on any day of the
 * year (the clock is set, the ledger entries are stamped with it).
 */
@QuarkusTest
class PeriodsAtFixedInstantsTest {

    @Inject
    Fixtures fixtures;
    @Inject
    BudgetSettings budgets;
    @Inject
    Admission admission;
    @Inject
    Settlement settlement;
    @Inject
    Ledger ledger;
    @Inject
    EntityManager em;
    @Inject
    TestClock clock;

    @AfterEach
    void systemTime() {
        clock.reset();
    }

    private Team team(String resetDay) {
        Team team = fixtures.team("period", Tier.PRO); // America/Los_Angeles
        budgets.update(team.id, new BudgetSettings.Form("10", resetDay, "HARD", "0", "", "50,75,90,100"));
        return team;
    }

    /** Admits and settles a 4 s sora-2 video ($0.40) at the clock's now. */
    private void charge(Team team, long member) {
        var r = admission.admit(new AdmissionRequest(team.id, member, "simulator", "sora-2", "1280x720", 4, false));
        assertThat(r).isInstanceOf(AdmissionResult.Admitted.class);
        settlement.settle(((AdmissionResult.Admitted) r).reservationId(), SettlementOutcome.COMPLETED, 4);
    }

    @Test
    void theLastSecondOfAPeriodChargesThatPeriodAndTheNextSecondStartsAfresh() {
        Team team = team("1");
        Session admin = fixtures.memberOf(team, "pam", TeamRole.ADMIN);
        long member = fixtures.personIn(team, "per", TeamRole.MEMBER);

        clock.set(Instant.parse("2026-12-01T07:59:59Z")); // 23:59:59 on 30 November in Los Angeles
        charge(team, member);
        Balance november = ledger.balance(team.id, clock.instant());
        assertEquals(LocalDate.parse("2026-11-01"), november.period().start());
        assertEquals(Money.parse("0.40"), november.spent());
        Document lastSecond = dashboard(admin, team);
        assertThat(lastSecond.select("[data-testid=spent]").text()).startsWith("$0.40");
        assertThat(lastSecond.select("[data-testid=forecast]").text()).as("the period is over: nothing more to come")
                .isEqualTo("$0.40");

        clock.set(Instant.parse("2026-12-01T08:00:00Z")); // midnight, 1 December
        Balance december = ledger.balance(team.id, clock.instant());
        assertEquals(LocalDate.parse("2026-12-01"), december.period().start());
        assertEquals(Money.ZERO, december.spent());
        charge(team, member);
        assertEquals(Money.parse("0.40"), ledger.balance(team.id, clock.instant()).spent());
        assertEquals(Money.parse("0.40"), ledger.balance(team.id, Instant.parse("2026-11-15T12:00:00Z")).spent(),
                "November keeps its own charge");
        Document firstSecond = dashboard(admin, team);
        assertThat(firstSecond.select("nav.period-nav a").eachText()).containsExactly("Current period", "November 2026");
        assertThat(spendDays(team)).containsExactly("2026-11-30", "2026-12-01");
        assertThat(ledger.reconcile().balanced()).isTrue();
    }

    @Test
    void theOperatorConsoleShowsEachTeamsSpendOfThePeriodTheClockIsIn() {
        Team team = team("1");
        long member = fixtures.personIn(team, "opc", TeamRole.MEMBER);
        Session operator = Login.as(Fixtures.unique("olga"), "user,operator");

        clock.set(Instant.parse("2026-12-01T07:59:59Z")); // 23:59:59 on 30 November in Los Angeles
        charge(team, member);
        assertThat(opsSpent(operator, team)).as("the last second of November: its charge").startsWith("$0.40");

        clock.set(Instant.parse("2026-12-01T08:00:00Z")); // midnight, 1 December: a new period
        assertThat(opsSpent(operator, team)).as("December has spent nothing yet").startsWith("$0.00");
    }

    private static String opsSpent(Session operator, Team team) {
        Document ops = Jsoup.parse(operator.given().get("/ops").then().statusCode(200).extract().asString());
        return ops.select("[data-testid=team-" + team.slug + "] td[data-label=Spent]").text();
    }

    @Test
    void resetDay28StartsPeriodsOnThe28th() {
        Team team = team("28");
        long member = fixtures.personIn(team, "rd", TeamRole.MEMBER);
        clock.set(Instant.parse("2026-12-28T07:59:59Z")); // 23:59:59 on 27 December
        charge(team, member);
        BudgetPeriod before = ledger.balance(team.id, clock.instant()).period();
        assertEquals(LocalDate.parse("2026-11-28"), before.start());
        assertEquals(LocalDate.parse("2026-12-28"), before.end());

        clock.set(Instant.parse("2026-12-28T08:00:00Z"));
        Balance after = ledger.balance(team.id, clock.instant());
        assertEquals(LocalDate.parse("2026-12-28"), after.period().start());
        assertEquals(LocalDate.parse("2027-01-28"), after.period().end());
        assertEquals(Money.ZERO, after.spent());
    }

    @Test
    void aPeriodAcrossTheAutumnClockChangeIsAnHourLongerAndChargesStayInIt() {
        Team team = team("1");
        long member = fixtures.personIn(team, "dst", TeamRole.MEMBER);
        // Los Angeles falls back at 02:00 on Sunday 1 November 2026; the November period has that extra hour
        clock.set(Instant.parse("2026-11-01T09:30:00Z")); // 01:30 PST, after the change
        charge(team, member);
        BudgetPeriod november = ledger.balance(team.id, clock.instant()).period();
        assertEquals(LocalDate.parse("2026-11-01"), november.start());
        assertEquals(Duration.ofDays(30).plusHours(1), Duration.between(november.startsAt(), november.endsAt()));
        assertEquals(Instant.parse("2026-11-01T07:00:00Z"), november.startsAt(), "midnight PDT");
        assertEquals(Money.parse("0.40"), ledger.balance(team.id, clock.instant()).spent());
    }

    @Test
    void aTeamThatMovesToAnotherTimeZoneMidPeriodKeepsItsSpendAndEndsThePeriodByItsNewZone() {
        Team team = team("1");
        long member = fixtures.personIn(team, "tz", TeamRole.MEMBER);
        clock.set(Instant.parse("2026-12-10T20:00:00Z"));
        charge(team, member);
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "update team set time_zone = 'Europe/Berlin' where id = ?1").setParameter(1, team.id).executeUpdate());
        charge(team, member);
        assertEquals(Money.parse("0.80"), ledger.balance(team.id, clock.instant()).spent(), "same December period");

        // 15:30 on 31 December in Los Angeles is 00:30 on 1 January in Berlin: a new period
        clock.set(Instant.parse("2026-12-31T23:30:00Z"));
        Balance january = ledger.balance(team.id, clock.instant());
        assertEquals(LocalDate.parse("2027-01-01"), january.period().start());
        assertEquals(Money.ZERO, january.spent());
        charge(team, member);
        assertEquals(Money.parse("0.40"), ledger.balance(team.id, clock.instant()).spent());
        assertEquals(Money.parse("0.80"), ledger.balance(team.id, Instant.parse("2026-12-20T12:00:00Z")).spent());
    }

    private static Document dashboard(Session admin, Team team) {
        return Jsoup.parse(admin.given().get("/t/" + team.slug + "/admin").then().statusCode(200).extract().asString());
    }

    /** The local days the spend rollup put the team's charges on. */
    private java.util.List<String> spendDays(Team team) {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select distinct cast(day as text) from spend_day where team_id = ?1 and spent_micros <> 0 order by 1")
                .setParameter(1, team.id).getResultList().stream().map(Object::toString).toList());
    }
}
