package io.reelgate.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.reelgate.team.Team;
import io.reelgate.team.TeamRole;
import io.reelgate.team.Tier;
import io.reelgate.testing.Fixtures;
import io.reelgate.testing.TestClock;

/**
 * A model sold at a flat price per video reserves that price and is charged it for any length; a
 * model priced in credits is charged credits × the catalog's dollar value; the ledger stays balanced.
 * The two models exist only in this test's profile (the built-in simulator's {@code sora} catalog).
 */
@QuarkusTest
@TestProfile(FlatAndCreditSettlementTest.Priced.class)
class FlatAndCreditSettlementTest {

    static final String PROVIDER = "simulator";
    static final String FLAT = "veo-3.1-fast"; // $0.35 a video, whatever its length
    static final String CREDITS = "kling-credits"; // 30 credits a second at $0.0035: $0.105 a second

    public static class Priced implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            String flat = "reelgate.catalogs.sora.models.\"" + FLAT + "\".";
            String credits = "reelgate.catalogs.sora.models.\"" + CREDITS + "\".";
            return Map.of(
                    flat + "sizes", "1280x720,720x1280",
                    flat + "seconds", "4,8,12",
                    flat + "usd-per-video.720p", "0.35",
                    credits + "sizes", "1280x720",
                    credits + "seconds", "4,8",
                    credits + "credits-per-second.720p", "30",
                    "reelgate.catalogs.sora.usd-per-credit", "0.0035");
        }
    }

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

    private Setup team() {
        Team team = fixtures.team("priced", Tier.PRO);
        settings.update(team.id, Budgets.amount("100"));
        return new Setup(team, fixtures.personIn(team, "m", TeamRole.MEMBER));
    }

    private AdmissionResult.Admitted admit(Setup s, String model, int seconds) {
        AdmissionResult result = admission.admit(new AdmissionRequest(s.team().id, s.member(), PROVIDER, model, "1280x720",
                seconds, false));
        assertThat(result).isInstanceOf(AdmissionResult.Admitted.class);
        return (AdmissionResult.Admitted) result;
    }

    private Money settle(Setup s, String model, int seconds, SettlementOutcome outcome, int actualSeconds) {
        return settlement.settle(admit(s, model, seconds).reservationId(), outcome, actualSeconds).charged();
    }

    private Object[] prices(long reservationId) {
        return QuarkusTransaction.requiringNew().call(() -> (Object[]) em.createNativeQuery(
                "select micros_per_second, micros_per_video, amount_micros from reservation where id = ?1")
                .setParameter(1, reservationId).getSingleResult());
    }

    @Test
    void aFlatPricedVideoReservesAndIsChargedItsPriceForAnyLength() {
        Setup s = team();
        AdmissionResult.Admitted admitted = admit(s, FLAT, 8);
        assertEquals(Money.parse("0.35"), admitted.cost());
        Object[] row = prices(admitted.reservationId());
        assertEquals(0L, ((Number) row[0]).longValue(), "no price per second");
        assertEquals(350_000L, ((Number) row[1]).longValue(), "the flat price, kept for settlement");
        assertEquals(350_000L, ((Number) row[2]).longValue(), "reserved: the flat price");
        assertEquals(Money.parse("0.35"), ledger.balance(s.team().id, clock.instant()).reserved());

        assertEquals(Money.parse("0.35"), settlement.settle(admitted.reservationId(), SettlementOutcome.COMPLETED, 8)
                .charged());
        assertEquals(Money.parse("0.35"), settle(s, FLAT, 4, SettlementOutcome.COMPLETED, 4));
        assertEquals(Money.parse("0.35"), settle(s, FLAT, 12, SettlementOutcome.COMPLETED, 12));
        assertEquals(Money.parse("0.35"), settle(s, FLAT, 12, SettlementOutcome.COMPLETED, 7), "shorter: still flat");
        assertEquals(Money.parse("0.35"), settle(s, FLAT, 8, SettlementOutcome.MODERATION_BLOCKED, 0),
                "charged in full where the policy charges a refused output");
        assertEquals(Money.parse("0.35"), settle(s, FLAT, 8, SettlementOutcome.CONTENT_EXPIRED, 0));
        assertEquals(Money.ZERO, settle(s, FLAT, 8, SettlementOutcome.CANCELED_AFTER_SUBMISSION, 0));
        assertEquals(Money.ZERO, settle(s, FLAT, 8, SettlementOutcome.FAILED, 0));

        Balance balance = ledger.balance(s.team().id, clock.instant());
        assertEquals(Money.parse("2.10"), balance.spent(), "6 × $0.35");
        assertEquals(Money.ZERO, balance.reserved());
        assertThat(ledger.reconcile().balanced()).isTrue();
    }

    @Test
    void aCreditPricedVideoIsChargedItsCreditsTimesTheirValue() {
        Setup s = team();
        AdmissionResult.Admitted admitted = admit(s, CREDITS, 8);
        assertEquals(240, admitted.credits(), "30 credits a second × 8 s");
        assertEquals(Money.parse("0.84"), admitted.cost(), "240 × $0.0035");
        Object[] row = prices(admitted.reservationId());
        assertEquals(105_000L, ((Number) row[0]).longValue());
        assertNull(row[1], "priced per second");
        assertEquals(Money.parse("0.84"), settlement.settle(admitted.reservationId(), SettlementOutcome.COMPLETED, 8)
                .charged());
        assertEquals(Money.parse("0.42"), settle(s, CREDITS, 8, SettlementOutcome.COMPLETED, 4),
                "4 s delivered: 120 credits × $0.0035");

        Balance balance = ledger.balance(s.team().id, clock.instant());
        assertEquals(Money.parse("1.26"), balance.spent());
        assertEquals(Money.ZERO, balance.reserved());
        assertThat(ledger.reconcile().balanced()).isTrue();
    }

    @Test
    void aStoryboardHoldKeepsTheFlatPriceToo() {
        Setup s = team();
        SequenceHold hold = admission.hold(s.team().id, s.member(), List.of(
                new AdmissionRequest(s.team().id, s.member(), PROVIDER, FLAT, "1280x720", 12, true),
                new AdmissionRequest(s.team().id, s.member(), PROVIDER, CREDITS, "1280x720", 4, true)));
        assertThat(hold.refused()).isFalse();
        assertEquals(Money.parse("0.77"), hold.total(), "$0.35 + 4 × $0.105");
        assertEquals(350_000L, ((Number) prices(hold.reservationIds().get(0))[1]).longValue());
        for (long id : hold.reservationIds()) {
            settlement.settle(id, SettlementOutcome.SHOT_SUBMITTED, 0);
        }
        assertEquals(Money.ZERO, ledger.balance(s.team().id, clock.instant()).reserved());
        assertThat(ledger.reconcile().balanced()).isTrue();
    }
}
