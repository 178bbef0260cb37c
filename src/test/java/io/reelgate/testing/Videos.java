package io.reelgate.testing;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import org.awaitility.Awaitility;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.reelgate.generation.GenerationService;
import io.reelgate.generation.JobState;
import io.reelgate.generation.JobStore;

/** Videos for gallery tests: real ones made by the pipeline, or bare rows for listing tests. */
@ApplicationScoped
public class Videos {

    private static final AtomicLong RESERVATION = new AtomicLong(-5_000_000_000L);

    private final GenerationService generation;
    private final JobStore jobs;
    private final EntityManager em;

    Videos(GenerationService generation, JobStore jobs, EntityManager em) {
        this.generation = generation;
        this.jobs = jobs;
        this.em = em;
    }

    /** A video made through admission, the simulator and ingest, with its objects in S3. */
    public long make(long teamId, long memberId, String prompt) {
        var submitted = generation.submit(GenerationService.Request.of(teamId, memberId, "simulator", "sora-2",
                "1280x720", 4, prompt));
        if (!(submitted instanceof GenerationService.Queued queued)) {
            throw new IllegalStateException("not admitted: " + submitted);
        }
        long id = queued.job().id();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> jobs.find(id).orElseThrow().state.terminal());
        if (jobs.find(id).orElseThrow().state != JobState.COMPLETED) {
            throw new IllegalStateException("job " + id + " did not complete");
        }
        return id;
    }

    /** A finished job row (no objects behind its asset rows) for listing tests. */
    public long row(long teamId, long memberId, String prompt, String model, String state, Instant finishedAt) {
        return QuarkusTransaction.requiringNew().call(() -> {
            long id = ((Number) em.createNativeQuery("insert into video_job (team_id, member_id, reservation_id, provider, "
                    + "model, size, seconds, prompt, priority, state, fingerprint, error_code, actual_seconds, charged_micros, "
                    + "created_at, finished_at, next_attempt_at) values (?1, ?2, ?3, 'simulator', ?4, '1280x720', 4, ?5, 2, ?6, "
                    + "'row', ?7, 4, 400000, ?8, ?8, now() + interval '7 days') returning id")
                    .setParameter(1, teamId).setParameter(2, memberId).setParameter(3, RESERVATION.decrementAndGet())
                    .setParameter(4, model).setParameter(5, prompt).setParameter(6, state)
                    .setParameter(7, "FAILED".equals(state) ? "moderation_blocked" : null)
                    .setParameter(8, Timestamp.from(finishedAt)).getSingleResult()).longValue();
            if ("COMPLETED".equals(state)) {
                em.createNativeQuery("insert into video_asset (job_id, variant, object_key, content_type, size_bytes, sha256) "
                        + "select ?1, v, 'nowhere/' || ?1 || '/' || v, 'image/jpeg', 10, repeat('0', 64) "
                        + "from unnest(array['VIDEO', 'THUMBNAIL', 'SPRITESHEET']) v").setParameter(1, id).executeUpdate();
            }
            return id;
        });
    }
}
