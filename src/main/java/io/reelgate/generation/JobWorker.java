package io.reelgate.generation;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.reelgate.budget.SettlementOutcome;
import io.reelgate.provider.CreateVideo;
import io.reelgate.provider.InputImage;
import io.reelgate.provider.ProviderError;
import io.reelgate.provider.ProviderError.Kind;
import io.reelgate.provider.ProviderResult;
import io.reelgate.provider.Providers;
import io.reelgate.provider.Variant;
import io.reelgate.provider.VideoContent;
import io.reelgate.provider.VideoJob;
import io.reelgate.provider.VideoProvider;
import io.reelgate.provider.VideoStatus;
import io.reelgate.storage.ObjectStore;
import io.reelgate.storage.StorageException;

/**
 * One step of one claimed job, by its state: submit it (reconciling first if an earlier attempt
 * may have reached the provider), track it (webhook signal or adaptive polling), or copy its
 * video, thumbnail and spritesheet into storage and settle. Each step's outcome is one
 * {@link JobStore} change; transient failures back off and retry; a crash leaves the job leased
 * for recovery.
 */
@ApplicationScoped
class JobWorker {

    private static final Logger LOG = Logger.getLogger(JobWorker.class);
    /** Up to 1 MiB of a download is read ahead while the previous part uploads. */
    private static final int READ_AHEAD_CHUNK = 256 * 1024;
    private static final int READ_AHEAD_CHUNKS = 4;

    private final JobStore jobs;
    private final Providers providers;
    private final ObjectStore store;
    private final Reconciler reconciler;
    private final GenerationConfig config;
    private final CrashPoints crash;
    private final JobQueueAccess queue;
    private final PipelineMetrics metrics;

    JobWorker(JobStore jobs, Providers providers, ObjectStore store, Reconciler reconciler, GenerationConfig config,
            CrashPoints crash, JobQueueAccess queue, PipelineMetrics metrics) {
        this.jobs = jobs;
        this.providers = providers;
        this.store = store;
        this.reconciler = reconciler;
        this.config = config;
        this.crash = crash;
        this.queue = queue;
        this.metrics = metrics;
    }

    void process(long jobId) {
        io.reelgate.generation.VideoJob job = jobs.find(jobId).orElse(null);
        if (job == null) {
            return;
        }
        if (!job.state.terminal() && providers.find(job.provider).isEmpty()) {
            fail(job, SettlementOutcome.FAILED, new ProviderError(Kind.OTHER, "provider_unavailable", "The provider '"
                    + job.provider + "' is no longer enabled on this Reelgate.", null, null, 0));
            return;
        }
        try {
            switch (job.state) {
                case SUBMITTING -> submit(job);
                case SUBMITTED -> track(job);
                case INGESTING -> ingest(job);
                default -> jobs.update(jobId, j -> { });
            }
        } catch (CrashPoints.InjectedCrash e) {
            LOG.warnf("Job %d: %s (the job stays leased, as after a real crash)", jobId, e.getMessage());
        } catch (JobStore.IllegalTransition e) {
            LOG.debugf("Job %d moved on meanwhile: %s", jobId, e.getMessage());
        } catch (RuntimeException e) {
            LOG.errorf(e, "Job %d: unexpected failure in state %s", jobId, job.state);
            retryOrFail(job, "internal_error", "An unexpected error interrupted the job: " + e.getMessage());
        }
    }

    // ------------------------------------------------------------------ submit

