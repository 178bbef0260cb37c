package io.reelgate.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class RateWindowTest {

    static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    @Test
    void admitsAtOnceWhileTheLastMinuteHasRoom() {
        List<Instant> times = List.of(NOW.minusSeconds(50), NOW.minusSeconds(10));
        assertEquals(NOW, RateWindow.earliest(times, NOW, 3));
    }

    @Test
    void aFullMinuteFreesUpSixtySecondsAfterItsOldestRequest() {
        List<Instant> times = List.of(NOW.minusSeconds(50), NOW.minusSeconds(20), NOW.minusSeconds(5));
        assertEquals(NOW.plusSeconds(10), RateWindow.earliest(times, NOW, 3));
    }

    @Test
    void scheduledRequestsOccupyTheirFutureSlots() {
        List<Instant> times = new ArrayList<>(List.of(NOW.minusSeconds(30), NOW.minusSeconds(1)));
        for (int i = 0; i < 3; i++) {
            Instant slot = RateWindow.earliest(times, NOW, 2);
            times.add(slot);
        }
        // two per minute: the next ones go at +30 s, +59 s and +90 s
        assertEquals(List.of(NOW.plusSeconds(30), NOW.plusSeconds(59), NOW.plusSeconds(90)), times.subList(2, 5));
    }

    @Test
    void historyOverALowerNewLimitDoesNotBlockForever() {
        List<Instant> times = List.of(NOW.minusSeconds(40), NOW.minusSeconds(39), NOW.minusSeconds(38), NOW.minusSeconds(37));
        assertEquals(NOW.plusSeconds(23), RateWindow.earliest(times, NOW, 1));
    }

    @Test
    void countsTheMinuteEndingNow() {
        assertEquals(2, RateWindow.countInWindowEndingAt(List.of(NOW.minusSeconds(61), NOW.minusSeconds(59), NOW,
                NOW.plusSeconds(1)), NOW));
    }
}
