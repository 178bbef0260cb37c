package io.reelgate.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.budget.AdmissionResult.Admitted;
import io.reelgate.budget.AdmissionResult.Reason;
import io.reelgate.budget.AdmissionResult.Rejected;
import io.reelgate.team.Team;
import io.reelgate.team.TeamDirectory;
import io.reelgate.team.TeamRole;
import io.reelgate.team.Tier;
import io.reelgate.testing.Fixtures;
import io.reelgate.testing.Session;

/** The rules of admission and settlement, one behaviour per test, on the real database. */
@QuarkusTest
class AdmissionRulesTest {

    static final ZoneId LA = ZoneId.of("America/Los_Angeles");

    @Inject
    Admission admission;
    @Inject
    Settlement settlement;
    @Inject
    Ledger ledger;
    @Inject
    BudgetSettings settings;
    @Inject
    TeamDirectory teams;
    @Inject
    Fixtures fixtures;
    @Inject
    EntityManager em;

    private Team team(String usd) {
        Team team = fixtures.team("rules", Tier.PRO);
        assertTrue(settings.update(team.id, Budgets.amount(usd)).valid());
        return team;
    }

    private static AdmissionRequest sora(Team team, long member, int seconds) {
        return new AdmissionRequest(team.id, member, "simulator", "sora-2", "1280x720", seconds, false);
    }

    private static AdmissionRequest scheduled(AdmissionRequest r) {
        return new AdmissionRequest(r.teamId(), r.memberId(), r.provider(), r.model(), r.size(), r.seconds(), true);
    }

    // ------------------------------------------------------------------ budget and caps

    @Test
    void refusesARequestThatWouldExceedTheBudgetAndSaysWhatIsLeft() {
        Team team = team("1.00");
        long member = fixtures.personIn(team, "m", TeamRole.MEMBER);
        assertInstanceOf(Admitted.class, admission.admit(sora(team, member, 8)));

        Rejected r = (Rejected) admission.admit(sora(team, member, 4));

        assertEquals(Reason.BUDGET_EXCEEDED, r.reason());
        assertEquals(Money.parse("0.20"), r.remaining());
        assertEquals(Money.parse("0.40"), r.needed());
        assertThat(r.message()).contains("$0.40").contains("$0.20").contains("$1.00").contains("resets on");
    }

    @Test
    void aSoftCapAllowsTheAllowanceAndNoMore() {
        Team team = fixtures.team("soft", Tier.PRO);
        settings.update(team.id, Budgets.soft("1.00", 20));
        long member = fixtures.personIn(team, "m", TeamRole.MEMBER);

        assertInstanceOf(Admitted.class, admission.admit(sora(team, member, 12)), "$1.20 fits 100% + 20%");
        Rejected r = (Rejected) admission.admit(sora(team, member, 4));
        assertThat(r.message()).contains("20% soft-cap allowance");
    }

    @Test
    void aMemberCapStopsOneMemberButNotTheOthers() {
        Team team = fixtures.team("cap", Tier.PRO);
        settings.update(team.id, Budgets.memberCap("100", "1.00"));
        long spender = fixtures.personIn(team, "spender", TeamRole.MEMBER);
        long other = fixtures.personIn(team, "other", TeamRole.MEMBER);
        admission.admit(sora(team, spender, 8));

        Rejected r = (Rejected) admission.admit(sora(team, spender, 4));
        assertEquals(Reason.MEMBER_CAP_EXCEEDED, r.reason());
        assertEquals(Money.parse("0.20"), r.remaining());
        assertInstanceOf(Admitted.class, admission.admit(sora(team, other, 4)));

        settings.setMemberCap(team.id, spender, java.util.Optional.of(Money.parse("5")));
        assertInstanceOf(Admitted.class, admission.admit(sora(team, spender, 4)), "a personal cap overrides the default");
    }

