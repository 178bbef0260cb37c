package io.reelgate.generation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.quarkus.scheduler.Scheduled;
import io.reelgate.budget.Money;
import io.reelgate.web.SqlRow;
import io.reelgate.provider.ProviderError;

/**
 * The pipeline's Prometheus metrics ({@code /q/metrics}): jobs by state and queue depth, outcomes
 * and errors by code, the success ratio of the last 24 hours, generation and ingest time, polls,
 * and spend per team in its current period. Counts that live in the database are refreshed every
 * 15 seconds, so every instance reports the same numbers.
 */
@ApplicationScoped
public class PipelineMetrics {

    /**
     * Error codes that may appear as a label value. Providers send free-form codes; each distinct
     * value would be a new time series, so anything not listed here is counted as {@code other}
     * (the job row keeps the real code).
     */
    static final java.util.Set<String> CODES = java.util.Set.of("sentinel_block", "moderation_blocked",
            "content_expired", "remix_source_gone", "invalid_value", "invalid_image_size", "invalid_image_format",
            "missing_required_parameter", "provider_unavailable", "provider_unreachable", "http_400", "http_401",
            "http_403", "http_404", "http_409", "http_429", "http_500", "http_502", "http_503", "http_504",
            "ingest_failed", "rate_limit_exceeded", "provider_lost_video", "model_retired", "unknown_outcome",
            "remix_unsupported", "unsupported", "content_unavailable", "no_output", "no_video", "invalid_content",
            "prediction_failed", "internal", "operation_error", "resource_exhausted", "insufficient_quota",
            "insufficient_credits", "generation_failed", "job_expired", "canceled", "stalled", "derive_failed", "internal_error");

    /** A code as a label value: itself when known, else {@code other}; {@code none} when absent. */
    static String label(String code) {
        if (code == null || code.isBlank()) {
            return "none";
        }
        return CODES.contains(code) ? code : "other";
    }

    private final MeterRegistry registry;
    private final EntityManager em;
    private final Map<JobState, AtomicLong> byState = new EnumMap<>(JobState.class);
    private final AtomicLong queueDepth = new AtomicLong();
    private final AtomicLong successPermille = new AtomicLong(1000);
    private final MultiGauge spend;
    private final boolean teamSpend;

    /**
     * @param teamSpend {@code reelgate.metrics.team-spend}: publish {@code reelgate_team_spend_usd}
     *        with a {@code team} label — one series per team (a few thousand teams are fine for
     *        Prometheus; switch it off beyond that, or when team names must not reach the metrics store)
     */
    PipelineMetrics(MeterRegistry registry, EntityManager em,
            @org.eclipse.microprofile.config.inject.ConfigProperty(name = "reelgate.metrics.team-spend",
                    defaultValue = "true") boolean teamSpend) {
        this.registry = registry;
        this.teamSpend = teamSpend;
        this.em = em;
        for (JobState state : JobState.values()) {
            AtomicLong value = new AtomicLong();
            byState.put(state, value);
            registry.gauge("reelgate.jobs", Tags.of("state", state.name().toLowerCase()), value);
        }
        registry.gauge("reelgate.queue.depth", queueDepth);
        registry.gauge("reelgate.jobs.success.ratio", successPermille, v -> v.get() / 1000.0);
        spend = MultiGauge.builder("reelgate.team.spend.usd").description("Spent in the team's current budget period")
                .register(registry);
    }

    void providerError(String provider, ProviderError error) {
        registry.counter("reelgate.jobs.provider.errors", "provider", provider, "kind", error.kind().name().toLowerCase(),
                "code", label(error.code())).increment();
    }

    void poll(String provider) {
        registry.counter("reelgate.jobs.polls", "provider", provider).increment();
    }

    void ingested(String provider, Duration took) {
        Timer.builder("reelgate.jobs.ingest").tag("provider", provider).publishPercentileHistogram()
                .register(registry).record(took);
    }

    /** A provider's preview that was not what it claimed to be (an MP4 for a thumbnail) and was thrown away. */
    void discardedVariant(String provider, io.reelgate.provider.Variant variant) {
        registry.counter("reelgate.jobs.discarded.variants", "provider", provider, "variant", variant.apiName())
                .increment();
    }

    /** A derivation of posters and spritesheets, and how long it took. */
    void derived(String provider, String outcome, Duration took) {
        Timer.builder("reelgate.media.derivations").description("Posters and spritesheets made from stored videos")
                .tag("provider", provider).tag("outcome", outcome).register(registry).record(took);
    }

    void completed(VideoJob job, Money charged) {
        registry.counter("reelgate.jobs.finished", "outcome", "completed", "code", "none").increment();
        Duration generation = job.generationTime();
        if (generation != null && !generation.isNegative()) {
            Timer.builder("reelgate.jobs.generation").tag("provider", job.provider).tag("model", job.model)
                    .publishPercentileHistogram().register(registry).record(generation);
        }
    }

    void failed(String provider, String code) {
        registry.counter("reelgate.jobs.finished", "outcome", "failed", "code", label(code)).increment();
    }

    @Scheduled(every = "15s", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void refresh() {
        byState.values().forEach(v -> v.set(0));
        for (SqlRow row : SqlRow.list(em.createNativeQuery(
                "select state, count(*) as jobs from video_job where deleted_at is null group by state", Tuple.class))) {
            byState.get(JobState.valueOf(row.string("state"))).set(row.longValue("jobs"));
        }
        queueDepth.set(byState.get(JobState.ADMITTED).get());
        SqlRow outcome = SqlRow.single(em.createNativeQuery("""
                select count(*) filter (where state = 'COMPLETED') as ok, count(*) filter (where state = 'FAILED') as failed
                from video_job where finished_at > now() - interval '24 hours'
                """, Tuple.class));
        long ok = outcome.longValue("ok");
        long failed = outcome.longValue("failed");
        successPermille.set(ok + failed == 0 ? 1000 : ok * 1000 / (ok + failed));
        if (!teamSpend) {
            return;
        }
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (SqlRow row : SqlRow.list(em.createNativeQuery("""
                select t.slug, p.spent_micros
                from period_total p join team t on t.id = p.team_id join team_budget b on b.team_id = p.team_id
                where p.period_start = (select max(period_start) from period_total q where q.team_id = p.team_id)
                """, Tuple.class))) {
            double usd = Money.ofMicros(row.longValue("spent_micros")).dollars();
            rows.add(MultiGauge.Row.of(Tags.of("team", row.string("slug")), usd));
        }
        spend.register(rows, true);
    }
}