    private void submit(io.reelgate.generation.VideoJob job) {
        crash.reach(CrashPoints.AFTER_CLAIM);
        VideoProvider provider = providers.get(job.provider);
        if (job.submitAttemptedAt != null && job.providerVideoId == null) {
            ProviderResult<Optional<VideoJob>> found = reconciler.find(provider, job);
            if (!found.isOk()) {
                backoff(job, found.error(), "could not reconcile an earlier attempt");
                return;
            }
            if (found.value().isPresent()) {
                adopt(job, found.value().get(), "reconciled: an earlier attempt had reached the provider");
                return;
            }
        }
        if (job.cancelRequested) {
            jobs.finish(job.id, JobState.CANCELED, SettlementOutcome.CANCELED_BEFORE_SUBMISSION, 0,
                    "canceled before it reached the provider", j -> { });
            return;
        }
        jobs.update(job.id, j -> j.submitAttemptedAt = Instant.now(), false);
        ProviderResult<VideoJob> result;
        if (job.remix()) {
            String source = jobs.find(job.remixOfJobId).map(s -> s.providerVideoId).orElse(null);
            result = provider.remix(source, job.prompt);
        } else {
            result = provider.create(new CreateVideo(job.model, job.prompt, job.size, job.seconds, inputImage(job)));
        }
        crash.reach(CrashPoints.AFTER_CREATE);
        if (result.isOk()) {
            adopt(job, result.value(), "submitted");
            return;
        }
        ProviderError error = result.error();
        metrics.providerError(job.provider, error);
        switch (error.kind()) {
            case SENTINEL_BLOCK -> fail(job, SettlementOutcome.SENTINEL_BLOCKED, error);
            case MODERATION_BLOCKED -> fail(job, SettlementOutcome.MODERATION_BLOCKED, error);
            case INVALID_REQUEST, OTHER -> fail(job, SettlementOutcome.FAILED, error);
            case NOT_FOUND -> fail(job, SettlementOutcome.FAILED, job.remix()
                    ? new ProviderError(Kind.NOT_FOUND, "remix_source_gone", "The original video is no longer at the "
                            + "provider, and a remix needs it there.", null, null, 404)
                    : error);
            case RATE_LIMITED -> {
                Duration wait = error.retryAfterHint().orElse(config.retryBase());
                queue.pause(job.provider, Instant.now().plus(wait));
                jobs.move(job.id, JobState.ADMITTED, "provider rate limit: retry in " + wait.toSeconds() + " s", j -> {
                    j.submitAttemptedAt = null;
                    j.nextAttemptAt = Instant.now().plus(wait).plus(jitter(wait));
                });
            }
            case UNKNOWN_OUTCOME -> backoff(job, error, "no answer to the create");
            case UNAVAILABLE, UNAUTHORIZED -> redispatch(job, error);
        }
    }

    private Optional<InputImage> inputImage(io.reelgate.generation.VideoJob job) {
        if (job.inputImageKey == null) {
            return Optional.empty();
        }
        try (InputStream in = store.open(job.inputImageKey, 0, null)) {
            return InputImage.of("reference", in.readAllBytes());
        } catch (IOException e) {
            throw new StorageException("Reading the input image of job " + job.id, e);
        }
    }

    /** The provider has the job: remember its id (and cancel there if the user asked meanwhile). */
    private void adopt(io.reelgate.generation.VideoJob job, VideoJob remote, String detail) {
        Instant now = Instant.now();
        io.reelgate.generation.VideoJob stored = jobs.move(job.id, JobState.SUBMITTED, detail + " as " + remote.id(), j -> {
            j.providerVideoId = remote.id();
            j.providerStatus = remote.status().apiName();
            j.progress = remote.progress();
            j.submittedAt = now;
            j.attempts = 0;
            j.errorMessage = null;
            j.nextAttemptAt = firstPoll(now, j.seconds);
        });
        crash.reach(CrashPoints.AFTER_STORE_PROVIDER_ID);
        if (stored.cancelRequested || stored.signal != null || remote.status().terminal() || !config.webhooks()) {
            jobs.update(job.id, j -> j.nextAttemptAt = Instant.now());
        }
    }

    // ------------------------------------------------------------------ track

    private void track(io.reelgate.generation.VideoJob job) {
        VideoProvider provider = providers.get(job.provider);
        if (job.cancelRequested) {
            provider.delete(job.providerVideoId).failure().ifPresent(e -> LOG.infof(
                    "Job %d: provider copy not deleted on cancel (%s)", job.id, e.message()));
            jobs.finish(job.id, JobState.CANCELED, SettlementOutcome.CANCELED_AFTER_SUBMISSION, 0,
                    "canceled at the provider", j -> { });
            return;
        }
        if ("video.completed".equals(job.signal)) {
            // 0 polls with webhooks: go straight to copying; a premature event falls back to polling
            io.reelgate.generation.VideoJob moved = jobs.advance(job.id, JobState.INGESTING, "webhook: video.completed", j -> {
                j.generatedAt = j.lastSignalAt;
                j.progress = 100;
                j.providerStatus = "completed";
                j.signal = null;
            });
            ingest(moved);
            return;
        }
        ProviderResult<VideoJob> polled = provider.retrieve(job.providerVideoId);
        metrics.poll(job.provider);
        if (!polled.isOk()) {
            if (polled.error().kind() == Kind.NOT_FOUND) {
                fail(job, SettlementOutcome.FAILED, new ProviderError(Kind.NOT_FOUND, "provider_lost_video",
                        "The provider no longer knows this video.", null, null, 404));
            } else {
                backoff(job, polled.error(), "status check failed");
            }
            return;
        }
        VideoJob remote = polled.value();
        switch (remote.status()) {
            case COMPLETED -> ingest(jobs.advance(job.id, JobState.INGESTING, "provider reports completed", j -> {
                Instant reported = remote.completedAt() != null ? remote.completedAt() : Instant.now();
                // the API reports whole seconds: never before our own submission time
                j.generatedAt = j.submittedAt != null && reported.isBefore(j.submittedAt) ? j.submittedAt : reported;
                j.progress = 100;
                j.providerStatus = "completed";
                j.actualSeconds = remote.seconds() > 0 ? remote.seconds() : j.seconds;
                j.polls++;
                j.signal = null;
            }));
            case FAILED -> {
                SettlementOutcome outcome = switch (remote.failureKind()) {
                    case MODERATION_BLOCKED -> SettlementOutcome.MODERATION_BLOCKED;
                    case SENTINEL_BLOCK -> SettlementOutcome.SENTINEL_BLOCKED;
                    default -> SettlementOutcome.FAILED;
                };
                fail(job, outcome, new ProviderError(remote.failureKind(), remote.errorCode(), remote.errorMessage(), null,
                        null, 0));
            }
            default -> {
                Instant signalSeen = job.lastSignalAt;
                jobs.update(job.id, j -> {
                    j.providerStatus = remote.status().apiName();
                    j.progress = remote.progress();
                    j.polls++;
                    boolean newSignal = j.lastSignalAt != null && !j.lastSignalAt.equals(signalSeen);
                    j.nextAttemptAt = newSignal ? Instant.now() : nextPoll(j);
                    if ("video.completed".equals(j.signal) && !newSignal) {
                        j.signal = null; // the event came early; the status will tell when it is true
                    }
                });
            }
        }
    }

