package io.reelgate.budget;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The sliding one-minute limit: at most {@code perMinute} requests in any 60-second interval,
 * counting scheduled requests at their not-before time. {@link #earliest} finds the first instant
 * at or after {@code now} where one more request fits.
 */
public final class RateWindow {

    public static final Duration WINDOW = Duration.ofSeconds(60);

    private RateWindow() {
    }

    /**
     * @param times the instants of requests after {@code now - 60 s} (future scheduled ones included),
     *        in any order
     */
    public static Instant earliest(List<Instant> times, Instant now, int perMinute) {
        List<Instant> candidates = new ArrayList<>();
        candidates.add(now);
        for (Instant t : times) {
            Instant next = t.plus(WINDOW);
            if (next.isAfter(now)) {
                candidates.add(next);
            }
        }
        Collections.sort(candidates);
        for (Instant candidate : candidates) {
            if (fits(times, candidate, perMinute)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no slot found");
    }

    /** Requests counted in the 60 s ending at {@code at} (for "requests left this minute"). */
    public static int countInWindowEndingAt(List<Instant> times, Instant at) {
        Instant from = at.minus(WINDOW);
        return (int) times.stream().filter(t -> t.isAfter(from) && !t.isAfter(at)).count();
    }

    /** Only the windows that would contain the candidate matter; older history may predate a tier change. */
    private static boolean fits(List<Instant> times, Instant candidate, int perMinute) {
        List<Instant> merged = new ArrayList<>(times);
        merged.add(candidate);
        Collections.sort(merged);
        int at = merged.lastIndexOf(candidate);
        for (int i = Math.max(0, at - perMinute); i <= at && i + perMinute < merged.size(); i++) {
            if (Duration.between(merged.get(i), merged.get(i + perMinute)).compareTo(WINDOW) < 0) {
                return false;
            }
        }
        return true;
    }
}
