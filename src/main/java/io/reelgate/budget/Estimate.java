package io.reelgate.budget;

/**
 * What a request would cost and do to the team's budget and limits right now, for the live estimate
 * next to the submit button. {@code refusal} is set when admission would refuse it.
 */
public record Estimate(PriceBook.Quote quote, BudgetPeriod period, Money budget, Money limit, Money spent,
        Money reserved, Money remainingAfter, int perMinute, int requestsLeftThisMinute, int perDay,
        int requestsLeftToday, AdmissionResult.Rejected refusal) {

    public boolean admissible() {
        return refusal == null;
    }

    /** Refused only by a rate limit: the request could be queued for later. */
    public boolean schedulable() {
        return refusal != null && refusal.reason().rateLimit();
    }
}