    /** With webhooks, a job is polled only once it has been quiet for longer than it should take; without, from the start. */
    private Instant firstPoll(Instant submitted, int videoSeconds) {
        return submitted.plus(config.webhooks() ? quietPeriod(videoSeconds) : config.minPollInterval());
    }

    private Duration quietPeriod(int videoSeconds) {
        return config.quietAfter().plus(config.quietPerVideoSecond().multipliedBy(videoSeconds));
    }

    /** Adaptive: a sixth of the job's age, between the minimum and maximum interval, ±20 % jitter. */
    private Instant nextPoll(io.reelgate.generation.VideoJob job) {
        Instant now = Instant.now();
        Duration age = job.submittedAt == null ? Duration.ZERO : Duration.between(job.submittedAt, now);
        long ms = Math.max(config.minPollInterval().toMillis(), Math.min(config.maxPollInterval().toMillis(),
                age.toMillis() / 6));
        if (config.webhooks()) {
            ms = Math.max(ms, quietPeriod(job.seconds).toMillis() / 4);
        }
        double factor = 0.8 + ThreadLocalRandom.current().nextDouble() * 0.4;
        return now.plusMillis(Math.max(config.minPollInterval().toMillis(), (long) (ms * factor)));
    }

    // ------------------------------------------------------------------ ingest

    static String assetPrefix(io.reelgate.generation.VideoJob job) {
        return "teams/" + job.teamId + "/videos/" + job.id + "/";
    }

