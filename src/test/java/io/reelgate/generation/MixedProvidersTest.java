package io.reelgate.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.budget.BudgetSettings;
import io.reelgate.budget.Ledger;
import io.reelgate.budget.Money;
import io.reelgate.team.Team;
import io.reelgate.team.TeamRole;
import io.reelgate.team.Tier;
import io.reelgate.testing.Fixtures;
import io.reelgate.testing.TestClock;

/**
 * Fifty-six jobs over eight wire formats at once — the Sora simulator, Replicate, Veo on the Gemini
 * API, Veo on Vertex AI (polled, OAuth2 tokens), fal.ai (a queue, Ed25519 webhooks), OpenRouter
 * (its own bill), Runway (credits, THROTTLED tasks) and xAI (its own bill in ticks) — with 429 and 5xx bursts and duplicated webhooks: every job ends charged its price
 * once, the ledger reconciles, and Veo's own upstream limit (60 a minute in tests: a burst of 5,
 * then one a second), Vertex's and OpenRouter's (50) hold across their dispatches.
 */
@QuarkusTest
class MixedProvidersTest {

    @Inject
    TestClock clock;
    @Inject
    GenerationService generation;
    @Inject
    JobStore jobs;
    @Inject
    Fixtures fixtures;
    @Inject
    BudgetSettings settings;
    @Inject
    Ledger ledger;
    @Inject
    EntityManager em;
    @Inject
    io.reelgate.provider.ProvidersConfig providersConfig;

    @AfterEach
    void clearFaults() {
        PipelineTest.faults(Map.of());
    }

    record Spec(String provider, String model, String size, int seconds, long microsPerSecond) {
    }

    @Test
    void fiftySixJobsOverEightProvidersWithFaultsAllEndAndTheLedgerReconciles() {
        List<Spec> specs = List.of(new Spec("simulator", "sora-2", "1280x720", 4, 100_000),
                new Spec("replicate", "google/veo-3.1-fast", "720x1280", 4, 100_000),
                new Spec("veo", "veo-3.1-fast-generate-preview", "1280x720", 4, 100_000),
                new Spec("vertex", "veo-3.1-fast-generate-001", "720x1280", 4, 80_000),
                new Spec("fal", "fal-ai/veo3.1", "1280x720", 4, 200_000),
                new Spec("openrouter", "alibaba/wan-2.6", "1280x720", 5, 40_000),
                new Spec("runway", "gen4.5", "1280x720", 5, 120_000),
                new Spec("xai", "grok-imagine-video", "854x480", 5, 50_000));
        int perProvider = 7;
        List<Team> teams = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Team t = fixtures.team("mixed", Tier.PRO);
            settings.update(t.id, new BudgetSettings.Form("1000", "1", "HARD", "0", "", "50,75,90,100"));
            fixtures.teamsCustomLimits(t.id, 1000, 100000);
            teams.add(t);
        }
        PipelineTest.faults(Map.of("rateLimitNext", 4, "retryAfterMs", 300, "serverErrorNext", 4,
                "webhookDuplicate", true));

        List<Long> ids = new ArrayList<>();
        java.util.Map<String, List<Long>> byProvider = new java.util.TreeMap<>();
        java.util.Map<Long, Long> expectedSpend = new java.util.HashMap<>();
        java.util.Map<Long, Long> expectedCharge = new java.util.HashMap<>();
        for (int i = 0; i < perProvider * specs.size(); i++) {
            Team team = teams.get(i % 3);
            Spec spec = specs.get(i / perProvider);
            long member = fixtures.personIn(team, "m", TeamRole.MEMBER);
            var result = generation.submit(GenerationService.Request.of(team.id, member, spec.provider(),
                    spec.model(), spec.size(), spec.seconds(), "mixed run " + i + " " + Fixtures.unique("x")));
            assertThat(result).as("job %d admitted", i).isInstanceOf(GenerationService.Queued.class);
            long id = ((GenerationService.Queued) result).job().id();
            ids.add(id);
            expectedCharge.put(id, spec.seconds() * spec.microsPerSecond());
            expectedSpend.merge(team.id, spec.seconds() * spec.microsPerSecond(), Long::sum);
            byProvider.computeIfAbsent(spec.provider(), p -> new ArrayList<>()).add(id);
        }

        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> ids.stream().allMatch(id -> jobs.find(id).orElseThrow().state.terminal()));
        List<VideoJob> done = ids.stream().map(id -> jobs.find(id).orElseThrow()).toList();
        for (VideoJob job : done) {
            assertEquals(JobState.COMPLETED, job.state, "job " + job.id + " on " + job.provider + ": " + job.errorCode
                    + " " + job.errorMessage);
            assertEquals(expectedCharge.get(job.id), job.chargedMicros, "its seconds at its price (OpenRouter's bill), once");
            assertThat(jobs.assets(job.id)).as("video, poster and spritesheet of job %d", job.id).hasSize(3);
        }
        for (Team team : teams) {
            assertEquals(Money.ofMicros(expectedSpend.get(team.id)), ledger.balance(team.id, clock.instant()).spent(),
                    "the sum of its jobs' prices");
            assertEquals(Money.ZERO, ledger.balance(team.id, clock.instant()).reserved(), "no reservation left open");
        }
        assertThat(ledger.reconcile().balanced()).as("every total equals its entries").isTrue();

        // every provider's own upstream limit (a token bucket of perMinute/12 tokens refilled at perMinute/60 a
        // second, shared by all instances) holds across its dispatches: Veo 60/min, Vertex and OpenRouter 50/min here
        byProvider.forEach((provider, ids2) -> {
            int perMinute = providersConfig.providers().get(provider).upstreamRequestsPerMinute();
            if (perMinute >= 1000) {
                return;
            }
            List<Instant> dispatches = dispatchTimes(ids2);
            assertThat(dispatches).as("every %s job was dispatched", provider).hasSizeGreaterThanOrEqualTo(perProvider);
            double capacity = Math.max(1, perMinute / 12.0);
            double perSecond = perMinute / 60.0;
            Instant first = dispatches.get(0);
            for (int k = 0; k < dispatches.size(); k++) {
                double elapsed = Duration.between(first, dispatches.get(k)).toMillis() / 1000.0;
                assertThat(elapsed).as("dispatch %d of %s within its %d/min limit", k + 1, provider, perMinute)
                        .isGreaterThanOrEqualTo((k + 1 - capacity) / perSecond - 0.25);
            }
        });
    }

    private List<Instant> dispatchTimes(List<Long> jobIds) {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<Object> rows = em.createNativeQuery("""
                    select t.at from video_job_transition t
                    where t.job_id = any(?1) and t.to_state = 'SUBMITTING' order by t.at
                    """).setParameter(1, jobIds.toArray(Long[]::new)).getResultList();
            return rows.stream().map(io.reelgate.web.SqlTimes::instant).toList();
        });
    }
}
