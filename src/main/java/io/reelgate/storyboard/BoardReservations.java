package io.reelgate.storyboard;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;

import io.reelgate.budget.ReservationSequences;
import io.reelgate.web.SqlRow;

/** The storyboard of each reservation the ledger lists: a shot's through its job, a hold's through the hold. */
@ApplicationScoped
class BoardReservations implements ReservationSequences {

    private final EntityManager em;

    BoardReservations(EntityManager em) {
        this.em = em;
    }

    @Override
    @Transactional
    public Map<Long, Sequence> ofReservations(long teamId, Collection<Long> reservationIds) {
        Map<Long, Sequence> boards = new HashMap<>();
        if (reservationIds.isEmpty()) {
            return boards;
        }
        // the job's storyboard comes last, so it wins over a hold's
        for (SqlRow r : SqlRow.list(em.createNativeQuery("""
                select x.reservation_id, b.id, b.title
                from (select h.reservation_id, h.storyboard_id, 0 as via_job from storyboard_hold h
                      where h.reservation_id = any(?1)
                      union all
                      select j.reservation_id, j.storyboard_id, 1 from video_job j
                      where j.reservation_id = any(?1) and j.team_id = ?2 and j.storyboard_id is not null) x
                join storyboard b on b.id = x.storyboard_id and b.team_id = ?2
                order by x.via_job
                """, Tuple.class).setParameter(1, reservationIds.toArray(Long[]::new)).setParameter(2, teamId))) {
            boards.put(r.longValue("reservation_id"), new Sequence(r.longValue("id"), r.string("title")));
        }
        return boards;
    }
}
