package io.reelgate.outbox;

import java.time.Duration;

/**
 * How an outbox retries, from its feature's configuration: the n-th failed attempt waits
 * {@code least(cap, base · 2^(n-1))} (no jitter, as none of the three outboxes had); a row still
 * owed {@code giveUpAfter} after it was owed is given up (never, when {@code null}); delivered and
 * given-up rows are deleted {@code keepFor} after they were owed (never, when {@code null}).
 */
public record Retries(Duration base, Duration cap, Duration giveUpAfter, Duration keepFor) {

    /** Backoff only: retried for ever, kept for ever. */
    public static Retries backoff(Duration base, Duration cap) {
        return new Retries(base, cap, null, null);
    }

    public Retries givingUpAfter(Duration age) {
        return new Retries(base, cap, age, keepFor);
    }

    public Retries keepingFor(Duration retention) {
        return new Retries(base, cap, giveUpAfter, retention);
    }

    /** The wait after the n-th failed attempt (n ≥ 1), as the claim's SQL computes it. */
    public Duration delay(int attempt) {
        Duration delay = base.multipliedBy(1L << Math.min(Math.max(attempt - 1, 0), 20));
        return delay.compareTo(cap) > 0 ? cap : delay;
    }
}
