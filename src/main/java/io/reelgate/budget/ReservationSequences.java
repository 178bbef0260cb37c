package io.reelgate.budget;

import java.util.Collection;
import java.util.Map;

/**
 * Which sequence (storyboard) reservations belong to, for the ledger view: a whole-sequence hold or a
 * shot's own reservation. A port: the storyboard feature knows, and its tables are of the ledger
 * view's own rank, so it implements this and the view asks here.
 */
public interface ReservationSequences {

    /** A sequence as the ledger names it. */
    record Sequence(long id, String title) {
    }

    /** The team's sequences by reservation id, for those of the reservations that belong to one. */
    Map<Long, Sequence> ofReservations(long teamId, Collection<Long> reservationIds);
}
