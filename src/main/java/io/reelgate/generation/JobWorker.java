package io.reelgate.generation;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.reelgate.budget.SettlementOutcome;
import io.reelgate.media.ContentKind;
import io.reelgate.media.Previews;
import io.reelgate.media.VideoFacts;
import io.reelgate.media.VideoFile;
import io.reelgate.provider.Capabilities;
import io.reelgate.provider.CreateVideo;
import io.reelgate.provider.InputImage;
import io.reelgate.provider.ProviderError;
import io.reelgate.provider.ProviderError.Kind;
import io.reelgate.provider.ProviderResult;
import io.reelgate.provider.Providers;
import io.reelgate.provider.RemoteVideo;
import io.reelgate.provider.ResultRef;
import io.reelgate.provider.Variant;
import io.reelgate.provider.VideoContent;
import io.reelgate.provider.VideoProvider;
import io.reelgate.provider.VideoStatus;
import io.reelgate.storage.ObjectStore;
import io.reelgate.storage.StorageException;

/**
 * One step of one claimed job, by its state: submit it (reconciling first if an earlier attempt
 * may have reached the provider), track it (webhook signal or adaptive polling), copy what the
 * provider delivers into storage (each download checked for what it really is), derive the poster
 * and spritesheet it did not deliver, and settle. What a provider can do comes from its
 * {@link Capabilities}. Each step's outcome is one {@link JobStore} change; transient failures back
 * off and retry; a crash leaves the job leased for recovery.
 */
@ApplicationScoped
class JobWorker {

    private static final Logger LOG = Logger.getLogger(JobWorker.class);
    /** Up to 1 MiB of a download is read ahead while the previous part uploads. */
    private static final int READ_AHEAD_CHUNK = 256 * 1024;
    private static final int READ_AHEAD_CHUNKS = 4;
    /** How long a derivation waits for a free slot before the job is put back to wait its turn. */
    private static final Duration DERIVE_PATIENCE = Duration.ofSeconds(10);
    private static final List<Variant> PREVIEWS = List.of(Variant.THUMBNAIL, Variant.SPRITESHEET);

    private final JobStore jobs;
    private final Providers providers;
    private final ObjectStore store;
    private final Reconciler reconciler;
    private final GenerationConfig config;
    private final CrashPoints crash;
    private final JobQueueAccess queue;
    private final PipelineMetrics metrics;
    private final Previews previews;

    JobWorker(JobStore jobs, Providers providers, ObjectStore store, Reconciler reconciler, GenerationConfig config,
            CrashPoints crash, JobQueueAccess queue, PipelineMetrics metrics, Previews previews) {
        this.jobs = jobs;
        this.providers = providers;
        this.store = store;
        this.reconciler = reconciler;
        this.config = config;
        this.crash = crash;
        this.queue = queue;
        this.metrics = metrics;
        this.previews = previews;
    }

