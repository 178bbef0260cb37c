package io.reelgate.generation;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.reelgate.budget.SettlementOutcome;
import io.reelgate.storage.TeamKeys;
import io.reelgate.provider.ProviderError;
import io.reelgate.provider.ProviderError.Kind;
import io.reelgate.storage.ObjectStore;

/**
 * How a pipeline step ends when it does not simply move on: failed (assets removed, settled per
 * outcome), backed off to retry the same step with doubling delays, put back to the queue when the
 * provider could not take a create, or retried after an unexpected error. Each is one
 * {@link JobStore} change; every step of {@link JobWorker} and {@link IngestStep} ends through here.
 */
@ApplicationScoped
class JobOutcomes {

    private static final Logger LOG = Logger.getLogger(JobOutcomes.class);

    private final JobStore jobs;
    private final ObjectStore store;
    private final GenerationConfig config;
    private final PipelineMetrics metrics;

    JobOutcomes(JobStore jobs, ObjectStore store, GenerationConfig config, PipelineMetrics metrics) {
        this.jobs = jobs;
        this.store = store;
        this.config = config;
        this.metrics = metrics;
    }

    void fail(VideoJob job, SettlementOutcome outcome, ProviderError error) {
        if (outcome != SettlementOutcome.CONTENT_EXPIRED) {
            store.deletePrefix(TeamKeys.videoFiles(job.teamId, job.id));
        }
        jobs.finish(job.id, JobState.FAILED, outcome, 0, "failed: " + error.code(), j -> {
            j.errorCode = error.code();
            j.errorMessage = error.message();
        }).ifPresent(settled -> metrics.failed(job.provider, error.code()));
    }

    /** A transient failure: try the same step again later with doubling delays; give up after the configured attempts. */
    void backoff(VideoJob job, ProviderError error, String what) {
        if (job.attempts >= config.maxAttempts()) {
            fail(job, SettlementOutcome.FAILED, new ProviderError(error.kind(), error.code(), what + " "
                    + job.attempts + " times; last error: " + error.message(), null, null, error.httpStatus()));
            return;
        }
        Duration wait = error.retryAfterHint().orElseGet(() -> delay(job.attempts));
        jobs.update(job.id, j -> {
            j.attempts++;
            j.nextAttemptAt = Instant.now().plus(wait);
            j.errorMessage = error.message();
        });
    }

    /**
     * The provider answered a create with a transient failure, so nothing was created: the job
     * goes back to the queue (dispatch counts its attempts) and is dispatched again after a delay.
     */
    void redispatch(VideoJob job, ProviderError error) {
        if (job.attempts >= config.maxAttempts()) {
            fail(job, SettlementOutcome.FAILED, new ProviderError(error.kind(), error.code(), "The provider could not "
                    + "take the job after " + job.attempts + " attempts; last error: " + error.message(), null, null,
                    error.httpStatus()));
            return;
        }
        Duration wait = error.retryAfterHint().orElseGet(() -> delay(job.attempts));
        jobs.move(job.id, JobState.ADMITTED, "provider could not take the job: " + error.message(), j -> {
            j.submitAttemptedAt = null;
            j.nextAttemptAt = Instant.now().plus(wait);
            j.errorMessage = error.message();
        });
    }

    void retryOrFail(VideoJob job, String code, String message) {
        try {
            if (job.attempts + 1 >= config.maxAttempts()) {
                fail(job, SettlementOutcome.FAILED, new ProviderError(Kind.OTHER, code, message, null, null, 0));
                return;
            }
            jobs.update(job.id, j -> {
                j.attempts++;
                j.nextAttemptAt = Instant.now().plus(delay(j.attempts));
                j.errorMessage = message;
            });
        } catch (RuntimeException e) {
            LOG.errorf(e, "Job %d: could not record the failure; its lease will expire and it will be retried", job.id);
        }
    }

    Duration delay(int attempts) {
        long base = config.retryBase().toMillis() << Math.min(attempts, 10);
        long capped = Math.min(base, Duration.ofMinutes(5).toMillis());
        return Duration.ofMillis(capped).plus(jitter(Duration.ofMillis(capped)));
    }

    /** Up to a fifth more than {@code around}, so retries of many jobs spread out. */
    static Duration jitter(Duration around) {
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(Math.max(1, around.toMillis() / 5 + 1)));
    }
}