    private void ingest(io.reelgate.generation.VideoJob job) {
        VideoProvider provider = providers.get(job.provider);
        Set<Variant> done = jobs.assets(job.id).stream().map(VideoAsset::variant)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Variant.class)));
        long started = System.nanoTime();
        for (Variant variant : List.of(Variant.VIDEO, Variant.THUMBNAIL, Variant.SPRITESHEET)) {
            if (done.contains(variant)) {
                continue;
            }
            ProviderResult<VideoContent> download = provider.download(job.providerVideoId, variant);
            if (!download.isOk()) {
                contentMissing(job, provider, download.error());
                return;
            }
            try (VideoContent content = download.value()) {
                crash.reach(CrashPoints.AFTER_DOWNLOAD + variant.apiName());
                String type = content.contentType().split(";")[0].trim();
                String key = assetPrefix(job) + variant.apiName() + "." + extension(type, variant);
                ObjectStore.StoredObject stored;
                try (InputStream body = new ReadAhead(StallGuard.guard(content.body(), config.stallTimeout()),
                        READ_AHEAD_CHUNK, READ_AHEAD_CHUNKS)) {
                    stored = store.put(key, body, type);
                }
                crash.reach(CrashPoints.AFTER_UPLOAD + variant.apiName());
                jobs.recordAsset(job.id, variant, stored, type);
            } catch (IOException | StorageException e) {
                backoff(job, new ProviderError(Kind.UNAVAILABLE, "ingest_failed", "Copying the " + variant.apiName()
                        + " failed: " + e.getMessage(), null, null, 0), "copy failed");
                return;
            }
        }
        metrics.ingested(job.provider, Duration.ofNanos(System.nanoTime() - started));
        crash.reach(CrashPoints.BEFORE_SETTLE);
        io.reelgate.generation.VideoJob fresh = jobs.find(job.id).orElseThrow();
        int seconds = fresh.actualSeconds != null ? fresh.actualSeconds : fresh.seconds;
        jobs.finish(job.id, JobState.COMPLETED, SettlementOutcome.COMPLETED, seconds, "stored", j -> {
            j.errorCode = null;
            j.errorMessage = null;
        }).ifPresent(settled -> metrics.completed(fresh, settled.charged()));
    }

    /**
     * A download answered 404: either the webhook came before the video was ready (back to
     * tracking), or the content expired before we copied it (the job fails, charged per policy).
     */
    private void contentMissing(io.reelgate.generation.VideoJob job, VideoProvider provider, ProviderError error) {
        if (error.kind() != Kind.NOT_FOUND) {
            backoff(job, error, "download failed");
            return;
        }
        ProviderResult<VideoJob> status = provider.retrieve(job.providerVideoId);
        if (!status.isOk()) {
            backoff(job, status.error(), "status check after a missing download failed");
            return;
        }
        VideoJob remote = status.value();
        if (!remote.status().terminal()) {
            jobs.move(job.id, JobState.SUBMITTED, "content not ready yet", j -> {
                j.signal = null;
                j.providerStatus = remote.status().apiName();
                j.progress = remote.progress();
                j.nextAttemptAt = Instant.now().plus(config.minPollInterval());
            });
            return;
        }
        if (remote.status() == VideoStatus.COMPLETED && remote.expiresAt() != null
                && remote.expiresAt().isAfter(Instant.now().plusSeconds(1))) {
            // completed and not expired: the content was just not served yet (it turned completed meanwhile)
            backoff(job, error, "content not available yet");
            return;
        }
        store.deletePrefix(assetPrefix(job));
        jobs.forgetAssets(job.id);
        if (remote.status() == VideoStatus.FAILED) {
            fail(job, remote.failureKind() == Kind.MODERATION_BLOCKED ? SettlementOutcome.MODERATION_BLOCKED
                    : SettlementOutcome.FAILED, new ProviderError(remote.failureKind(), remote.errorCode(),
                            remote.errorMessage(), null, null, 0));
            return;
        }
        fail(job, SettlementOutcome.CONTENT_EXPIRED, new ProviderError(Kind.NOT_FOUND, "content_expired",
                "The provider's copy of the video expired before Reelgate could save it.", null, null, 404));
    }

    private static String extension(String contentType, Variant variant) {
        return switch (contentType) {
            case "video/mp4" -> "mp4";
            case "image/jpeg" -> "jpg";
            case "image/webp" -> "webp";
            case "image/png" -> "png";
            default -> variant.extension();
        };
    }

    // ------------------------------------------------------------------ outcomes

    private void fail(io.reelgate.generation.VideoJob job, SettlementOutcome outcome, ProviderError error) {
        if (outcome != SettlementOutcome.CONTENT_EXPIRED) {
            store.deletePrefix(assetPrefix(job));
        }
        jobs.finish(job.id, JobState.FAILED, outcome, 0, "failed: " + error.code(), j -> {
            j.errorCode = error.code();
            j.errorMessage = error.message();
        }).ifPresent(settled -> metrics.failed(job.provider, error.code()));
    }

    /** A transient failure: try the same step again later with doubling delays; give up after the configured attempts. */
    private void backoff(io.reelgate.generation.VideoJob job, ProviderError error, String what) {
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
    private void redispatch(io.reelgate.generation.VideoJob job, ProviderError error) {
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

    private void retryOrFail(io.reelgate.generation.VideoJob job, String code, String message) {
        try {
            jobs.update(job.id, j -> {
                j.attempts++;
                j.nextAttemptAt = Instant.now().plus(delay(j.attempts));
                j.errorMessage = message;
            });
            if (job.attempts + 1 >= config.maxAttempts()) {
                fail(job, SettlementOutcome.FAILED, new ProviderError(Kind.OTHER, code, message, null, null, 0));
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "Job %d: could not record the failure; its lease will expire and it will be retried", job.id);
        }
    }

    private Duration delay(int attempts) {
        long base = config.retryBase().toMillis() << Math.min(attempts, 10);
        long capped = Math.min(base, Duration.ofMinutes(5).toMillis());
        return Duration.ofMillis(capped).plus(jitter(Duration.ofMillis(capped)));
    }

    private static Duration jitter(Duration around) {
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(Math.max(1, around.toMillis() / 5 + 1)));
    }
}