    void process(long jobId) {
        VideoJob job = jobs.find(jobId).orElse(null);
        if (job == null) {
            return;
        }
        if (!job.state.terminal() && job.state != JobState.DERIVING && providers.find(job.provider).isEmpty()) {
            fail(job, SettlementOutcome.FAILED, new ProviderError(Kind.OTHER, "provider_unavailable", "The provider '"
                    + job.provider + "' is no longer enabled on this Reelgate.", null, null, 0));
            return;
        }
        try {
            switch (job.state) {
                case SUBMITTING -> submit(job);
                case SUBMITTED -> track(job);
                case INGESTING -> ingest(job);
                case DERIVING -> derive(job, null);
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

    private void submit(VideoJob job) {
        crash.reach(CrashPoints.AFTER_CLAIM);
        VideoProvider provider = providers.get(job.provider);
        if (job.submitAttemptedAt != null && job.providerVideoId == null) {
            ProviderResult<Optional<RemoteVideo>> found = reconciler.find(provider, job);
            if (!found.isOk() && found.error().kind() == Kind.UNSUPPORTED) {
                // without a list, a lost answer cannot be found again; sending the request again could pay twice
                fail(job, SettlementOutcome.FAILED, new ProviderError(Kind.UNKNOWN_OUTCOME, "unknown_outcome",
                        "The provider may have accepted the request, but its answer was lost and " + job.provider
                                + " cannot list its jobs, so Reelgate did not send it again (that could pay twice).",
                        null, null, 0));
                return;
            }
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
        ProviderResult<RemoteVideo> result;
        if (job.remix()) {
            String source = jobs.find(job.remixOfJobId).map(s -> s.providerVideoId).orElse(null);
            result = provider.remix(source, job.prompt);
        } else {
            result = provider.create(new CreateVideo(job.model, job.prompt, job.size, job.seconds, inputImage(job),
                    job.withAudio, job.negativePrompt));
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
            case UNSUPPORTED -> fail(job, SettlementOutcome.FAILED, new ProviderError(Kind.UNSUPPORTED,
                    job.remix() ? "remix_unsupported" : "unsupported", error.message(), null, null, 0));
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

    private Optional<InputImage> inputImage(VideoJob job) {
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
    private void adopt(VideoJob job, RemoteVideo remote, String detail) {
        Instant now = Instant.now();
        boolean webhooks = webhooks(job.provider);
        VideoJob stored = jobs.move(job.id, JobState.SUBMITTED, detail + " as " + remote.id(), j -> {
            j.providerVideoId = remote.id();
            j.providerStatus = remote.status().apiName();
            j.progress = remote.progress();
            j.submittedAt = now;
            j.attempts = 0;
            j.errorMessage = null;
            j.nextAttemptAt = firstPoll(now, j.seconds, webhooks);
        });
        crash.reach(CrashPoints.AFTER_STORE_PROVIDER_ID);
        if (stored.cancelRequested || stored.signal != null || remote.status().terminal() || !webhooks) {
            jobs.update(job.id, j -> j.nextAttemptAt = Instant.now());
        }
    }

    /** Whether this provider's completion webhooks reach us (declared, signed with a configured secret, not switched off). */
    private boolean webhooks(String provider) {
        return config.webhooks() && providers.webhooks(provider);
    }

    // ------------------------------------------------------------------ track

    private void track(VideoJob job) {
        VideoProvider provider = providers.get(job.provider);
        if (job.cancelRequested) {
            if (provider.capabilities().cancel()) {
                provider.cancel(job.providerVideoId).failure().ifPresent(e -> LOG.infof(
                        "Job %d: not canceled at the provider (%s)", job.id, e.message()));
            }
            jobs.finish(job.id, JobState.CANCELED, SettlementOutcome.CANCELED_AFTER_SUBMISSION, 0,
                    provider.capabilities().cancel() ? "canceled at the provider"
                            : "canceled here; the provider cannot cancel, so it may finish the video anyway",
                    j -> { });
            return;
        }
        boolean byEndpoint = provider.capabilities().delivery() == Capabilities.Delivery.DOWNLOAD_ENDPOINT;
        if ("video.completed".equals(job.signal) && byEndpoint) {
            // 0 polls with webhooks: go straight to copying; a premature event falls back to polling
            VideoJob moved = jobs.advance(job.id, JobState.INGESTING, "webhook: video.completed", j -> {
                j.generatedAt = j.lastSignalAt;
                j.progress = 100;
                j.providerStatus = "completed";
                j.signal = null;
            });
            ingest(moved);
            return;
        }
        ProviderResult<RemoteVideo> polled = provider.retrieve(job.providerVideoId);
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
        RemoteVideo remote = polled.value();
        switch (remote.status()) {
            case COMPLETED -> ingest(jobs.advance(job.id, JobState.INGESTING, "provider reports completed", j -> {
                Instant reported = remote.completedAt() != null ? remote.completedAt() : Instant.now();
                // the API reports whole seconds: never before our own submission time
                j.generatedAt = j.submittedAt != null && reported.isBefore(j.submittedAt) ? j.submittedAt : reported;
                j.progress = 100;
                j.providerStatus = "completed";
                j.actualSeconds = remote.seconds() > 0 ? remote.seconds() : null;
                j.resultUrl = remote.resultUrl();
                j.contentExpiresAt = contentExpiry(provider, remote, j.generatedAt);
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
                boolean webhooks = webhooks(job.provider);
                jobs.update(job.id, j -> {
                    j.providerStatus = remote.status().apiName();
                    j.progress = remote.progress();
                    j.polls++;
                    boolean newSignal = j.lastSignalAt != null && !j.lastSignalAt.equals(signalSeen);
                    j.nextAttemptAt = newSignal ? Instant.now() : nextPoll(j, webhooks);
                    if ("video.completed".equals(j.signal) && !newSignal) {
                        j.signal = null; // the event came early; the status will tell when it is true
                    }
                });
            }
        }
    }

    /** Until when the provider's copy can be fetched: what it says, else its documented lifetime for result URLs. */
    private static Instant contentExpiry(VideoProvider provider, RemoteVideo remote, Instant completed) {
        if (remote.expiresAt() != null) {
            return remote.expiresAt();
        }
        Duration ttl = provider.capabilities().resultTtl();
        return ttl == null ? null : completed.plus(ttl);
    }

    /** With webhooks, a job is polled only once it has been quiet for longer than it should take; without, from the start. */
    private Instant firstPoll(Instant submitted, int videoSeconds, boolean webhooks) {
        return submitted.plus(webhooks ? quietPeriod(videoSeconds) : config.minPollInterval());
    }

    private Duration quietPeriod(int videoSeconds) {
        return config.quietAfter().plus(config.quietPerVideoSecond().multipliedBy(videoSeconds));
    }

    /** Adaptive: a sixth of the job's age, between the minimum and maximum interval, ±20 % jitter. */
    private Instant nextPoll(VideoJob job, boolean webhooks) {
        Instant now = Instant.now();
        Duration age = job.submittedAt == null ? Duration.ZERO : Duration.between(job.submittedAt, now);
        long ms = Math.max(config.minPollInterval().toMillis(), Math.min(config.maxPollInterval().toMillis(),
                age.toMillis() / 6));
        if (webhooks) {
            ms = Math.max(ms, quietPeriod(job.seconds).toMillis() / 4);
        }
        double factor = 0.8 + ThreadLocalRandom.current().nextDouble() * 0.4;
        return now.plusMillis(Math.max(config.minPollInterval().toMillis(), (long) (ms * factor)));
    }

    // ------------------------------------------------------------------ ingest

    static String assetPrefix(VideoJob job) {
        return "teams/" + job.teamId + "/videos/" + job.id + "/";
    }

    /**
     * Copies the video, then whichever previews the provider declares, each checked for what its
     * bytes really are (a "thumbnail" that is an MP4 is discarded). A missing preview is never a
     * failure: the DERIVING step makes it from the stored video, decoded from the local copy kept
     * while uploading.
     */
    private void ingest(VideoJob job) {
        VideoProvider provider = providers.get(job.provider);
        Set<Variant> done = stored(job);
        long started = System.nanoTime();
        Path local = null;
        try {
            if (!done.contains(Variant.VIDEO)) {
                local = previews.tempFile();
                if (!copyVideo(job, provider, local)) {
                    return;
                }
            }
            for (Variant variant : PREVIEWS) {
                if (!done.contains(variant) && provider.capabilities().serves(variant)) {
                    copyPreview(job, provider, variant);
                }
            }
            metrics.ingested(job.provider, Duration.ofNanos(System.nanoTime() - started));
            Set<Variant> now = stored(job);
            if (now.contains(Variant.THUMBNAIL) && now.contains(Variant.SPRITESHEET)) {
                complete(job);
                return;
            }
            VideoJob moved = jobs.advance(job.id, JobState.DERIVING, "making what the provider did not deliver: "
                    + PREVIEWS.stream().filter(v -> !now.contains(v)).map(Variant::apiName)
                            .collect(Collectors.joining(", ")), j -> { });
            derive(moved, local);
        } catch (IOException e) {
            backoff(job, new ProviderError(Kind.UNAVAILABLE, "ingest_failed", "Keeping a local copy of the video failed: "
                    + e.getMessage(), null, null, 0), "copy failed");
        } finally {
            deleteQuietly(local);
        }
    }

    /** Copies the video into storage and into {@code local}; false when the step ended otherwise (retry, failure). */
    private boolean copyVideo(VideoJob job, VideoProvider provider, Path local) throws IOException {
        ProviderResult<VideoContent> download = provider.download(new ResultRef(job.providerVideoId, job.resultUrl),
                Variant.VIDEO);
        if (!download.isOk()) {
            videoMissing(job, provider, download.error());
            return false;
        }
        try (VideoContent content = download.value()) {
            crash.reach(CrashPoints.AFTER_DOWNLOAD + Variant.VIDEO.apiName());
            Tee.Peeked peeked = Tee.peek(StallGuard.guard(content.body(), config.stallTimeout()));
            if (!peeked.kind().video()) {
                backoff(job, new ProviderError(Kind.OTHER, "invalid_content", "The provider's answer for the video is "
                        + "not a video (" + describe(peeked.kind(), content) + ").", null, null, 0), "download failed");
                return false;
            }
            String type = peeked.kind().mediaType();
            String key = assetPrefix(job) + Variant.VIDEO.apiName() + "." + peeked.kind().extension();
            ObjectStore.StoredObject stored;
            try (InputStream body = new ReadAhead(Tee.toFile(peeked.stream(), local), READ_AHEAD_CHUNK,
                    READ_AHEAD_CHUNKS)) {
                stored = store.put(key, body, type);
            }
            crash.reach(CrashPoints.AFTER_UPLOAD + Variant.VIDEO.apiName());
            jobs.recordAsset(job.id, Variant.VIDEO, stored, type, AssetDetails.video(facts(job, local)));
            return true;
        } catch (IOException | StorageException e) {
            backoff(job, new ProviderError(Kind.UNAVAILABLE, "ingest_failed", "Copying the video failed: "
                    + e.getMessage(), null, null, 0), "copy failed");
            return false;
        }
    }

    /** Copies a thumbnail or spritesheet if the provider really delivers one; anything else is left to derivation. */
    private void copyPreview(VideoJob job, VideoProvider provider, Variant variant) {
        ProviderResult<VideoContent> download = provider.download(new ResultRef(job.providerVideoId, job.resultUrl),
                variant);
        if (!download.isOk()) {
            LOG.debugf("Job %d: no %s from the provider (%s); Reelgate makes one", job.id, variant.apiName(),
                    download.error().message());
            return;
        }
        try (VideoContent content = download.value()) {
            crash.reach(CrashPoints.AFTER_DOWNLOAD + variant.apiName());
            Tee.Peeked peeked = Tee.peek(StallGuard.guard(content.body(), config.stallTimeout()));
            if (!peeked.kind().image()) {
                LOG.infof("Job %d: the provider's %s is %s, not an image; discarded, Reelgate makes one", job.id,
                        variant.apiName(), describe(peeked.kind(), content));
                metrics.discardedVariant(job.provider, variant);
                return;
            }
            String type = peeked.kind().mediaType();
            String key = assetPrefix(job) + variant.apiName() + "." + peeked.kind().extension();
            ObjectStore.StoredObject stored;
            try (InputStream body = new ReadAhead(peeked.stream(), READ_AHEAD_CHUNK, READ_AHEAD_CHUNKS)) {
                stored = store.put(key, body, type);
            }
            crash.reach(CrashPoints.AFTER_UPLOAD + variant.apiName());
            jobs.recordAsset(job.id, variant, stored, type, AssetDetails.fromProvider());
        } catch (IOException | StorageException e) {
            LOG.infof("Job %d: copying the provider's %s failed (%s); Reelgate makes one", job.id, variant.apiName(),
                    e.getMessage());
        }
    }

    private static String describe(ContentKind kind, VideoContent content) {
        return kind == ContentKind.UNKNOWN ? "unrecognised bytes labelled " + content.contentType() : kind.mediaType();
    }

    /** The facts of the copied video; a file FFmpeg cannot read is stored anyway (browsers may still play it). */
    private VideoFacts facts(VideoJob job, Path local) {
        try {
            return VideoFile.facts(local);
        } catch (IOException | RuntimeException | LinkageError e) {
            LOG.warnf("Job %d: the stored video could not be read (%s)", job.id, e.getMessage());
            return null;
        }
    }

    /**
     * The video could not be downloaded. Transient trouble retries; otherwise the status decides:
     * not finished yet (an early webhook) → back to tracking; failed → fail with its error;
     * finished and its copy known to be gone (the provider's expiry or the result URL's lifetime
     * passed) → {@code content_expired}, charged per policy; finished with no known expiry → retry,
     * and fail uncharged if it never comes back.
     */
    private void videoMissing(VideoJob job, VideoProvider provider, ProviderError error) {
        if (error.transientFailure() || error.kind() == Kind.UNAUTHORIZED || error.kind() == Kind.UNKNOWN_OUTCOME) {
            backoff(job, error, "download failed");
            return;
        }
        ProviderResult<RemoteVideo> status = provider.retrieve(job.providerVideoId);
        if (!status.isOk()) {
            if (status.error().kind() == Kind.NOT_FOUND && gone(job.contentExpiresAt)) {
                expired(job);
            } else {
                backoff(job, status.error(), "status check after a missing download failed");
            }
            return;
        }
        RemoteVideo remote = status.value();
        if (!remote.status().terminal()) {
            jobs.move(job.id, JobState.SUBMITTED, "content not ready yet", j -> {
                j.signal = null;
                j.providerStatus = remote.status().apiName();
                j.progress = remote.progress();
                j.nextAttemptAt = Instant.now().plus(config.minPollInterval());
            });
            return;
        }
        if (remote.status() == VideoStatus.FAILED) {
            store.deletePrefix(assetPrefix(job));
            jobs.forgetAssets(job.id);
            fail(job, remote.failureKind() == Kind.MODERATION_BLOCKED ? SettlementOutcome.MODERATION_BLOCKED
                    : SettlementOutcome.FAILED, new ProviderError(remote.failureKind(), remote.errorCode(),
                            remote.errorMessage(), null, null, 0));
            return;
        }
        Instant expires = remote.expiresAt() != null ? remote.expiresAt()
                : remote.resultUrl() != null && !remote.resultUrl().equals(job.resultUrl) ? null : job.contentExpiresAt;
        if (gone(expires)) {
            expired(job);
            return;
        }
        if (remote.resultUrl() != null && !remote.resultUrl().equals(job.resultUrl)) {
            // a fresh result URL (providers re-sign them): try it at once
            jobs.update(job.id, j -> {
                j.resultUrl = remote.resultUrl();
                j.contentExpiresAt = contentExpiry(provider, remote, Instant.now());
                j.nextAttemptAt = Instant.now();
            });
            return;
        }
        // completed, not known to be gone: the content was just not served yet
        backoff(job, new ProviderError(error.kind(), "content_unavailable", "The provider reports the video finished "
                + "but does not serve it: " + error.message(), null, null, error.httpStatus()), "content not available");
    }

    private static boolean gone(Instant expires) {
        return expires != null && !expires.isAfter(Instant.now().plusSeconds(1));
    }

    /** The provider's copy is gone before ours was complete: nothing of it is kept, charged per policy. */
    private void expired(VideoJob job) {
        store.deletePrefix(assetPrefix(job));
        jobs.forgetAssets(job.id);
        fail(job, SettlementOutcome.CONTENT_EXPIRED, new ProviderError(Kind.NOT_FOUND, "content_expired",
                "The provider's copy of the video expired before Reelgate could save it.", null, null, 404));
    }

    // ------------------------------------------------------------------ derive

    /**
     * Makes the poster and spritesheet the provider did not deliver from the stored video (the
     * local copy from ingest, or a fresh download from storage after a restart), bounded per
     * instance. A video that cannot be decoded still completes, without previews: it was
     * delivered and paid for.
     */
    private void derive(VideoJob job, Path local) {
        Set<Variant> done = stored(job);
        boolean poster = !done.contains(Variant.THUMBNAIL);
        boolean sprite = !done.contains(Variant.SPRITESHEET);
        if (!poster && !sprite) {
            complete(job);
            return;
        }
        Path file = local;
        long started = System.nanoTime();
        try {
            if (file == null) {
                file = previews.tempFile();
                VideoAsset video = assets(job).get(Variant.VIDEO);
                try (InputStream in = store.open(video.objectKey, 0, null)) {
                    Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Previews.Derived derived = previews.derive(file, poster, sprite, DERIVE_PATIENCE);
            crash.reach(CrashPoints.AFTER_DERIVE);
            if (derived.poster() != null) {
                ObjectStore.StoredObject stored = store.put(assetPrefix(job) + "thumbnail.jpg",
                        new ByteArrayInputStream(derived.poster()), "image/jpeg");
                jobs.recordAsset(job.id, Variant.THUMBNAIL, stored, "image/jpeg",
                        AssetDetails.derivedImage(derived.posterWidth(), derived.posterHeight()));
            }
            if (derived.spritesheet() != null) {
                ObjectStore.StoredObject stored = store.put(assetPrefix(job) + "spritesheet.jpg",
                        new ByteArrayInputStream(derived.spritesheet()), "image/jpeg");
                jobs.recordAsset(job.id, Variant.SPRITESHEET, stored, "image/jpeg",
                        AssetDetails.derivedImage(derived.spritesheetWidth(), derived.spritesheetHeight()));
            }
            VideoAsset video = assets(job).get(Variant.VIDEO);
            if (video != null && video.durationMs == null) {
                jobs.recordVideoFacts(job.id, derived.facts());
            }
            metrics.derived(job.provider, "ok", Duration.ofNanos(System.nanoTime() - started));
            complete(job);
        } catch (Previews.Busy busy) {
            jobs.update(job.id, j -> j.nextAttemptAt = Instant.now().plusSeconds(1));
        } catch (IOException | RuntimeException | LinkageError e) {
            if (e instanceof CrashPoints.InjectedCrash crashed) {
                throw crashed;
            }
            if (e instanceof StorageException storage) {
                backoff(job, new ProviderError(Kind.UNAVAILABLE, "ingest_failed", "Storing the previews failed: "
                        + storage.getMessage(), null, null, 0), "storing previews failed");
                return;
            }
            LOG.warnf("Job %d: no previews could be made from the video (%s); it completes without them", job.id,
                    e.getMessage());
            metrics.derived(job.provider, "failed", Duration.ofNanos(System.nanoTime() - started));
            complete(job);
        } finally {
            if (local == null) {
                deleteQuietly(file);
            }
        }
    }

    private Set<Variant> stored(VideoJob job) {
        return jobs.assets(job.id).stream().map(VideoAsset::variant)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Variant.class)));
    }

    private Map<Variant, VideoAsset> assets(VideoJob job) {
        return jobs.assets(job.id).stream().collect(Collectors.toMap(VideoAsset::variant, a -> a));
    }

    /**
     * Settles the delivered video: charged for the provider's figure of its length, else the
     * file's own (never more than was reserved: a longer file costs what was asked for).
     */
    private void complete(VideoJob job) {
        crash.reach(CrashPoints.BEFORE_SETTLE);
        VideoJob fresh = jobs.find(job.id).orElseThrow();
        VideoAsset video = assets(fresh).get(Variant.VIDEO);
        int measured = video != null && video.durationMs != null && video.durationMs > 0
                ? (int) Math.max(1, Math.round(video.durationMs / 1000.0)) : fresh.seconds;
        int seconds = Math.min(fresh.seconds, fresh.actualSeconds != null && fresh.actualSeconds > 0 ? fresh.actualSeconds
                : measured);
        jobs.finish(job.id, JobState.COMPLETED, SettlementOutcome.COMPLETED, seconds, "stored", j -> {
            j.errorCode = null;
            j.errorMessage = null;
        }).ifPresent(settled -> metrics.completed(fresh, settled.charged()));
    }

    // ------------------------------------------------------------------ outcomes

    private void fail(VideoJob job, SettlementOutcome outcome, ProviderError error) {
        if (outcome != SettlementOutcome.CONTENT_EXPIRED) {
            store.deletePrefix(assetPrefix(job));
        }
        jobs.finish(job.id, JobState.FAILED, outcome, 0, "failed: " + error.code(), j -> {
            j.errorCode = error.code();
            j.errorMessage = error.message();
        }).ifPresent(settled -> metrics.failed(job.provider, error.code()));
    }

    /** A transient failure: try the same step again later with doubling delays; give up after the configured attempts. */
    private void backoff(VideoJob job, ProviderError error, String what) {
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
    private void redispatch(VideoJob job, ProviderError error) {
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

    private void retryOrFail(VideoJob job, String code, String message) {
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

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.debugf("Could not delete %s: %s", file, e.getMessage());
            }
        }
    }
}
