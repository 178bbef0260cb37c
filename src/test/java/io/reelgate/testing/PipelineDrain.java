package io.reelgate.testing;

import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.reelgate.generation.GenerationService;
import io.reelgate.provider.Providers;
import io.reelgate.provider.VideoProvider;

/**
 * Drains the pipeline before a test injects simulator faults: the fault plan is the simulator's
 * (one per app, like a real provider's outage), and the pipeline runs across test classes, so a job an
 * earlier test left unfinished would otherwise take this test's injected 429s or 503s. Every
 * unfinished job is canceled through the app (reservations released the normal way) and the drain
 * waits, with a deadline, until none is left in the provider's hands.
 */
@ApplicationScoped
public class PipelineDrain {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private final EntityManager em;
    private final GenerationService generation;
    private final Providers providers;

    PipelineDrain(EntityManager em, GenerationService generation, Providers providers) {
        this.em = em;
        this.generation = generation;
        this.providers = providers;
    }

    public void drain() {
        for (long[] job : unfinished()) {
            try {
                generation.cancel(job[0], job[1]);
            } catch (IllegalArgumentException | IllegalStateException raced) {
                // finished (or moved on) between the query and the cancel: nothing to drain
            }
        }
        try {
            Awaitility.await("the pipeline drains (every job of earlier tests finished or canceled)").atMost(DEADLINE)
                    .pollInterval(Duration.ofMillis(50)).until(() -> unfinished().isEmpty());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("Jobs still unfinished: " + describe(), e);
        }
    }

    private String describe() {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                select string_agg(id || ' ' || provider || ' ' || state || ' lease=' || coalesce(lease_owner, '-') || ' until '
                       || coalesce(lease_until::text, '-') || ' next=' || next_attempt_at || ' cancel=' || cancel_requested
                       || ' res=' || reservation_id, '; ')
                from (select * from video_job where state not in ('COMPLETED', 'FAILED', 'CANCELED') order by id limit 20) j
                """).getSingleResult().toString());
    }

    /**
     * (team id, job id) of every job not yet completed, failed or canceled that the pipeline works on:
     * a real reservation (rows tests insert directly carry negative ones and wait a week; touching them
     * would make them due) and a provider this app dispatches to (queue tests use providers nobody serves).
     */
    private List<long[]> unfinished() {
        List<String> served = providers.all().stream().map(VideoProvider::name).toList();
        return QuarkusTransaction.requiringNew().call(() -> em.createQuery("""
                select j.teamId, j.id from VideoJob j
                where j.reservationId > 0 and j.provider in :served and j.state not in (io.reelgate.generation.JobState.COMPLETED,
                      io.reelgate.generation.JobState.FAILED, io.reelgate.generation.JobState.CANCELED)
                """, Object[].class).setParameter("served", served).getResultList().stream()
                .map(r -> new long[] { ((Number) r[0]).longValue(), ((Number) r[1]).longValue() }).toList());
    }
}