    @Test
    void anArchivedTeamAdmitsNothing() {
        Team team = team("100");
        long member = fixtures.personIn(team, "m", TeamRole.MEMBER);
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("update team set archived_at = now() where id = ?1")
                .setParameter(1, team.id).executeUpdate());
        assertEquals(Reason.TEAM_ARCHIVED, ((Rejected) admission.admit(sora(team, member, 4))).reason());
    }

    // ------------------------------------------------------------------ invalid input changes nothing

    @Test
    void unknownModelSizeOrSecondsIsRefusedWithTheParameterAndWritesNoRow() {
        Team team = team("100");
        long member = fixtures.personIn(team, "m", TeamRole.MEMBER);
        long before = rows(team);

        Rejected model = (Rejected) admission.admit(new AdmissionRequest(team.id, member, "simulator", "sora-9", "1280x720", 4, false));
        Rejected size = (Rejected) admission.admit(new AdmissionRequest(team.id, member, "simulator", "sora-2", "1792x1024", 4, false));
        Rejected seconds = (Rejected) admission.admit(new AdmissionRequest(team.id, member, "simulator", "sora-2", "1280x720", 5, false));
        Rejected provider = (Rejected) admission.admit(new AdmissionRequest(team.id, member, "nope", "sora-2", "1280x720", 4, false));

        assertEquals("model", model.param());
        assertEquals("size", size.param());
        assertEquals("sora-2 does not offer 1792x1024; choose 1280x720 or 720x1280", size.message());
        assertEquals("seconds", seconds.param());
        assertEquals("provider", provider.param());
        assertThat(List.of(model, size, seconds, provider)).allMatch(r -> r.reason() == Reason.INVALID_PARAMETERS);
        assertEquals(before, rows(team), "refused requests must not write");
    }

    @Test
    void badBudgetSettingsAreRefusedFieldByFieldAndChangeNothing() {
        Team team = team("100");
        BudgetSettings.Settings before = settings.current(team.id);

        var negative = settings.update(team.id, new BudgetSettings.Form("-5", "1", "HARD", "0", "", "50"));
        var absurd = settings.update(team.id, new BudgetSettings.Form("1000000000000", "31", "MEDIUM", "150", "abc", "50,x"));
        var overflow = settings.update(team.id, new BudgetSettings.Form("99999999999999999999", "1", "HARD", "0", "", ""));
        var fractions = settings.update(team.id, new BudgetSettings.Form("10.005", "1", "HARD", "0", "", "0,250"));

        assertEquals(Map.of("amount", "Enter an amount of $0 or more."), negative.errors());
        assertThat(absurd.errors()).containsOnlyKeys("amount", "resetDay", "capMode", "softAllowancePct", "memberCap",
                "thresholds");
        assertThat(absurd.errors().get("resetDay")).contains("between 1 and 28");
        assertThat(overflow.errors().get("amount")).contains("too large");
        assertThat(fractions.errors()).containsKeys("amount", "thresholds");
        assertEquals(before, settings.current(team.id), "nothing changed");
    }

    // ------------------------------------------------------------------ rate limits

    @Test
    void aRateLimitedRequestIsRefusedWithRetryAfterOrScheduledForTheEarliestSlot() {
        Team team = team("100");
        teams.setCustomLimits(team.id, 2, 100);
        long member = fixtures.personIn(team, "m", TeamRole.MEMBER);
        Instant now = Instant.parse("2026-11-25T18:00:00Z");
        admission.admit(sora(team, member, 4), now);
        admission.admit(sora(team, member, 4), now.plusSeconds(10));

        Rejected refused = (Rejected) admission.admit(sora(team, member, 4), now.plusSeconds(20));
        Admitted queued = (Admitted) admission.admit(scheduled(sora(team, member, 4)), now.plusSeconds(20));

        assertEquals(Reason.RATE_LIMITED, refused.reason());
        assertEquals(Duration.ofSeconds(40), refused.retryAfter());
        assertEquals(now.plusSeconds(60), refused.earliest());
        assertEquals(now.plusSeconds(60), queued.notBefore(), "queued for the first free slot");
        assertEquals(Money.parse("0.40"), ledger.balance(team.id, now).reserved().minus(Money.parse("0.80")),
                "the queued request's cost is reserved now");
        Admitted next = (Admitted) admission.admit(scheduled(sora(team, member, 4)), now.plusSeconds(21));
        assertEquals(now.plusSeconds(70), next.notBefore(), "scheduled requests occupy their slots");
    }

    @Test
    void theDailyLimitResetsAtLocalMidnight() {
        Team team = fixtures.team("daily", Tier.PLUS); // America/Los_Angeles
        settings.update(team.id, Budgets.amount("100"));
        teams.setCustomLimits(team.id, 100, 2);
        long member = fixtures.personIn(team, "m", TeamRole.MEMBER);
        Instant evening = la("2026-11-30T23:59:00");
        admission.admit(sora(team, member, 4), evening);
        admission.admit(sora(team, member, 4), evening.plusSeconds(30));

        Rejected lastSecond = (Rejected) admission.admit(sora(team, member, 4), la("2026-11-30T23:59:59"));
        AdmissionResult midnight = admission.admit(sora(team, member, 4), la("2026-12-01T00:00:00"));

        assertEquals(Reason.DAILY_LIMIT, lastSecond.reason());
        assertEquals(la("2026-12-01T00:00:00"), lastSecond.resetsAt());
        assertThat(lastSecond.message()).contains("America/Los_Angeles");
        assertInstanceOf(Admitted.class, midnight);
    }

    @Test
    void aRequestAtTheLastSecondOfTheMonthCountsInThatMonthsBudget() {
        Team team = team("100");
        long member = fixtures.personIn(team, "m", TeamRole.MEMBER);
        Admitted november = (Admitted) admission.admit(sora(team, member, 4), la("2026-11-30T23:59:59"));
        Admitted december = (Admitted) admission.admit(sora(team, member, 4), la("2026-12-01T00:00:00"));
        assertEquals(LocalDate.of(2026, 11, 1), november.periodStart());
        assertEquals(LocalDate.of(2026, 12, 1), december.periodStart());
        assertEquals(Money.parse("0.40"), ledger.balance(team.id, la("2026-11-30T12:00:00")).reserved());
        assertEquals(Money.parse("0.40"), ledger.balance(team.id, la("2026-12-15T12:00:00")).reserved());
    }

    // ------------------------------------------------------------------ settlement

    @Test
    void settlementChargesPerOutcome() {
        Team team = team("100");
        long member = fixtures.personIn(team, "m", TeamRole.MEMBER);
        long completed = reserve(team, member, 8);
        long shorter = reserve(team, member, 8);
        long sentinel = reserve(team, member, 8);
        long moderated = reserve(team, member, 8);
        long canceled = reserve(team, member, 8);

        assertEquals(Money.parse("0.80"), settlement.settle(completed, SettlementOutcome.COMPLETED, 8).charged());
        assertEquals(Money.parse("0.40"), settlement.settle(shorter, SettlementOutcome.COMPLETED, 4).charged(),
                "charged for the seconds actually delivered");
        assertEquals(Money.ZERO, settlement.settle(sentinel, SettlementOutcome.SENTINEL_BLOCKED, 0).charged());
        assertEquals(Money.parse("0.80"), settlement.settle(moderated, SettlementOutcome.MODERATION_BLOCKED, 0).charged(),
                "moderation blocks are charged by default policy");
        assertEquals(Money.ZERO, settlement.settle(canceled, SettlementOutcome.CANCELED_BEFORE_SUBMISSION, 0).charged());

        Balance balance = ledger.balance(team.id, Instant.now());
        assertEquals(Money.parse("2.00"), balance.spent());
        assertEquals(Money.ZERO, balance.reserved());
    }

    @Test
    void aChargeReportsEveryThresholdItCrossesAndEachIsRecordedOncePerPeriod() {
        Team team = team("10.00");
        long member = fixtures.personIn(team, "m", TeamRole.MEMBER);
        settlement.settle(reserve(team, member, 12), SettlementOutcome.COMPLETED, 12);     // $1.20 = 12%: none
        long big = ((Admitted) admission.admit(new AdmissionRequest(team.id, member, "simulator", "sora-2-pro",
                "1792x1024", 15, false))).reservationId();                                  // $7.50
        SettlementSql.Settled crossing = settlement.settle(big, SettlementOutcome.COMPLETED, 15); // 12% → 87%

        assertEquals(List.of(50, 75), crossing.crossedThresholds());
        settlement.settle(reserve(team, member, 12), SettlementOutcome.COMPLETED, 12);     // 87% → 99%: 90
        assertEquals(List.of(50, 75, 90), recordedAlerts(team));
    }

    // ------------------------------------------------------------------ live estimate

    @Test
    void theEstimateShowsCostBudgetAndLimitsAndWhyItWouldBeRefused() {
        Team team = fixtures.team("estimate", Tier.PLUS);
        settings.update(team.id, Budgets.amount("1.00"));
        Session member = fixtures.memberOf(team, "eve", TeamRole.MEMBER);

        Map<String, Object> fits = member.given().accept("application/json")
                .get("/t/" + team.slug + "/estimate?model=sora-2&size=1280x720&seconds=8")
                .then().statusCode(200).extract().as(Map.class);
        assertEquals(true, fits.get("admissible"));
        assertEquals("0.8", fits.get("cost_usd"));
        assertEquals(128, fits.get("credits"), "720p: 16 credits per second");
        assertEquals("0.2", fits.get("remaining_after_usd"));
        assertEquals(5, fits.get("requests_left_this_minute"));
        assertEquals(50, fits.get("requests_left_today"));

        Map<String, Object> tooMuch = member.given().accept("application/json")
                .get("/t/" + team.slug + "/estimate?model=sora-2&size=1280x720&seconds=12")
                .then().statusCode(200).extract().as(Map.class);
        assertEquals(false, tooMuch.get("admissible"));
        assertEquals("budget_exceeded", ((Map<?, ?>) tooMuch.get("refusal")).get("reason"));

        String html = member.htmx().get("/t/" + team.slug + "/estimate?model=sora-2&size=1792x1024&seconds=8")
                .then().statusCode(200).extract().asString();
        var fragment = Jsoup.parse(html).selectFirst("#estimate");
        assertEquals("false", fragment.attr("data-admissible"));
        assertThat(fragment.text()).contains("sora-2 does not offer 1792x1024");
    }

    @Test
    void estimatesAndPageViewsDoNotCountAgainstLimits() {
        Team team = fixtures.team("views", Tier.PLUS);
        settings.update(team.id, Budgets.amount("100"));
        Session member = fixtures.memberOf(team, "vic", TeamRole.MEMBER);
        for (int i = 0; i < 8; i++) {
            member.given().accept("application/json").get("/t/" + team.slug + "/estimate?model=sora-2&size=1280x720&seconds=4")
                    .then().statusCode(200);
        }
        assertNull(admission.estimate(sora(team, fixtures.userId(member), 4)).refusal());
        assertEquals(0, rows(team));
    }

    // ------------------------------------------------------------------ helpers

    private long reserve(Team team, long member, int seconds) {
        return ((Admitted) admission.admit(sora(team, member, seconds))).reservationId();
    }

    private long rows(Team team) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select (select count(*) from reservation where team_id = ?1) + (select count(*) from ledger_entry where team_id = ?1)")
                .setParameter(1, team.id).getSingleResult()).longValue());
    }

    @SuppressWarnings("unchecked")
    private List<Integer> recordedAlerts(Team team) {
        return QuarkusTransaction.requiringNew().call(() -> ((List<Number>) em.createNativeQuery(
                "select threshold_pct from budget_alert where team_id = ?1 order by threshold_pct").setParameter(1, team.id)
                .getResultList()).stream().map(Number::intValue).toList());
    }

    private static Instant la(String local) {
        return LocalDateTime.parse(local).atZone(LA).toInstant();
    }
}
