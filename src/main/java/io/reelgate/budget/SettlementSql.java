package io.reelgate.budget;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Settling a reservation as SQL on one connection inside the caller's transaction: take the
 * team's money lock (advisory, as admission does), then the reservation; if it is still open, release it and charge what the
 * outcome costs, update the totals and record alert thresholds the charge crossed. A second call
 * (a retry, or a concurrent one that waited for the lock) finds it settled and changes nothing.
 *
 * <p>Where the provider reports what it billed for a completed job, that is the charge — never more
 * than the reservation under a hard cap (the excess is recorded, not charged), the whole bill under
 * a soft cap. The reservation keeps the price-book amount and the bill side by side, for the
 * operators' drift report ({@link Ledger#drift}).
 */
public final class SettlementSql {

    /** The result of a settlement; {@code alreadySettled} for repeated calls. */
    public record Settled(long reservationId, SettlementOutcome outcome, Money charged, List<Integer> crossedThresholds,
            boolean alreadySettled) {
    }

    private final BudgetConfig policy;
    private final Money defaultBudget;
    private final Function<String, Optional<Boolean>> moderationCharge;

    public SettlementSql(BudgetConfig policy, Money defaultBudget) {
        this(policy, defaultBudget, provider -> Optional.empty());
    }

    /**
     * @param moderationCharge per provider, whether a refused output is charged (does that provider
     *        bill it?); empty: the global {@code charge-moderation-blocked} policy
     */
    public SettlementSql(BudgetConfig policy, Money defaultBudget, Function<String, Optional<Boolean>> moderationCharge) {
        this.policy = policy;
        this.defaultBudget = defaultBudget;
        this.moderationCharge = moderationCharge;
    }

    public Settled settle(Connection connection, long reservationId, SettlementOutcome outcome, int actualSeconds)
            throws SQLException {
        return settle(connection, reservationId, outcome, actualSeconds, null);
    }

    /** Settles with its entries stamped {@code now} (null: the database's clock). */
    public Settled settle(Connection connection, long reservationId, SettlementOutcome outcome, int actualSeconds,
            java.time.Instant now) throws SQLException {
        return settle(connection, reservationId, outcome, actualSeconds, null, now);
    }

    /** Settles at the provider's bill where it reported one ({@code billedMicros}; null: the price book). */
    public Settled settle(Connection connection, long reservationId, SettlementOutcome outcome, int actualSeconds,
            Long billedMicros, java.time.Instant now) throws SQLException {
        MoneySql ledger = new MoneySql(connection, now);
        long teamId = ledger.teamOfReservation(reservationId)
                .orElseThrow(() -> new IllegalArgumentException("No reservation " + reservationId));
        MoneySql.BudgetRow budget = ledger.budget(teamId, defaultBudget, true);
        MoneySql.ReservationRow r = ledger.lockReservation(reservationId);
        if (r.settled()) {
            return new Settled(reservationId, outcome, r.charged(), List.of(), true);
        }
        Money priceBook = charge(r, outcome, actualSeconds);
        Money bill = billedMicros != null && outcome == SettlementOutcome.COMPLETED ? Money.ofMicros(billedMicros) : null;
        Money charge = bill == null ? priceBook
                : budget.capMode() == CapMode.HARD && bill.compareTo(r.amount()) > 0 ? r.amount() : bill;
        MoneySql.Totals before = ledger.totals(teamId, r.periodStart());
        ledger.append(teamId, r.periodStart(), LedgerKind.RELEASE, r.amount(), r.id(), r.memberId(), null, outcome.name());
        if (!charge.isZero()) {
            String what = outcome == SettlementOutcome.COMPLETED ? actualSeconds + " s of " + r.model() + " " + r.size()
                    : outcome.name();
            if (bill != null) {
                what += ", billed " + bill.display() + " by " + r.provider() + " (price book " + priceBook.display()
                        + (charge.equals(bill) ? ")" : "; charged up to the reservation under the hard cap)");
            }
            ledger.append(teamId, r.periodStart(), LedgerKind.CHARGE, charge, r.id(), r.memberId(), null, what);
        }
        ledger.addToTotals(teamId, r.periodStart(), r.memberId(), charge, r.amount().negate());
        ledger.markSettled(r.id(), outcome, charge, priceBook, bill);
        List<Integer> crossed = List.of();
        if (!charge.isZero() && budget.amount().micros() > 0) {
            Money after = before.spent().plus(charge);
            crossed = budget.thresholds().stream().sorted()
                    .filter(t -> crosses(before.spent(), after, budget.amount(), t)).toList();
            ledger.recordAlerts(teamId, r.periodStart(), crossed, after, budget.amount());
        }
        return new Settled(reservationId, outcome, charge, crossed, false);
    }

    /** spent crosses {@code pct} % of the budget when it was below it before and is at or above it after. */
    static boolean crosses(Money before, Money after, Money budget, int pct) {
        long threshold = Math.multiplyExact(budget.micros(), (long) pct);
        return Math.multiplyExact(before.micros(), 100L) < threshold && Math.multiplyExact(after.micros(), 100L) >= threshold;
    }

    /**
     * What the outcome costs by the price fixed at admission: a completed video its flat price
     * whatever its length where it was priced per video, else the price per second × the seconds
     * delivered; the charged failures the whole price of the video reserved.
     */
    private Money charge(MoneySql.ReservationRow r, SettlementOutcome outcome, int actualSeconds) {
        Money full = r.microsPerVideo() != null ? Money.ofMicros(r.microsPerVideo())
                : Money.ofMicros(r.microsPerSecond()).times(r.seconds());
        return switch (outcome) {
            case COMPLETED -> r.microsPerVideo() != null ? full
                    : Money.ofMicros(r.microsPerSecond()).times(Math.max(0, actualSeconds));
            case MODERATION_BLOCKED -> moderationCharge.apply(r.provider()).orElse(policy.chargeModerationBlocked())
                    ? full : Money.ZERO;
            case CONTENT_EXPIRED -> policy.chargeExpiredContent() ? full : Money.ZERO;
            case CANCELED_AFTER_SUBMISSION -> policy.chargeCanceledAfterSubmission() ? full : Money.ZERO;
            case SENTINEL_BLOCKED, CANCELED_BEFORE_SUBMISSION, SHOT_SUBMITTED, FAILED -> Money.ZERO;
        };
    }
}
