package io.reelgate.generation;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.reelgate.budget.SettlementOutcome;
import io.reelgate.lease.LeaseLost;
import io.reelgate.lease.Leases;
import io.reelgate.provider.Capabilities;
import io.reelgate.provider.CreateVideo;
import io.reelgate.provider.ProviderError;
import io.reelgate.provider.ProviderError.Kind;
import io.reelgate.provider.ProviderResult;
import io.reelgate.provider.Providers;
import io.reelgate.provider.RemoteVideo;
import io.reelgate.provider.RouteBreakers;
import io.reelgate.provider.RoutesConfig;
import io.reelgate.provider.VideoProvider;

/**
 * One step of one claimed job, by its state: submit it (reconciling first if an earlier attempt
 * may have reached the provider) and track it (webhook signal or adaptive polling); copying what the
 * provider delivers, deriving previews and settling are {@link IngestStep}'s, and how a step fails or
 * retries is {@link JobOutcomes}'. What a provider can do comes from its
 * {@link Capabilities}. Each step's outcome is one {@link JobStore} change; transient failures back
 * off and retry; a crash leaves the job leased for recovery. A worker whose lease is taken over is
 * interrupted, and its writes are refused ({@link LeaseLost}): it stops without recording anything.
 */
@ApplicationScoped
class JobWorker {

    private static final Logger LOG = Logger.getLogger(JobWorker.class);

    private final Leases leases;
    private final JobStore jobs;
    private final Providers providers;
    private final Reconciler reconciler;
    private final GenerationConfig config;
    private final CrashPoints crash;
    private final JobQueueAccess queue;
    private final PipelineMetrics metrics;
    private final IngestStep ingest;
    private final JobOutcomes outcomes;
    private final RouteBreakers breakers;
    private final Rerouting rerouting;
    private final RoutesConfig routesConfig;

    private final JobInputs inputs;
    private final Extensions extensions;

    JobWorker(JobStore jobs, Providers providers, Reconciler reconciler, GenerationConfig config,
            CrashPoints crash, JobQueueAccess queue, PipelineMetrics metrics, IngestStep ingest, JobOutcomes outcomes,
            Leases leases, RouteBreakers breakers, Rerouting rerouting, RoutesConfig routesConfig, JobInputs inputs,
            Extensions extensions) {
        this.inputs = inputs;
        this.extensions = extensions;
        this.breakers = breakers;
        this.rerouting = rerouting;
        this.routesConfig = routesConfig;
        this.leases = leases;
        this.jobs = jobs;
        this.providers = providers;
        this.reconciler = reconciler;
        this.config = config;
        this.crash = crash;
        this.queue = queue;
        this.metrics = metrics;
        this.ingest = ingest;
        this.outcomes = outcomes;
    }

    void process(long jobId, Leases.Held held) {
        VideoJob job = jobs.find(jobId).orElse(null);
        if (job == null) {
            return;
        }
        // a job not yet sent needs a provider that takes new work; one it already reached may have been disabled since
        boolean sent = (job.state != JobState.ADMITTED && job.state != JobState.SUBMITTING) || job.submitAttemptedAt != null;
        if (!job.state.terminal() && job.state != JobState.DERIVING
                && (sent ? providers.tracking(job.provider) : providers.find(job.provider)).isEmpty()) {
            outcomes.fail(job, SettlementOutcome.FAILED, new ProviderError(Kind.OTHER, "provider_unavailable",
                    providers.disabled(job.provider) ? providers.label(job.provider) + " was disabled by an operator before "
                    + "this job was sent; nothing was charged." : "The provider '" + job.provider
                    + "' is no longer enabled on this Reelgate.", null, null, 0));
            return;
        }
        try {
            switch (job.state) {
                case SUBMITTING -> submit(job);
                case SUBMITTED -> track(job);
                case INGESTING -> ingest.ingest(job);
                case DERIVING -> ingest.derive(job, null);
                default -> jobs.update(jobId, j -> { });
            }
        } catch (CrashPoints.InjectedCrash e) {
            LOG.warnf("Job %d: %s (the job stays leased, as after a real crash)", jobId, e.getMessage());
        } catch (JobStore.IllegalTransition e) {
            LOG.debugf("Job %d moved on meanwhile: %s", jobId, e.getMessage());
        } catch (LeaseLost e) {
            LOG.infof("Job %d: stopped without writing in state %s (%s)", jobId, job.state, e.getMessage());
        } catch (RuntimeException e) {
            if (held.lost()) {
                LOG.infof("Job %d: stopped in state %s after losing its lease (%s)", jobId, job.state, e.toString());
                return;
            }
            LOG.errorf(e, "Job %d: unexpected failure in state %s", jobId, job.state);
            outcomes.retryOrFail(job, "internal_error", "An unexpected error interrupted the job: " + e.getMessage());
        }
    }


