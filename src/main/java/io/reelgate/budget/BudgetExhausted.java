package io.reelgate.budget;

import java.time.LocalDate;

/**
 * The budget refused a request: fired by {@link Admission} inside the deciding transaction and
 * recorded by {@link ExhaustionAlerts} after that transaction ends, whether it commits or rolls back
 * (callers roll a refusal back to free their form token or idempotency key).
 */
public record BudgetExhausted(long teamId, LocalDate periodStart, Money spent, Money budget) {
}
