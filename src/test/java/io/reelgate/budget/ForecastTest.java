package io.reelgate.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;

import org.junit.jupiter.api.Test;

/** The run-rate forecast the dashboard and the alert mails show. */
class ForecastTest {

    private static final Instant START = Instant.parse("2026-11-01T00:00:00Z");
    private static final Instant END = Instant.parse("2026-12-01T00:00:00Z");

    @Test
    void aThirdOfTheBudgetInATenthOfThePeriodRunsOutOnDayNine() {
        Forecast f = Forecast.of(33_000_000, 100_000_000, START, END, START.plusSeconds(3 * 86_400));
        assertEquals(330_000_000, f.periodEndMicros());
        assertEquals(Instant.parse("2026-11-10T02:10:54Z"), f.runsOutAt());
    }

    @Test
    void aSlowPaceDoesNotRunOut() {
        Forecast f = Forecast.of(10_000_000, 100_000_000, START, END, START.plusSeconds(15 * 86_400));
        assertEquals(20_000_000, f.periodEndMicros());
        assertNull(f.runsOutAt());
    }

    @Test
    void aUsedUpBudgetRanOutNow() {
        Instant now = START.plusSeconds(20 * 86_400);
        assertEquals(now, Forecast.of(100_000_000, 100_000_000, START, END, now).runsOutAt());
    }

    @Test
    void theFirstHourCountsAsAnHour() {
        // $1 in the first minute is not a pace of $43,200 a month
        Forecast f = Forecast.of(1_000_000, 100_000_000, START, END, START.plusSeconds(60));
        assertEquals(720_000_000, f.periodEndMicros());
    }
}
