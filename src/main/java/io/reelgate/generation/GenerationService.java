package io.reelgate.generation;

import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;


import io.quarkus.narayana.jta.QuarkusTransaction;
import io.reelgate.budget.Admission;
import io.reelgate.budget.AdmissionRequest;
import io.reelgate.budget.AdmissionResult;
import io.reelgate.budget.SettlementOutcome;
import io.reelgate.provider.CreateVideo;
import io.reelgate.provider.InputImage;
import io.reelgate.provider.ModelRoutes;
import io.reelgate.team.Team;
import io.reelgate.team.TeamDirectory;
import io.reelgate.team.TierConfig;

/**
 * Turns a request into a queued job, the one way every feature submits (studio, API, storyboards):
 * the claim that makes it happen at most once, admission and the job row in one transaction (so an
 * admitted request always has its job and a refused one leaves nothing), then, after commit, wakes
 * the pipeline. Also cancels jobs ({@link VideoRemoval} deletes stored videos).
 */
@ApplicationScoped
public class GenerationService {

    /**
     * What a member asks for, built by name: {@code Request.of(team, member, provider, model, size,
     * seconds, prompt)} and then what differs from the defaults. {@code remixOf} names a completed job
     * of the same team to remix; {@code audio} asks for sound where the model lets the request choose;
     * {@code negativePrompt} (nullable) what the video should not show; {@code apiKeyId} the Videos API
     * key it came with (null: the studio); {@code storyboardId} the storyboard it is a shot of (null: none);
     * {@code creative} reference images, a last frame, or the video it extends.
     */
    public record Request(long teamId, long memberId, String provider, String model, String size, int seconds,
            String prompt, Optional<InputImage> inputImage, Long remixOf, boolean batch, boolean scheduleIfLimited,
            boolean audio, String negativePrompt, Long apiKeyId, Long storyboardId, CreativeInputs creative) {

        public Request {
            creative = creative == null ? CreativeInputs.NONE : creative;
        }

        /** A text-to-video request with no options; a null provider or model is the default one. */
        public static Request of(long teamId, long memberId, String provider, String model, String size, int seconds,
                String prompt) {
            return new Request(teamId, memberId, provider, model, size, seconds, prompt, Optional.empty(), null, false,
                    false, false, null, null, null, CreativeInputs.NONE);
        }

        /** With a first-frame image (empty: none). */
        public Request withImage(Optional<InputImage> image) {
            return new Request(teamId, memberId, provider, model, size, seconds, prompt, image, remixOf, batch,
                    scheduleIfLimited, audio, negativePrompt, apiKeyId, storyboardId, creative);
        }

        /** A remix of the team's finished job (null: none); its model, size and length are the source's. */
        public Request withRemixOf(Long jobId) {
            return new Request(teamId, memberId, provider, model, size, seconds, prompt, inputImage, jobId, batch,
                    scheduleIfLimited, audio, negativePrompt, apiKeyId, storyboardId, creative);
        }

        /** Waits for the off-peak window or not. */
        public Request withBatch(boolean on) {
            return new Request(teamId, memberId, provider, model, size, seconds, prompt, inputImage, remixOf, on,
                    scheduleIfLimited, audio, negativePrompt, apiKeyId, storyboardId, creative);
        }

        /** Queued for later when the rate limits are full (instead of refused), or not. */
        public Request withScheduleIfLimited(boolean on) {
            return new Request(teamId, memberId, provider, model, size, seconds, prompt, inputImage, remixOf, batch, on,
                    audio, negativePrompt, apiKeyId, storyboardId, creative);
        }

        /** With sound or without, where the model lets the request choose. */
        public Request withAudio(boolean on) {
            return new Request(teamId, memberId, provider, model, size, seconds, prompt, inputImage, remixOf, batch,
                    scheduleIfLimited, on, negativePrompt, apiKeyId, storyboardId, creative);
        }

        /** What the video should not show (null: nothing said). */
        public Request withNegativePrompt(String text) {
            return new Request(teamId, memberId, provider, model, size, seconds, prompt, inputImage, remixOf, batch,
                    scheduleIfLimited, audio, text, apiKeyId, storyboardId, creative);
        }

        /** This remix as its source makes it: the source's model, size, length, sound and negative prompt. */
        Request asRemixOf(JobView source, String text) {
            return new Request(teamId, memberId, source.provider(), source.model(), source.size(), source.seconds(), text,
                    Optional.empty(), source.id(), batch, scheduleIfLimited, source.withAudio(), source.negativePrompt(),
                    apiKeyId, storyboardId, CreativeInputs.NONE);
        }

        /** The same request on one route: that provider's model. */
        public Request onRoute(String routeProvider, String routeModel) {
            return new Request(teamId, memberId, routeProvider, routeModel, size, seconds, prompt, inputImage, remixOf,
                    batch, scheduleIfLimited, audio, negativePrompt, apiKeyId, storyboardId, creative);
        }

        /** Sent with this Videos API key. */
        public Request fromApiKey(long keyId) {
            return new Request(teamId, memberId, provider, model, size, seconds, prompt, inputImage, remixOf, batch,
                    scheduleIfLimited, audio, negativePrompt, keyId, storyboardId, creative);
        }

        /** A shot of this storyboard. */
        public Request forStoryboard(long boardId) {
            return new Request(teamId, memberId, provider, model, size, seconds, prompt, inputImage, remixOf, batch,
                    scheduleIfLimited, audio, negativePrompt, apiKeyId, boardId, creative);
        }

        /** The create this request asks a provider for (with {@code text} as its prompt), its images included. */
        public CreateVideo create(String text) {
            return new CreateVideo(model, text, size, seconds, inputImage, audio, negativePrompt)
                    .withReferences(creative.references()).withLastFrame(creative.lastFrame());
        }

        /** With reference images, a last frame, or as the extension of a finished video ({@link CreativeInputs}). */
        public Request withCreative(CreativeInputs inputs) {
            return new Request(teamId, memberId, provider, model, size, seconds, prompt, inputImage, remixOf, batch,
                    scheduleIfLimited, audio, negativePrompt, apiKeyId, storyboardId, inputs);
        }
    }

