package io.reelgate.generation;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import io.reelgate.budget.Settlement;
import io.reelgate.budget.SettlementSql;
import io.reelgate.budget.SettlementOutcome;
import io.reelgate.lease.Leases;

/**
 * Job state changes, each in its own short transaction with the job row locked: a change is
 * applied only from a state that allows it (others are refused with {@link IllegalTransition}),
 * recorded in the job's history, and frees the job's lease. Terminal changes settle the
 * reservation in the same transaction, so a job is never finished without its money settled.
 * A change made by the job's worker is fenced ({@link Leases#fenceIfWorking}): it is written only
 * while this instance still holds the job's lease, so a worker whose job was taken over writes nothing.
 */
@ApplicationScoped
public class JobStore {

    private final EntityManager em;
    private final Settlement settlement;
    private final Event<JobFinished> finished;
    private final Leases leases;

    JobStore(EntityManager em, Settlement settlement, Event<JobFinished> finished, Leases leases) {
        this.em = em;
        this.leases = leases;
        this.settlement = settlement;
        this.finished = finished;
    }

    /** A state change was asked from a state that does not allow it. */
    public static class IllegalTransition extends RuntimeException {
        public final JobState from;
        public final JobState to;

        IllegalTransition(long jobId, JobState from, JobState to) {
            super("Job " + jobId + " cannot go from " + from + " to " + to);
            this.from = from;
            this.to = to;
        }
    }

    @Transactional
    public Optional<VideoJob> find(long jobId) {
        return Optional.ofNullable(em.find(VideoJob.class, jobId));
    }

    @Transactional
    public Optional<VideoJob> findByProviderVideo(String provider, String providerVideoId) {
        return VideoJob.find("provider = ?1 and providerVideoId = ?2", provider, providerVideoId).firstResultOptional();
    }

    /** Whether another job already holds this provider video. */
    @Transactional
    public boolean claimedElsewhere(String provider, String providerVideoId, long jobId) {
        return VideoJob.count("provider = ?1 and providerVideoId = ?2 and id <> ?3", provider, providerVideoId, jobId) > 0;
    }

    /**
     * Moves the job to {@code to}, applying {@code changes} first, and frees its lease (the worker
     * is done with it); refused when not allowed from its state.
     */
    @Transactional
    public VideoJob move(long jobId, JobState to, String detail, Consumer<VideoJob> changes) {
        VideoJob job = locked(jobId, true);
        if (!job.state.canMoveTo(to)) {
            throw new IllegalTransition(jobId, job.state, to);
        }
        changes.accept(job);
        record(job, to, detail);
        job.leaseOwner = null;
        job.leaseUntil = null;
        return job;
    }

    /** Like {@link #move}, but the worker keeps its lease because it goes on with the next step itself. */
    @Transactional
    public VideoJob advance(long jobId, JobState to, String detail, Consumer<VideoJob> changes) {
        VideoJob job = locked(jobId, false);
        if (!job.state.canMoveTo(to)) {
            throw new IllegalTransition(jobId, job.state, to);
        }
        changes.accept(job);
        record(job, to, detail);
        return job;
    }

    /**
     * Ends the job in a terminal state and settles its reservation in the same transaction.
     * Returns empty when the job had already ended (a retry after a crash, a racing worker).
     */
    @Transactional
    public Optional<SettlementSql.Settled> finish(long jobId, JobState to, SettlementOutcome outcome, int actualSeconds,
            String detail, Consumer<VideoJob> changes) {
        VideoJob job = locked(jobId, true);
        if (job.state.terminal()) {
            return Optional.empty();
        }
        if (!job.state.canMoveTo(to)) {
            throw new IllegalTransition(jobId, job.state, to);
        }
        changes.accept(job);
        SettlementSql.Settled settled = settlement.settle(job.reservationId, outcome, actualSeconds,
                outcome == SettlementOutcome.COMPLETED ? job.billedMicros : null);
        job.chargedMicros = settled.charged().micros();
        job.actualSeconds = outcome == SettlementOutcome.COMPLETED ? actualSeconds : null;
        job.finishedAt = Instant.now();
        record(job, to, detail);
        job.leaseOwner = null;
        job.leaseUntil = null;
        finished.fire(new JobFinished(job.id, job.teamId, to, job.storyboardId));
        return Optional.of(settled);
    }

    /** Changes fields without changing the state, recorded in the job's history (a queued job put on another route). */
    @Transactional
    public VideoJob note(long jobId, String detail, Consumer<VideoJob> changes) {
        VideoJob job = locked(jobId, true);
        changes.accept(job);
        record(job, job.state, detail);
        job.leaseOwner = null;
        job.leaseUntil = null;
        return job;
    }

