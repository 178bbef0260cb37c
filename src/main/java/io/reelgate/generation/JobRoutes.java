package io.reelgate.generation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;

import io.reelgate.provider.ModelRoutes.Route;
import io.reelgate.web.SqlRow;

/**
 * The routes a job took, in order (table {@code job_route}): the first with why it was chosen
 * (preferred, cheapest, pinned), each later one after the job left the one before, and why it
 * left ("Replicate was unavailable"). Written in the transaction that moves the job and its money.
 */
@ApplicationScoped
public class JobRoutes {

    /**
     * One route of a job: {@code reason} why it was taken, {@code leftBecause} why the job moved on
     * (null: the route it is on), {@code priceMicros} what the reservation held there.
     */
    public record Taken(int seq, String provider, String model, String reason, long priceMicros, String leftBecause,
            Instant at) {
        public Route route() {
            return new Route(provider, model);
        }
    }

    private final EntityManager em;

    JobRoutes(EntityManager em) {
        this.em = em;
    }

    /** Records the route a job takes now: the first (seq 1) or the next after {@link #leave}. */
    @Transactional
    public void take(long jobId, Route route, String reason, long priceMicros, Instant at) {
        em.createNativeQuery("""
                insert into job_route (job_id, seq, provider, model, reason, price_micros, at)
                select ?1, coalesce(max(seq), 0) + 1, ?2, ?3, ?4, ?5, ?6 from job_route where job_id = ?1
                """).setParameter(1, jobId).setParameter(2, route.provider()).setParameter(3, route.model())
                .setParameter(4, reason).setParameter(5, priceMicros).setParameter(6, at).executeUpdate();
    }

    /** Why the job leaves the route it is on. */
    @Transactional
    public void leave(long jobId, String because) {
        em.createNativeQuery("""
                update job_route set left_because = ?2
                where job_id = ?1 and seq = (select max(seq) from job_route where job_id = ?1)
                """).setParameter(1, jobId).setParameter(2, because).executeUpdate();
    }

    /** Every route of the job, first to last; empty for a job of a model with one route. */
    @Transactional
    public List<Taken> of(long jobId) {
        return of(List.of(jobId)).getOrDefault(jobId, List.of());
    }

    /** The routes of several jobs in one query (a page of job cards), by job id. */
    @Transactional
    public Map<Long, List<Taken>> of(Collection<Long> jobIds) {
        Map<Long, List<Taken>> out = new HashMap<>();
        if (jobIds.isEmpty()) {
            return out;
        }
        for (SqlRow r : SqlRow.list(em.createNativeQuery("""
                select job_id, seq, provider, model, reason, price_micros, left_because, at from job_route
                where job_id = any(?1) order by job_id, seq
                """, Tuple.class).setParameter(1, jobIds.toArray(Long[]::new)))) {
            out.computeIfAbsent(r.longValue("job_id"), id -> new ArrayList<>()).add(new Taken(r.intValue("seq"),
                    r.string("provider"), r.string("model"), r.string("reason"), r.longValue("price_micros"),
                    r.string("left_because"), r.instant("at")));
        }
        return out;
    }
}