    /** A caller's own writes in the submit transaction (a shot's hold onto the job): commit with the job or roll back. */
    public interface Within {
        /** First, under the caller's own locks: the request, or empty when there is nothing to submit any more. */
        Optional<Request> request();

        /** Once the job row is written. */
        void queued(JobView job);
    }

    /** The result of a submission: a queued job, why nothing was queued, or what its claim made before. */
    public sealed interface Submitted permits Queued, Refused, Repeat, Withdrawn {
    }

    public record Queued(JobView job, AdmissionResult.Admitted admission) implements Submitted {
    }

    /** Refused by admission, or by a check before it ({@code reason} then names the field). */
    public record Refused(String reason, String message, AdmissionResult.Rejected rejection) implements Submitted {
    }

    /** The claim was made before: its job, and whether it was asked for the same request. Nothing was written. */
    public record Repeat(long jobId, boolean sameRequest) implements Submitted {
    }

    /** The caller found nothing to submit any more ({@link Within#request} was empty). Nothing was written. */
    public record Withdrawn() implements Submitted {
    }

    /** The result of asking to cancel a job. */
    public enum Cancel {
        /** Canceled at once; its reservation is released. */
        CANCELED,
        /** The job had reached the provider: it is being canceled there. */
        REQUESTED,
        /** Already being saved or finished: it cannot be canceled. */
        TOO_LATE
    }

    private final Admission admission;
    private final JobStore jobs;
    private final TeamDirectory teams;
    private final TierConfig tiers;
    private final SubmitChecks checks;
    private final Pipeline pipeline;
    private final SubmitClaims claims;
    private final Event<JobQueued> queuedEvents;
    private final RoutePlanner planner;
    private final JobRoutes taken;
    private final JobInputs inputs;
    private final Extensions extensions;

