package io.reelgate.generation;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.reelgate.budget.Admission;
import io.reelgate.budget.AdmissionResult;
import io.reelgate.budget.SettlementOutcome;
import io.reelgate.lease.LeaseLost;
import io.reelgate.generation.GenerationService.Request;
import io.reelgate.provider.ModelRoutes;
import io.reelgate.provider.ModelRoutes.Route;
import io.reelgate.provider.ProviderError;
import io.reelgate.provider.Providers;
import io.reelgate.web.SqlRow;

/**
 * Moves a job to its model's next route, only while no provider can have it: the job is
 * {@code ADMITTED} (never sent, or refused with a definite answer — unavailable, not permitted, the
 * model retired, a rate limit longer than the wait), never after an unknown outcome or once a
 * provider accepted it. The job's move and its reservation's new price are one transaction
 * ({@link Admission#reprice}); when the next route costs more than the team has left, the job is
 * refused with the reason and its reservation released — never overspent. A job pinned to a
 * route ({@code provider/model}, a pinned policy) and a remix (its source lives at one provider)
 * never move. Two ways in: the worker after a definite refusal ({@link #moveOn}), and a sweep
 * of queued jobs whose route went unhealthy ({@link #sweep}).
 */
@ApplicationScoped
class Rerouting {

    private static final Logger LOG = Logger.getLogger(Rerouting.class);

    /** What became of a job that could have moved. */
    enum Moved {
        /** On its next route, queued. */
        MOVED,
        /** Refused: the next route costs more than the team has left (the job failed, nothing charged). */
        REFUSED,
        /** No route to move to (or the job may not move): the caller goes on as with one route. */
        STAYED
    }

    private final ModelRoutes routes;
    private final RoutePlanner planner;
    private final JobRoutes taken;
    private final JobStore jobs;
    private final Admission admission;
    private final Providers providers;
    private final EntityManager em;
    private final InstantSource clock;
    private final GenerationConfig config;

    private final JobInputs inputs;

    Rerouting(ModelRoutes routes, RoutePlanner planner, JobRoutes taken, JobStore jobs, Admission admission,
            Providers providers, EntityManager em, InstantSource clock, GenerationConfig config, JobInputs inputs) {
        this.inputs = inputs;
        this.routes = routes;
        this.planner = planner;
        this.taken = taken;
        this.jobs = jobs;
        this.admission = admission;
        this.providers = providers;
        this.em = em;
        this.clock = clock;
        this.config = config;
    }

    /**
     * The worker's way: the provider refused the create with a definite answer ({@code error}), so
     * nobody has the job; it takes the next healthy route if its model has one.
     */
    Moved moveOn(VideoJob job, ProviderError error, JobInputs.Images images) {
        String because = providers.label(job.provider) + " " + describe(error);
        try {
            return move(job, () -> images, because, false);
        } catch (LeaseLost e) {
            throw e;
        } catch (RuntimeException e) {
            // the refusal was definite: the job stays on its route and is retried there, as with one route
            LOG.errorf(e, "Job %d: could not move to its next route", job.id);
            return Moved.STAYED;
        }
    }

    /**
     * Queued jobs on routes that went unhealthy (breaker open, upstream wait over the limit) take
     * their next healthy route; each under its row lock, skipped when a dispatcher has it.
     */
    @Scheduled(every = "${reelgate.routes.sweep-every:5S}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledSweep() {
        if (config.workersEnabled() && !routes.all().isEmpty()) {
            sweep();
        }
    }

    /** One sweep; returns how many jobs moved. */
    int sweep() {
        Map<Route, String> unhealthy = planner.unhealthyRoutes(); // one read of every route's health
        if (unhealthy.isEmpty()) {
            return 0;
        }
        int moved = 0;
        for (long id : waiting(unhealthy.keySet())) {
            VideoJob job = jobs.find(id).orElse(null);
            if (job == null || job.state != JobState.ADMITTED || job.modelId == null) {
                continue;
            }
            String why = unhealthy.get(new Route(job.provider, job.model));
            try {
                if (why != null && move(job, () -> inputs.load(job), why, true) == Moved.MOVED) {
                    moved++;
                }
            } catch (RuntimeException e) {
                // one job whose move failed (an unreadable input image) does not hold up the others
                LOG.errorf(e, "Job %d: could not move off %s/%s", job.id, job.provider, job.model);
            }
        }
        return moved;
    }