    // ------------------------------------------------------------------ submit

    private void submit(VideoJob job) {
        crash.reach(CrashPoints.AFTER_CLAIM);
        VideoProvider provider = providers.tracking(job.provider).orElseThrow();
        if (job.submitAttemptedAt != null && job.providerVideoId == null) {
            ProviderResult<Optional<RemoteVideo>> found = reconciler.find(provider, job);
            if (!found.isOk() && found.error().kind() == Kind.UNSUPPORTED) {
                // without a list, a lost answer cannot be found again; sending the request again could pay twice
                outcomes.fail(job, SettlementOutcome.FAILED, new ProviderError(Kind.UNKNOWN_OUTCOME, "unknown_outcome",
                        "The provider may have accepted the request, but its answer was lost and " + job.provider
                                + " cannot list its jobs, so Reelgate did not send it again (that could pay twice).",
                        null, null, 0));
                return;
            }
            if (!found.isOk()) {
                outcomes.backoff(job, found.error(), "could not reconcile an earlier attempt");
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
        // read before the attempt is marked (a storage error here sends nothing, so it is no unknown
        // outcome), and once: the create, then any failover
        JobInputs.Images images = job.remix() || job.extension() ? JobInputs.Images.NONE : inputs.load(job);
        VideoJob extended = job.extension() ? jobs.find(job.extendsJobId).orElseThrow() : null;
        jobs.update(job.id, j -> j.submitAttemptedAt = Instant.now(), false);
        // a graceful stop waits for the create and the write of its answer: cut off between them, its
        // outcome would be unknown
        ProviderResult<RemoteVideo> result = leases.finishing(() -> {
            ProviderResult<RemoteVideo> sent;
            if (job.remix()) {
                String source = jobs.find(job.remixOfJobId).map(s -> s.providerVideoId).orElse(null);
                sent = provider.remix(source, job.prompt);
            } else if (job.extension()) {
                sent = extensions.send(provider, job, extended);
            } else {
                sent = provider.create(images.applyTo(new CreateVideo(job.model, job.prompt, job.size, job.seconds,
                        images.first(), job.withAudio, job.negativePrompt)));
            }
            crash.reach(CrashPoints.AFTER_CREATE);
            if (sent.isOk()) {
                adopt(job, sent.value(), "submitted");
            }
            return sent;
        });
        String route = job.provider + "/" + job.model;
        if (result.isOk()) {
            breakers.succeeded(route);
            return;
        }
        ProviderError error = result.error();
        metrics.providerError(job.provider, error);
        if (error.kind() == Kind.UNAVAILABLE || error.kind() == Kind.UNKNOWN_OUTCOME) {
            breakers.failed(route, error.message());
        }
        if (definiteRefusal(job, error)) {
            if (error.kind() == Kind.RATE_LIMITED) {
                // every instance's planner sees the provider's wait, so other jobs take another route too
                queue.pause(job.provider, Instant.now().plus(error.retryAfterHint().orElse(config.retryBase())));
            }
            if (rerouting.moveOn(job, error, images) != Rerouting.Moved.STAYED) {
                return;
            }
        }
        switch (error.kind()) {
            case SENTINEL_BLOCK -> outcomes.fail(job, SettlementOutcome.SENTINEL_BLOCKED, error);
            case MODERATION_BLOCKED -> outcomes.fail(job, SettlementOutcome.MODERATION_BLOCKED, error);
            case INVALID_REQUEST, OTHER -> outcomes.fail(job, SettlementOutcome.FAILED, error);
            case UNSUPPORTED -> outcomes.fail(job, SettlementOutcome.FAILED, new ProviderError(Kind.UNSUPPORTED,
                    job.remix() ? "remix_unsupported" : "unsupported", error.message(), null, null, 0));
            case NOT_FOUND -> outcomes.fail(job, SettlementOutcome.FAILED, job.remix()
                    ? new ProviderError(Kind.NOT_FOUND, "remix_source_gone", "The original video is no longer at the "
                            + "provider, and a remix needs it there.", null, null, 404)
                    : job.extension() ? new ProviderError(Kind.NOT_FOUND, "extension_source_gone", "The video to extend is "
                            + "no longer at the provider, and an extension needs it there.", null, null, 404)
                    : error);
            case RATE_LIMITED -> {
                Duration wait = error.retryAfterHint().orElse(config.retryBase());
                queue.pause(job.provider, Instant.now().plus(wait));
                jobs.move(job.id, JobState.ADMITTED, "provider rate limit: retry in " + wait.toSeconds() + " s", j -> {
                    j.submitAttemptedAt = null;
                    j.nextAttemptAt = Instant.now().plus(wait).plus(JobOutcomes.jitter(wait));
                });
            }
            case UNKNOWN_OUTCOME -> outcomes.backoff(job, error, "no answer to the create");
            case UNAVAILABLE, UNAUTHORIZED -> outcomes.redispatch(job, error);
        }
    }

    /**
     * Whether the provider's answer says for certain that it does not have the job and another
     * route may take it: unavailable, credentials refused, model gone or not offered, or a rate
     * limit that would hold the job longer than {@code reelgate.routes.max-wait}. Never an unknown
     * outcome, never a refusal of the content (the next provider would judge the same prompt).
     */
    private boolean definiteRefusal(VideoJob job, ProviderError error) {
        return job.modelId != null && !job.remix() && switch (error.kind()) {
            case UNAVAILABLE, UNAUTHORIZED, NOT_FOUND, UNSUPPORTED -> true;
            case RATE_LIMITED -> error.retryAfterHint().map(w -> w.compareTo(routesConfig.maxWait()) > 0).orElse(false);
            default -> false;
        };
    }

    /** The provider has the job: remember its id (and cancel there if the user asked meanwhile). */
    private void adopt(VideoJob job, RemoteVideo remote, String detail) {
        Instant now = Instant.now();
        boolean webhooks = webhooks(job.provider);
        jobs.move(job.id, JobState.SUBMITTED, detail + " as " + remote.id(), j -> {
            j.providerVideoId = remote.id();
            j.providerStatus = remote.status().apiName();
            j.progress = remote.progress();
            j.submittedAt = now;
            j.attempts = 0;
            j.errorMessage = null;
            // something to do at once (a cancel, an early event, a finished video, no webhooks): due now
            boolean due = j.cancelRequested || j.signal != null || remote.status().terminal() || !webhooks;
            j.nextAttemptAt = due ? now : firstPoll(now, j.seconds, webhooks);
        });
        crash.reach(CrashPoints.AFTER_STORE_PROVIDER_ID);
    }

    /** Whether this provider's completion webhooks reach us (declared, signed with a configured secret, not switched off). */
    private boolean webhooks(String provider) {
        return config.webhooks() && providers.webhooks(provider);
    }

    // ------------------------------------------------------------------ track

    private void track(VideoJob job) {
        VideoProvider provider = providers.tracking(job.provider).orElseThrow();
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
        if ("video.completed".equals(job.signal) && byEndpoint && !provider.reportsBill()) {
            // 0 polls with webhooks: go straight to copying (one read where the status carries the bill);
            // a premature event falls back to polling
            VideoJob moved = jobs.advance(job.id, JobState.INGESTING, "webhook: video.completed", j -> {
                j.generatedAt = j.lastSignalAt;
                j.progress = 100;
                j.providerStatus = "completed";
                j.signal = null;
            });
            ingest.ingest(moved);
            return;
        }
        ProviderResult<RemoteVideo> polled = provider.retrieve(job.providerVideoId);
        metrics.poll(job.provider);
        if (!polled.isOk()) {
            if (polled.error().kind() == Kind.NOT_FOUND) {
                outcomes.fail(job, SettlementOutcome.FAILED, new ProviderError(Kind.NOT_FOUND, "provider_lost_video",
                        "The provider no longer knows this video.", null, null, 404));
            } else {
                outcomes.backoff(job, polled.error(), "status check failed");
            }
            return;
        }
        RemoteVideo remote = polled.value();
        switch (remote.status()) {
            case COMPLETED -> ingest.ingest(jobs.advance(job.id, JobState.INGESTING, "provider reports completed", j -> {
                Instant reported = remote.completedAt() != null ? remote.completedAt() : Instant.now();
                // the API reports whole seconds: never before our own submission time
                j.generatedAt = j.submittedAt != null && reported.isBefore(j.submittedAt) ? j.submittedAt : reported;
                j.progress = 100;
                j.providerStatus = "completed";
                j.actualSeconds = remote.seconds() > 0 ? remote.seconds() : null;
                j.resultUrl = remote.resultUrl();
                j.billedMicros = remote.billedMicros();
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
                outcomes.fail(job, outcome, new ProviderError(remote.failureKind(), remote.errorCode(), remote.errorMessage(), null,
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
    static Instant contentExpiry(VideoProvider provider, RemoteVideo remote, Instant completed) {
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

}