    GenerationService(Admission admission, JobStore jobs, TeamDirectory teams, TierConfig tiers,
            SubmitChecks checks, Pipeline pipeline, SubmitClaims claims,
            Event<JobQueued> queuedEvents, RoutePlanner planner, JobRoutes taken, JobInputs inputs, Extensions extensions) {
        this.inputs = inputs;
        this.extensions = extensions;
        this.planner = planner;
        this.taken = taken;
        this.admission = admission;
        this.jobs = jobs;
        this.teams = teams;
        this.tiers = tiers;
        this.checks = checks;
        this.pipeline = pipeline;
        this.claims = claims;
        this.queuedEvents = queuedEvents;
    }

    /** Admits and queues the request in its own transaction, or says why not; a refusal writes nothing. */
    public Submitted submit(Request request) {
        return submit(request, Optional.empty());
    }

    /**
     * The same at most once per claim (a form token, an Idempotency-Key): a claim made before answers
     * with its job ({@link Repeat}); a refusal rolls the claim back with everything else.
     */
    public Submitted submit(Request request, Optional<Claim> claim) {
        return submitOnce(claim, new Within() {
            @Override
            public Optional<Request> request() {
                return Optional.of(request);
            }

            @Override
            public void queued(JobView job) {
            }
        });
    }

    /** Submits what the caller decides inside the submit transaction, together with its own writes. */
    public Submitted submit(Within within) {
        return submitOnce(Optional.empty(), within);
    }