    /** Changes fields without changing the state (progress, next attempt), and frees the lease. */
    @Transactional
    public VideoJob update(long jobId, Consumer<VideoJob> changes) {
        return update(jobId, changes, true);
    }

    /** Changes fields without changing the state; keeps the lease when the worker is not done yet. */
    @Transactional
    public VideoJob update(long jobId, Consumer<VideoJob> changes, boolean releaseLease) {
        VideoJob job = locked(jobId, releaseLease);
        changes.accept(job);
        if (releaseLease) {
            job.leaseOwner = null;
            job.leaseUntil = null;
        }
        return job;
    }

    /** Records a provider event for the worker: what it said, and that the job is due now. */
    @Transactional
    public void signal(long jobId, String signal) {
        em.createQuery("""
                update VideoJob j
                set j.signal = :signal, j.lastSignalAt = :now, j.nextAttemptAt = :now
                where j.id = :id and j.state in :states
                """)
                .setParameter("signal", signal)
                .setParameter("now", Instant.now())
                .setParameter("id", jobId)
                .setParameter("states", java.util.List.of(JobState.SUBMITTING, JobState.SUBMITTED))
                .executeUpdate();
    }

    /** Stores where one variant was copied to (again, after a retry: the latest copy wins), and what it is. */
    @Transactional
    public void recordAsset(long jobId, io.reelgate.provider.Variant variant, io.reelgate.storage.ObjectStore.StoredObject stored,
            String contentType, AssetDetails details) {
        leases.fenceIfWorking(JobQueue.LEASED, jobId, false);
        VideoAsset found = em.find(VideoAsset.class, new VideoAsset.Key(jobId, variant), LockModeType.PESSIMISTIC_WRITE);
        VideoAsset asset = found != null ? found : new VideoAsset();
        asset.key = new VideoAsset.Key(jobId, variant);
        asset.objectKey = stored.key();
        asset.contentType = contentType;
        asset.sizeBytes = stored.size();
        asset.sha256 = stored.sha256();
        asset.storedAt = Instant.now();
        asset.origin = details.origin();
        asset.durationMs = details.durationMs();
        asset.width = details.width();
        asset.height = details.height();
        asset.codec = details.codec();
        asset.hasAudio = details.hasAudio();
        if (found == null) {
            em.persist(asset);
        }
    }

    /** Adds the facts read from a stored video to its asset (when a crash skipped reading them at copy time). */
    @Transactional
    public void recordVideoFacts(long jobId, io.reelgate.media.VideoFacts facts) {
        leases.fenceIfWorking(JobQueue.LEASED, jobId, false);
        VideoAsset asset = em.find(VideoAsset.class, new VideoAsset.Key(jobId, io.reelgate.provider.Variant.VIDEO));
        if (asset != null) {
            asset.durationMs = facts.durationMillis();
            asset.width = facts.width();
            asset.height = facts.height();
            asset.codec = facts.codec();
            asset.hasAudio = facts.hasAudio();
        }
    }

    /** Forgets a job's stored copies (after their objects were deleted) and marks it deleted. */
    @Transactional
    public void markDeleted(long jobId) {
        VideoJob job = locked(jobId, false);
        VideoAsset.delete("key.jobId", jobId);
        job.deletedAt = Instant.now();
    }

    /** Forgets a job's stored copies after their objects were deleted (a failed ingest). */
    @Transactional
    public void forgetAssets(long jobId) {
        leases.fenceIfWorking(JobQueue.LEASED, jobId, false);
        VideoAsset.delete("key.jobId", jobId);
    }

    @Transactional
    public java.util.List<VideoAsset> assets(long jobId) {
        return VideoAsset.ofJob(jobId);
    }

    /** The job row, locked; for its worker only while it still holds the lease ({@code releasing}: this change frees it). */
    private VideoJob locked(long jobId, boolean releasing) {
        leases.fenceIfWorking(JobQueue.LEASED, jobId, releasing);
        VideoJob job = em.find(VideoJob.class, jobId, LockModeType.PESSIMISTIC_WRITE);
        if (job == null) {
            throw new IllegalArgumentException("No job " + jobId);
        }
        return job;
    }

    private void record(VideoJob job, JobState to, String detail) {
        JobTransition t = new JobTransition();
        t.jobId = job.id;
        t.fromState = job.state;
        t.toState = to;
        t.detail = detail == null ? null : detail.length() > 500 ? detail.substring(0, 500) : detail;
        t.at = Instant.now();
        t.persist();
        job.state = to;
    }
}
