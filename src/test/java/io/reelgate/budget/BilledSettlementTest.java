package io.reelgate.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.team.Team;
import io.reelgate.team.TeamRole;
import io.reelgate.team.Tier;
import io.reelgate.testing.Fixtures;
import io.reelgate.testing.TestClock;

/**
 * Settling at what the provider reported it billed: below, equal to and above the reservation,
 * under a hard cap (never more than reserved) and a soft cap (the whole bill); budgets, alerts and
 * the ledger agree, both amounts are kept, and the drift report adds them up per provider.
 */
@QuarkusTest
class BilledSettlementTest {

    static final String PROVIDER = "replicate";
    static final String MODEL = "google/veo-3.1-fast"; // $0.10 a second without sound: 4 s reserve $0.40

    @Inject
    Fixtures fixtures;
    @Inject
    BudgetSettings settings;
    @Inject
    Admission admission;
    @Inject
    Settlement settlement;
    @Inject
    Ledger ledger;
    @Inject
    TestClock clock;
    @Inject
    EntityManager em;

    private record Setup(Team team, long member) {
    }

    private Setup team(String budget, String capMode) {
        Team team = fixtures.team("billed", Tier.PRO);
        settings.update(team.id, new BudgetSettings.Form(budget, "1", capMode, capMode.equals("SOFT") ? "50" : "0", "",
                "50,100"));
        return new Setup(team, fixtures.personIn(team, "m", TeamRole.MEMBER));
    }

    private long reserve(Setup s) {
        AdmissionResult result = admission.admit(new AdmissionRequest(s.team().id, s.member(), PROVIDER, MODEL, "1280x720",
                4, false));
        assertThat(result).isInstanceOf(AdmissionResult.Admitted.class);
        return ((AdmissionResult.Admitted) result).reservationId();
    }

    private Money billedAndSettled(Setup s, String bill) {
        long reservation = reserve(s);
        return settlement.settle(reservation, SettlementOutcome.COMPLETED, 4, Money.parse(bill).micros()).charged();
    }

    private Object[] amounts(long reservationId) {
        return QuarkusTransaction.requiringNew().call(() -> (Object[]) em.createNativeQuery(
                "select price_book_micros, billed_micros, charged_micros from reservation where id = ?1")
                .setParameter(1, reservationId).getSingleResult());
    }

    @Test
    void aHardCapChargesTheBillUpToTheReservationAndKeepsBothAmounts() {
        Setup s = team("100", "HARD");
        assertEquals(Money.parse("0.30"), billedAndSettled(s, "0.30"), "billed below the price book: the bill");
        assertEquals(Money.parse("0.40"), billedAndSettled(s, "0.40"), "billed at the price book");
        long over = reserve(s);
        assertEquals(Money.parse("0.40"), settlement.settle(over, SettlementOutcome.COMPLETED, 4,
                Money.parse("0.55").micros()).charged(), "billed above the reservation: never more than reserved");
        Object[] kept = amounts(over);
        assertEquals(400_000L, ((Number) kept[0]).longValue(), "the price book's amount");
        assertEquals(550_000L, ((Number) kept[1]).longValue(), "the provider's bill");
        assertEquals(400_000L, ((Number) kept[2]).longValue(), "what the team was charged");

        Balance balance = ledger.balance(s.team().id, clock.instant());
        assertEquals(Money.parse("1.10"), balance.spent(), "0.30 + 0.40 + 0.40");
        assertEquals(Money.ZERO, balance.reserved());
        @SuppressWarnings("unchecked")
        List<String> notes = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select note from ledger_entry where team_id = ?1 and kind = 'CHARGE' order by id")
                .setParameter(1, s.team().id).getResultList());
        assertThat(notes.get(2)).contains("billed $0.55 by replicate").contains("price book $0.40").contains("hard cap");
        assertThat(ledger.reconcile().balanced()).isTrue();
    }

    @Test
    void aSoftCapChargesTheWholeBillAndItsAlertsFollowTheCharge() {
        Setup s = team("1", "SOFT");
        assertEquals(Money.parse("0.65"), billedAndSettled(s, "0.65"), "soft cap: the overage is charged");
        assertEquals(Money.parse("0.65"), ledger.balance(s.team().id, clock.instant()).spent());
        @SuppressWarnings("unchecked")
        List<Number> thresholds = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select threshold_pct from budget_alert where team_id = ?1 and kind = 'THRESHOLD' order by 1")
                .setParameter(1, s.team().id).getResultList());
        assertThat(thresholds).extracting(Number::intValue).as("the bill crossed 50 %, not 100 %").containsExactly(50);
        assertThat(ledger.reconcile().balanced()).isTrue();
    }

    @Test
    void theDriftReportAddsUpBillsAgainstThePriceBookPerProvider() {
        BillingDrift before = ledger.drift(30);
        Setup s = team("100", "HARD");
        billedAndSettled(s, "0.50");
        billedAndSettled(s, "0.50");
        settlement.settle(reserve(s), SettlementOutcome.COMPLETED, 4); // reports no bill: not in the report
        BillingDrift after = ledger.drift(30);
        BillingDrift.Row was = row(before);
        BillingDrift.Row now = row(after);
        assertEquals(was.jobs() + 2, now.jobs());
        assertEquals(was.priceBookMicros() + 800_000, now.priceBookMicros());
        assertEquals(was.billedMicros() + 1_000_000, now.billedMicros());
        assertEquals(was.chargedMicros() + 800_000, now.chargedMicros(), "hard cap: charged the reservations");
        if (was.jobs() == 0) {
            assertEquals("+25.0 %", now.percentText());
            assertThat(after.beyondThreshold()).as("25 % is beyond the 10 % alert").contains(now);
        }
    }

    private static BillingDrift.Row row(BillingDrift drift) {
        return drift.providers().stream().filter(r -> r.provider().equals(PROVIDER)).findFirst()
                .orElse(new BillingDrift.Row(PROVIDER, 0, 0, 0, 0));
    }
}
