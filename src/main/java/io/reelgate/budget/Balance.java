package io.reelgate.budget;

/** A team's money in one period: budget, what the cap allows, spent, reserved and what is left. */
public record Balance(BudgetPeriod period, Money budget, Money limit, Money spent, Money reserved, CapMode capMode,
        int softAllowancePct) {

    public Money remaining() {
        return limit.minus(spent).minus(reserved).max(Money.ZERO);
    }

    /** Spent as a percentage of the budget (can pass 100 with a soft cap or adjustments). */
    public int percentSpent() {
        return spent.percentOf(budget);
    }

    /** The run-rate forecast of this period as of {@code now}. */
    public Forecast forecast(java.time.Instant now) {
        return Forecast.of(spent.micros(), budget.micros(), period.startsAt(), period.endsAt(), now);
    }

    public int percentCommitted() {
        return spent.plus(reserved).percentOf(budget);
    }
}