    /**
     * The submit transaction, the only one: the claim, the caller's writes, admission and the job row
     * commit together or not at all. The pipeline is woken once it has committed ({@link JobQueued}):
     * before, it could not see the job. What a refusal must leave behind is written after the rollback
     * (the budget-exhausted alert: {@code budget/ExhaustionAlerts}).
     */
    private Submitted submitOnce(Optional<Claim> claim, Within within) {
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                Optional<SubmitClaims.Earlier> earlier = claim.isPresent() ? claims.claim(claim.get()) : Optional.empty();
                if (earlier.isPresent()) {
                    return new Repeat(earlier.get().jobId(), earlier.get().sameRequest());
                }
                Submitted result = within.request().map(this::checkAndQueue).orElseGet(Withdrawn::new);
                if (!(result instanceof Queued queued)) {
                    throw new NotAdmitted(result);
                }
                claim.ifPresent(c -> claims.attach(c, queued.job().id()));
                within.queued(queued.job());
                queuedEvents.fire(new JobQueued(queued.job().id()));
                return queued;
            });
        } catch (NotAdmitted refused) {
            return refused.result;
        }
    }

    /** Carries a refusal out of the submit transaction so that it rolls back (and frees the claim). */
    private static final class NotAdmitted extends RuntimeException {
        final transient Submitted result;

        NotAdmitted(Submitted result) {
            super(null, null, false, false);
            this.result = result;
        }
    }

    void wakeAfterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) JobQueued queued) {
        pipeline.wake();
    }

    /** The checks, the input image and the job: inside the submit transaction. */
    private Submitted checkAndQueue(Request request) {
        String prompt = request.prompt() == null ? "" : request.prompt().strip();
        Optional<Refused> wrong = checks.inputs(request, prompt);
        if (wrong.isPresent()) {
            return wrong.get();
        }
        Request normal = request;
        Long extendsOf = request.creative().extendsOf();
        if (request.remixOf() != null || extendsOf != null) {
            long sourceId = extendsOf != null ? extendsOf : request.remixOf();
            String field = extendsOf != null ? "extends" : "remixOf";
            JobView source = jobs.find(sourceId).filter(j -> j.teamId == request.teamId() && j.deletedAt == null)
                    .map(JobView::of).orElse(null);
            if (request.remixOf() != null && extendsOf != null) {
                return new Refused(field, "A video is either a remix or an extension, not both.", null);
            }
            if (source == null || source.state() != JobState.COMPLETED || source.providerVideoId() == null) {
                return new Refused(field, "Only a finished video of this team can be "
                        + (extendsOf != null ? "extended." : "remixed."), null);
            }
            normal = extendsOf != null ? extensions.asExtensionOf(request, source, prompt) : request.asRemixOf(source, prompt);
            Optional<Refused> cannot = extendsOf != null ? extensions.refusal(normal, source, prompt) : Optional.empty();
            if (cannot.isPresent()) {
                return cannot.get();
            }
        }
        RoutePlanner.Chosen chosen = planner.choose(normal, prompt);
        if (chosen.refused() != null) {
            return chosen.refused();
        }
        normal = chosen.request();
        String provider = normal.provider();
        Optional<Refused> unable = checks.provider(provider, normal, prompt);
        if (unable.isPresent()) {
            return unable.get();
        }
        JobInputs.Stored stored = inputs.store(normal);
        try {
            Submitted result = queue(normal, provider, prompt, stored, chosen);
            if (result instanceof Refused) {
                inputs.delete(stored);
            }
            return result;
        } catch (RuntimeException e) {
            inputs.delete(stored);
            throw e;
        }
    }

    private Submitted queue(Request r, String provider, String prompt, JobInputs.Stored stored, RoutePlanner.Chosen route) {
        AdmissionResult result = admission.admit(new AdmissionRequest(r.teamId(), r.memberId(), provider, r.model(),
                r.size(), r.seconds(), r.scheduleIfLimited(), r.audio(), r.creative().extendsOf() != null));
        if (result instanceof AdmissionResult.Rejected rejected) {
            return new Refused(rejected.reason().code(), rejected.message(), rejected);
        }
        AdmissionResult.Admitted admitted = (AdmissionResult.Admitted) result;
        Team team = teams.byId(r.teamId()).orElseThrow();
        VideoJob job = new VideoJob();
        job.teamId = r.teamId();
        job.memberId = r.memberId();
        job.reservationId = admitted.reservationId();
        job.provider = provider;
        job.model = r.model();
        job.size = r.size();
        job.seconds = r.seconds();
        job.prompt = prompt;
        job.negativePrompt = r.negativePrompt() == null || r.negativePrompt().isBlank() ? null : r.negativePrompt().strip();
        inputs.attach(job, r, stored);
        job.remixOfJobId = r.remixOf();
        job.extendsJobId = r.creative().extendsOf();
        job.batch = r.batch();
        job.withAudio = r.audio();
        job.apiKeyId = r.apiKeyId();
        job.storyboardId = r.storyboardId();
        job.notBefore = admitted.notBefore();
        job.priority = tiers.of(team.tier).priority().rank();
        job.state = JobState.ADMITTED;
        job.modelId = route.modelId();
        job.fingerprint = Reconciler.fingerprint(prompt, r.model(), r.size(), r.seconds());
        job.createdAt = Instant.now();
        job.nextAttemptAt = admitted.notBefore() == null ? job.createdAt : admitted.notBefore();
        job.persist();
        inputs.attachReferences(job.id, r, stored);
        JobTransition t = new JobTransition();
        t.jobId = job.id;
        t.toState = JobState.ADMITTED;
        t.detail = admitted.scheduled() ? "admitted for " + admitted.notBefore() : r.batch() ? "admitted as batch" : "admitted";
        t.at = job.createdAt;
        t.persist();
        if (route.modelId() != null) {
            taken.take(job.id, new ModelRoutes.Route(provider, r.model()), route.reason(), admitted.cost().micros(),
                    job.createdAt);
        }
        return new Queued(JobView.of(job), admitted);
    }

    /** Cancels a job of the team: at once before it reached the provider, there otherwise. */
    public Cancel cancel(long teamId, long jobId) {
        VideoJob job = jobs.find(jobId).filter(j -> j.teamId == teamId)
                .orElseThrow(() -> new IllegalArgumentException("No job " + jobId));
        switch (job.state) {
            case ADMITTED -> {
                try {
                    jobs.finish(jobId, JobState.CANCELED, SettlementOutcome.CANCELED_BEFORE_SUBMISSION, 0,
                            "canceled before submission", j -> { });
                    return Cancel.CANCELED;
                } catch (JobStore.IllegalTransition raced) {
                    return cancel(teamId, jobId); // dispatched meanwhile: cancel at the provider instead
                }
            }
            case SUBMITTING, SUBMITTED -> {
                jobs.update(jobId, j -> {
                    j.cancelRequested = true;
                    j.nextAttemptAt = Instant.now();
                }, false);
                pipeline.wake();
                return Cancel.REQUESTED;
            }
            default -> {
                return Cancel.TOO_LATE;
            }
        }
    }
}
