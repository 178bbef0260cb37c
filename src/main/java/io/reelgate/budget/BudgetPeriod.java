package io.reelgate.budget;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * One budget period of a team: from the reset day of one month to the reset day of the next, both
 * at local midnight in the team's time zone (so a period is 28–31 days, and across a daylight-saving
 * change an hour shorter or longer). The only place period boundaries are computed.
 */
public record BudgetPeriod(LocalDate start, LocalDate end, ZoneId zone) {

    public static BudgetPeriod containing(Instant instant, ZoneId zone, int resetDay) {
        if (resetDay < 1 || resetDay > 28) {
            throw new IllegalArgumentException("The reset day must be between 1 and 28");
        }
        LocalDate day = instant.atZone(zone).toLocalDate();
        LocalDate start = day.getDayOfMonth() >= resetDay ? day.withDayOfMonth(resetDay)
                : day.minusMonths(1).withDayOfMonth(resetDay);
        return new BudgetPeriod(start, start.plusMonths(1), zone);
    }

    public Instant startsAt() {
        return start.atStartOfDay(zone).toInstant();
    }

    public Instant endsAt() {
        return end.atStartOfDay(zone).toInstant();
    }

    public boolean contains(Instant instant) {
        return !instant.isBefore(startsAt()) && instant.isBefore(endsAt());
    }

    /** The calendar day (in the team's zone) that contains {@code instant}, as [start, end). */
    public static Instant[] dayOf(Instant instant, ZoneId zone) {
        LocalDate day = instant.atZone(zone).toLocalDate();
        return new Instant[] { day.atStartOfDay(zone).toInstant(), day.plusDays(1).atStartOfDay(zone).toInstant() };
    }
}
