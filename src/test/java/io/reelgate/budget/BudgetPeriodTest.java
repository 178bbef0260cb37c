package io.reelgate.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

/** Period and day boundaries in the team's time zone, including daylight-saving changes. */
class BudgetPeriodTest {

    static final ZoneId LA = ZoneId.of("America/Los_Angeles");

    static Instant la(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(LA).toInstant();
    }

    @Test
    void theLastSecondOfAMonthBelongsToThatMonthAndMidnightToTheNext() {
        BudgetPeriod before = BudgetPeriod.containing(la("2026-11-30T23:59:59"), LA, 1);
        BudgetPeriod after = BudgetPeriod.containing(la("2026-12-01T00:00:00"), LA, 1);
        assertEquals(LocalDate.of(2026, 11, 1), before.start());
        assertEquals(LocalDate.of(2026, 12, 1), before.end());
        assertEquals(LocalDate.of(2026, 12, 1), after.start());
        assertEquals(before.endsAt(), after.startsAt());
        assertEquals(la("2026-12-01T00:00:00"), after.startsAt(), "boundary is local midnight, not UTC midnight");
    }

    @Test
    void aResetDayShiftsThePeriod() {
        assertEquals(LocalDate.of(2026, 10, 15), BudgetPeriod.containing(la("2026-11-14T23:59:59"), LA, 15).start());
        assertEquals(LocalDate.of(2026, 11, 15), BudgetPeriod.containing(la("2026-11-15T00:00:00"), LA, 15).start());
        assertEquals(LocalDate.of(2027, 1, 15), BudgetPeriod.containing(la("2027-01-20T12:00:00"), LA, 15).start());
    }

    @Test
    void aPeriodSpanningTheAutumnClockChangeIsAnHourLonger() {
        BudgetPeriod october = BudgetPeriod.containing(la("2026-10-20T10:00:00"), LA, 15);
        // 15 Oct → 15 Nov 2026 contains 1 Nov, when Los Angeles falls back from PDT to PST.
        assertEquals(Duration.ofDays(31).plusHours(1), Duration.between(october.startsAt(), october.endsAt()));
        assertTrue(october.contains(la("2026-11-15T00:00:00").minusSeconds(1)));
        assertFalse(october.contains(la("2026-11-15T00:00:00")));
    }

    @Test
    void dayLimitsResetAtLocalMidnightOnShortAndLongDays() {
        Instant[] springForward = BudgetPeriod.dayOf(la("2026-03-08T12:00:00"), LA);
        assertEquals(Duration.ofHours(23), Duration.between(springForward[0], springForward[1]));
        Instant[] fallBack = BudgetPeriod.dayOf(la("2026-11-01T12:00:00"), LA);
        assertEquals(Duration.ofHours(25), Duration.between(fallBack[0], fallBack[1]));
        Instant[] lastSecond = BudgetPeriod.dayOf(la("2026-11-30T23:59:59"), LA);
        assertEquals(la("2026-12-01T00:00:00"), lastSecond[1]);
    }
}