    /** Queued jobs of models with several routes on one of {@code on}, oldest first. */
    private List<Long> waiting(Set<Route> on) {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<Long> ids = new ArrayList<>();
            for (SqlRow r : SqlRow.list(em.createNativeQuery("""
                    select id from video_job where state = 'ADMITTED' and model_id is not null and remix_of_job_id is null
                      and provider || '/' || model = any(?1)
                      and (lease_until is null or lease_until < now()) order by created_at, id limit 200
                    """, Tuple.class).setParameter(1, on.stream().map(Route::key).toArray(String[]::new)))) {
                ids.add(r.longValue("id"));
            }
            return ids;
        });
    }

    private Moved move(VideoJob job, Supplier<JobInputs.Images> images, String because, boolean queued) {
        if (job.modelId == null || job.remix() || job.extension()) {
            return Moved.STAYED;
        }
        Optional<ModelRoutes.RoutedModel> model = routes.find(job.modelId);
        List<JobRoutes.Taken> history = taken.of(job.id);
        if (model.isEmpty() || history.isEmpty() || RoutePlanner.PINNED.equals(history.get(0).reason())) {
            return Moved.STAYED;
        }
        Set<Route> tried = history.stream().map(JobRoutes.Taken::route).collect(Collectors.toSet());
        Request request = requestOf(job, images.get()); // read only for a job that may move
        RoutePlanner.Plan plan = planner.plan(job.teamId, model.get(), request, job.prompt, tried, true);
        Optional<RoutePlanner.Option> next = plan.firstHealthy();
        if (next.isEmpty()) {
            return Moved.STAYED;
        }
        Route to = next.get().route();
        String label = next.get().providerLabel();
        return QuarkusTransaction.requiringNew().call(() -> {
            if (queued && !lockQueued(job.id)) {
                return Moved.STAYED; // dispatched or moved meanwhile
            }
            AdmissionResult priced = admission.reprice(job.reservationId, to.provider(), to.model(), job.withAudio);
            Instant now = clock.instant();
            if (priced instanceof AdmissionResult.Rejected refused) {
                taken.leave(job.id, because);
                jobs.finish(job.id, JobState.FAILED, SettlementOutcome.FAILED, 0, "failed: route_over_budget", j -> {
                    j.errorCode = "route_over_budget";
                    j.errorMessage = because + "; the next route, " + label + ", was not taken: " + refused.message();
                });
                return Moved.REFUSED;
            }
            AdmissionResult.Admitted admitted = (AdmissionResult.Admitted) priced;
            taken.leave(job.id, because);
            taken.take(job.id, to, "after " + because, admitted.cost().micros(), now);
            String detail = "moved to " + label + " (" + to.model() + "): " + because;
            if (queued) {
                jobs.note(job.id, detail, j -> onRoute(j, to));
            } else {
                jobs.move(job.id, JobState.ADMITTED, detail, j -> onRoute(j, to));
            }
            LOG.infof("Job %d: %s", job.id, detail);
            return Moved.MOVED;
        });
    }

    private static void onRoute(VideoJob j, Route to) {
        j.provider = to.provider();
        j.model = to.model();
        j.submitAttemptedAt = null;
        j.attempts = 0;
        j.errorMessage = null;
        j.nextAttemptAt = Instant.now();
    }

    /** Locks a queued job that no dispatcher holds; false when it is not queued and free any more. */
    private boolean lockQueued(long jobId) {
        return !em.createNativeQuery("""
                select id from video_job where id = ?1 and state = 'ADMITTED'
                  and (lease_until is null or lease_until < now()) for update skip locked
                """).setParameter(1, jobId).getResultList().isEmpty();
    }

    private static Request requestOf(VideoJob job, JobInputs.Images images) {
        return Request.of(job.teamId, job.memberId, job.provider, job.model, job.size, job.seconds, job.prompt)
                .withImage(images.first()).withAudio(job.withAudio).withNegativePrompt(job.negativePrompt)
                .withBatch(job.batch).withCreative(CreativeInputs.NONE.withReferences(images.references())
                        .withLastFrame(images.last()));
    }

    /** "was unavailable (HTTP 503)", "no longer offers the model": after the provider's name. */
    static String describe(ProviderError error) {
        return switch (error.kind()) {
            case UNAVAILABLE -> "was unavailable" + (error.httpStatus() > 0 ? " (HTTP " + error.httpStatus() + ")" : "");
            case UNAUTHORIZED -> "refused Reelgate's credentials";
            case RATE_LIMITED -> "was at its rate limit" + error.retryAfterHint().map(d -> " for " + d.toSeconds() + " s")
                    .orElse("");
            case NOT_FOUND -> "no longer offers the model";
            case UNSUPPORTED -> "cannot make this video";
            default -> "refused the job (" + error.code() + ")";
        };
    }
}
