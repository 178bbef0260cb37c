package io.reelgate.budget;

import java.time.Duration;
import java.time.Instant;

/**
 * Run-rate forecast: the spend so far extended at the same pace to the end of the period, and the
 * instant the budget would run out at that pace (null when it would not; {@code now} when it has).
 * The first hour of a period counts as an hour, so one early charge does not project a fortune.
 */
public record Forecast(long periodEndMicros, Instant runsOutAt) {

    /** The period-end total rounded to whole cents, for display. */
    public Money periodEnd() {
        return Money.ofMicros(Math.round(periodEndMicros / 10_000.0) * 10_000);
    }

    public static Forecast of(long spent, long budget, Instant start, Instant end, Instant now) {
        double elapsed = Math.max(3600, Duration.between(start, now).toSeconds());
        double length = Math.max(elapsed, Duration.between(start, end).toSeconds());
        double perSecond = spent / elapsed;
        long atEnd = Math.round(perSecond * length);
        Instant runsOut = null;
        if (perSecond > 0 && spent < budget && atEnd > budget) {
            runsOut = start.plusSeconds((long) (budget / perSecond));
        } else if (spent >= budget && budget > 0) {
            runsOut = now;
        }
        return new Forecast(atEnd, runsOut);
    }
}
