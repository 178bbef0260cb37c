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
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.reelgate.budget.SettlementOutcome;
import io.reelgate.lease.LeaseLost;
import io.reelgate.lease.Leases;
import io.reelgate.storage.TeamKeys;
import io.reelgate.media.ContentKind;
import io.reelgate.media.Previews;
import io.reelgate.media.VideoFacts;
import io.reelgate.media.VideoFile;
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
 * The INGESTING and DERIVING steps of a job: copy what the provider delivers into storage (each
 * download checked for what it really is, the video kept locally while it uploads), derive the poster
 * and spritesheet it did not deliver, and settle the completed video. A missing download is told
 * apart from a video still running, failed, or expired at the provider.
 */
@ApplicationScoped
class IngestStep {

    private static final Logger LOG = Logger.getLogger(IngestStep.class);
    /** Up to 1 MiB of a download is read ahead while the previous part uploads. */
    private static final int READ_AHEAD_CHUNK = 256 * 1024;
    private static final int READ_AHEAD_CHUNKS = 4;
    /** How long a derivation waits for a free slot before the job is put back to wait its turn. */
    private static final Duration DERIVE_PATIENCE = Duration.ofSeconds(10);
    private static final List<Variant> PREVIEWS = List.of(Variant.THUMBNAIL, Variant.SPRITESHEET);

    private final JobStore jobs;
    private final Providers providers;
    private final ObjectStore store;
    private final GenerationConfig config;
    private final CrashPoints crash;
    private final PipelineMetrics metrics;
    private final Previews previews;
    private final JobOutcomes outcomes;
    private final Leases leases;

    IngestStep(JobStore jobs, Providers providers, ObjectStore store, GenerationConfig config, CrashPoints crash,
            PipelineMetrics metrics, Previews previews, JobOutcomes outcomes, Leases leases) {
        this.leases = leases;
        this.jobs = jobs;
        this.providers = providers;
        this.store = store;
        this.config = config;
        this.crash = crash;
        this.metrics = metrics;
        this.previews = previews;
        this.outcomes = outcomes;
    }

    /**
     * Copies the video, then whichever previews the provider declares, each checked for what its
     * bytes really are (a "thumbnail" that is an MP4 is discarded). A missing preview is never a
     * failure: the DERIVING step makes it from the stored video, decoded from the local copy kept
     * while uploading.
     */
    void ingest(VideoJob job) {
        VideoProvider provider = providers.tracking(job.provider).orElseThrow();
        Set<Variant> done = stored(job);
        long started = System.nanoTime();
        Path local = null;
        try {
            if (!done.contains(Variant.VIDEO)) {
                local = previews.tempFile();
                if (!copyVideo(job, provider, local)) {
                    return;
                }
                provider.ingested(new ResultRef(job.providerVideoId, job.resultUrl));
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
            outcomes.backoff(job, new ProviderError(Kind.UNAVAILABLE, "ingest_failed", "Keeping a local copy of the video failed: "
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
                outcomes.backoff(job, new ProviderError(Kind.OTHER, "invalid_content", "The provider's answer for the video is "
                        + "not a video (" + describe(peeked.kind(), content) + ").", null, null, 0), "download failed");
                return false;
            }
            String type = peeked.kind().mediaType();
            String key = TeamKeys.videoFiles(job.teamId, job.id) + Variant.VIDEO.apiName() + "." + peeked.kind().extension();
            ObjectStore.StoredObject stored;
            try (InputStream body = new ReadAhead(Tee.toFile(peeked.stream(), local), READ_AHEAD_CHUNK,
                    READ_AHEAD_CHUNKS)) {
                stored = store.put(key, body, type);
            }
            crash.reach(CrashPoints.AFTER_UPLOAD + Variant.VIDEO.apiName());
            jobs.recordAsset(job.id, Variant.VIDEO, stored, type, AssetDetails.video(facts(job, local)));
            return true;
        } catch (IOException | StorageException e) {
            outcomes.backoff(job, new ProviderError(Kind.UNAVAILABLE, "ingest_failed", "Copying the video failed: "
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
            String key = TeamKeys.videoFiles(job.teamId, job.id) + variant.apiName() + "." + peeked.kind().extension();
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
            outcomes.backoff(job, error, "download failed");
            return;
        }
        ProviderResult<RemoteVideo> status = provider.retrieve(job.providerVideoId);
        if (!status.isOk()) {
            if (status.error().kind() == Kind.NOT_FOUND && gone(job.contentExpiresAt)) {
                expired(job);
            } else {
                outcomes.backoff(job, status.error(), "status check after a missing download failed");
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
            store.deletePrefix(TeamKeys.videoFiles(job.teamId, job.id));
            jobs.forgetAssets(job.id);
            outcomes.fail(job, remote.failureKind() == Kind.MODERATION_BLOCKED ? SettlementOutcome.MODERATION_BLOCKED
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
                j.contentExpiresAt = JobWorker.contentExpiry(provider, remote, Instant.now());
                j.nextAttemptAt = Instant.now();
            });
            return;
        }
        // completed, not known to be gone: the content was just not served yet
        outcomes.backoff(job, new ProviderError(error.kind(), "content_unavailable", "The provider reports the video finished "
                + "but does not serve it: " + error.message(), null, null, error.httpStatus()), "content not available");
    }

    private static boolean gone(Instant expires) {
        return expires != null && !expires.isAfter(Instant.now().plusSeconds(1));
    }

    /** The provider's copy is gone before ours was complete: nothing of it is kept, charged per policy. */
    private void expired(VideoJob job) {
        store.deletePrefix(TeamKeys.videoFiles(job.teamId, job.id));
        jobs.forgetAssets(job.id);
        outcomes.fail(job, SettlementOutcome.CONTENT_EXPIRED, new ProviderError(Kind.NOT_FOUND, "content_expired",
                "The provider's copy of the video expired before Reelgate could save it.", null, null, 404));
    }


    // ------------------------------------------------------------------ derive

    /**
     * Makes the poster and spritesheet the provider did not deliver from the stored video (the
     * local copy from ingest, or a fresh download from storage after a restart), bounded per
     * instance. A video that cannot be decoded still completes, without previews: it was
     * delivered and paid for.
     */
    void derive(VideoJob job, Path local) {
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
            leases.checkWorking(); // taken over while decoding: store nothing
            if (derived.poster() != null) {
                ObjectStore.StoredObject stored = store.put(TeamKeys.videoFiles(job.teamId, job.id) + "thumbnail.jpg",
                        new ByteArrayInputStream(derived.poster()), "image/jpeg");
                jobs.recordAsset(job.id, Variant.THUMBNAIL, stored, "image/jpeg",
                        AssetDetails.derivedImage(derived.posterWidth(), derived.posterHeight()));
            }
            if (derived.spritesheet() != null) {
                ObjectStore.StoredObject stored = store.put(TeamKeys.videoFiles(job.teamId, job.id) + "spritesheet.jpg",
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
            if (e instanceof LeaseLost lost) {
                throw lost;
            }
            if (e instanceof StorageException storage) {
                outcomes.backoff(job, new ProviderError(Kind.UNAVAILABLE, "ingest_failed", "Storing the previews failed: "
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
