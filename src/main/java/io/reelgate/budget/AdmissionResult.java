package io.reelgate.budget;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

/** The outcome of one admission: admitted with a reservation, or rejected with a reason and its numbers. */
public sealed interface AdmissionResult permits AdmissionResult.Admitted, AdmissionResult.Rejected {

    /**
     * Admitted: {@code cost} is reserved in the period starting {@code periodStart}; a scheduled
     * request may not be dispatched before {@code notBefore} (null: at once).
     */
    record Admitted(long reservationId, Money cost, int credits, LocalDate periodStart, Instant notBefore)
            implements AdmissionResult {
        public boolean scheduled() {
            return notBefore != null;
        }
    }

    /** Why a request was refused. */
    enum Reason {
        INVALID_PARAMETERS, TEAM_ARCHIVED, BUDGET_EXCEEDED, MEMBER_CAP_EXCEEDED, DAILY_LIMIT, RATE_LIMITED;

        public String code() {
            return name().toLowerCase();
        }

        /** True for refusals that scheduling the request for later would overcome. */
        public boolean rateLimit() {
            return this == DAILY_LIMIT || this == RATE_LIMITED;
        }
    }

    /**
     * Rejected. Depending on the reason: {@code retryAfter} and {@code earliest} (rate limits),
     * {@code resetsAt} (daily limit), {@code remaining} and {@code needed} (budget, member cap),
     * {@code param} (invalid parameters). {@code message} is a sentence for people.
     */
    record Rejected(Reason reason, String message, Duration retryAfter, Instant earliest, Instant resetsAt,
            Money remaining, Money needed, String param) implements AdmissionResult {

        static Rejected invalid(String param, String message) {
            return new Rejected(Reason.INVALID_PARAMETERS, message, null, null, null, null, null, param);
        }

        static Rejected archived() {
            return new Rejected(Reason.TEAM_ARCHIVED, "This team is archived: its videos stay, but nothing new can be "
                    + "generated.", null, null, null, null, null, null);
        }

        static Rejected budget(Money remaining, Money needed, String message) {
            return new Rejected(Reason.BUDGET_EXCEEDED, message, null, null, null, remaining, needed, null);
        }

        static Rejected memberCap(Money remaining, Money needed, String message) {
            return new Rejected(Reason.MEMBER_CAP_EXCEEDED, message, null, null, null, remaining, needed, null);
        }

        static Rejected daily(Instant now, Instant resetsAt, Instant earliest, String message) {
            return new Rejected(Reason.DAILY_LIMIT, message, Duration.between(now, resetsAt), earliest, resetsAt,
                    null, null, null);
        }

        static Rejected rate(Duration retryAfter, Instant earliest, String message) {
            return new Rejected(Reason.RATE_LIMITED, message, retryAfter, earliest, null, null, null, null);
        }
    }
}
