package io.reelgate.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.budget.BudgetSettings;
import io.reelgate.budget.Ledger;
import io.reelgate.budget.Money;
import io.reelgate.provider.RouteBreakers;
import io.reelgate.team.RoutePolicies;
import io.reelgate.team.Team;
import io.reelgate.team.TeamRole;
import io.reelgate.team.Tier;
import io.reelgate.testing.Fixtures;
import io.reelgate.testing.TestClock;

/**
 * One model, many routes, over the simulators: Veo 3.1 is sold here by Vertex AI, the Gemini API
 * ({@code veo}), Replicate, fal.ai, OpenRouter and Runway. Each test's team narrows the policy
 * (as a team admin would) so that the Gemini API or Replicate comes first, and faults hit one
 * simulated API only. After each: the ledger reconciles.
 */
@QuarkusTest
class ModelRoutesTest {

    static final String VEO = "veo/veo-3.1-generate-preview";
    static final String VERTEX = "vertex/veo-3.1-generate-001";
    static final String REPLICATE = "replicate/google/veo-3.1";
    static final String FAL = "fal/fal-ai/veo3.1";
    static final String RUNWAY = "runway/veo3.1";

    @Inject
    GenerationService generation;
    @Inject
    JobStore jobs;
    @Inject
    JobRoutes routes;
    @Inject
    RouteBreakers breakers;
    @Inject
    RoutePolicies policies;
    @Inject
    Rerouting rerouting;
    @Inject
    Fixtures fixtures;
    @Inject
    BudgetSettings settings;
    @Inject
    Ledger ledger;
    @Inject
    TestClock clock;
    @Inject
    EntityManager em;
    @Inject
    io.reelgate.testing.RouteHealth routeHealth;

    @BeforeEach
    @AfterEach
    void healthy() {
        routeHealth.restore();
        clock.reset();
    }

    Team team(String budget, String policy, String... excluded) {
        Team team = fixtures.team("routes", Tier.PRO);
        settings.update(team.id, new BudgetSettings.Form(budget, "1", "HARD", "0", "", "50,75,90,100"));
        fixtures.teamsCustomLimits(team.id, 100_000, 1_000_000);
        policies.save(team.id, new RoutePolicies.TeamPolicy("veo-3.1", policy, null, Set.of(excluded)));
        return team;
    }

    GenerationService.Submitted submit(Team team, long member, int seconds, boolean batch) {
        return generation.submit(GenerationService.Request.of(team.id, member, null, "veo-3.1", "1280x720", seconds,
                "a lighthouse at dusk " + Fixtures.unique("r")).withBatch(batch));
    }

    JobView queued(Team team, long member) {
        GenerationService.Submitted s = submit(team, member, 4, false);
        assertThat(s).as("admitted").isInstanceOf(GenerationService.Queued.class);
        return ((GenerationService.Queued) s).job();
    }

    VideoJob finished(long id) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> jobs.find(id).orElseThrow().state.terminal());
        return jobs.find(id).orElseThrow();
    }

    List<String> taken(long jobId) {
        return routes.of(jobId).stream().map(t -> t.route().key()).toList();
    }

    @Test
    void preferredRouteDownJobsTakeTheFallbackAndComeBackWhenTheBreakerCloses() {
        Team team = team("1000", "ORDERED", VERTEX);
        long member = fixtures.personIn(team, "m", TeamRole.MEMBER);
        PipelineTest.faults(Map.of("only", "gemini", "serverErrorNext", 100_000));

        for (int i = 0; i < 3; i++) { // each create meets 503s until its retries are spent: the job moves on
            VideoJob job = finished(queued(team, member).id());
            assertEquals(JobState.COMPLETED, job.state, job.errorCode + " " + job.errorMessage);
            assertEquals("replicate", job.provider, "the fallback made it");
            assertEquals(800_000L, job.chargedMicros, "4 s at Replicate's $0.20/s, not the Gemini API's $0.40/s");
            assertEquals(List.of(VEO, REPLICATE), taken(job.id));
            assertThat(routes.of(job.id).get(0).leftBecause()).contains("was unavailable (HTTP 503)");
        }
        assertEquals(RouteBreakers.State.OPEN, breakers.state(VEO), "three failed creates in a row open the route");

        VideoJob direct = finished(queued(team, member).id());
        assertEquals(List.of(REPLICATE), taken(direct.id), "an open route is passed over: no call to the Gemini API");
        assertThat(routes.of(direct.id).get(0).reason()).startsWith("fallback").contains("is unavailable");

        PipelineTest.faults(Map.of());
        clock.advance(Duration.ofSeconds(61)); // open-for: 60 s, then one job tries the route
        assertEquals(RouteBreakers.State.HALF_OPEN, breakers.state(VEO));
        VideoJob back = finished(queued(team, member).id());
        assertEquals(List.of(VEO), taken(back.id), "the preferred route again once it works");
        assertEquals(1_600_000L, back.chargedMicros, "4 s at the Gemini API's $0.40/s");
        assertEquals(RouteBreakers.State.CLOSED, breakers.state(VEO), "the trial succeeded: closed");

        assertEquals(Money.ofMicros(3 * 800_000L + 800_000L + 1_600_000L), ledger.balance(team.id, clock.instant()).spent());
        assertEquals(Money.ZERO, ledger.balance(team.id, clock.instant()).reserved());
        assertThat(ledger.reconcile().balanced()).as("every total equals its entries").isTrue();
    }

    @Test
    void aFullUpstreamLimitSendsJobsToTheNextRouteWithinTheWait() {
        Team team = team("1000", "ORDERED", VERTEX);
        long member = fixtures.personIn(team, "m", TeamRole.MEMBER);
        PipelineTest.faults(Map.of("only", "gemini", "rateLimitNext", 100_000, "retryAfterMs", 120_000));

        VideoJob first = finished(queued(team, member).id());
        assertEquals(JobState.COMPLETED, first.state, first.errorCode + " " + first.errorMessage);
        assertEquals(List.of(VEO, REPLICATE), taken(first.id), "a 120 s limit is longer than the 60 s wait");
        assertThat(routes.of(first.id).get(0).leftBecause()).contains("rate limit");

        VideoJob next = finished(queued(team, member).id());
        assertEquals(List.of(REPLICATE), taken(next.id), "the paused route is not tried while its wait is too long");
        assertThat(routes.of(next.id).get(0).reason()).contains("upstream limit would hold the job");

        // a job already queued on the route when its limit fills up moves too (a batch job waits, so it is still queued)
        PipelineTest.faults(Map.of());
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "update upstream_bucket set paused_until = null where provider = 'veo'").executeUpdate());
        GenerationService.Queued batch = (GenerationService.Queued) submit(team, member, 4, true);
        assertEquals("veo", batch.job().provider());
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "update upstream_bucket set paused_until = now() + interval '5 minutes' where provider = 'veo'")
                .executeUpdate());
        assertThat(rerouting.sweep()).as("jobs moved by the sweep").isGreaterThanOrEqualTo(1);
        VideoJob moved = jobs.find(batch.job().id()).orElseThrow();
        assertEquals(JobState.ADMITTED, moved.state, "still queued, on its next route");
        assertEquals("replicate", moved.provider);
        assertEquals(List.of(VEO, REPLICATE), taken(moved.id));
        generation.cancel(team.id, moved.id);
        assertEquals(Money.ZERO, ledger.balance(team.id, clock.instant()).reserved());
        assertThat(ledger.reconcile().balanced()).isTrue();
    }

    @Test
    void cheapestAvailablePicksByPriceAndRespectsTheTeamsRestrictions() {
        Team open = team("1000", "CHEAPEST", VERTEX);
        long a = fixtures.personIn(open, "m", TeamRole.MEMBER);
        JobView cheap = queued(open, a);
        assertEquals(List.of(REPLICATE), taken(cheap.id()), "$0.20/s; ties keep the operator's order");
        assertEquals("cheapest", routes.of(cheap.id()).get(0).reason());

        Team narrow = team("1000", "CHEAPEST", VERTEX, REPLICATE, FAL, RUNWAY);
        long b = fixtures.personIn(narrow, "m", TeamRole.MEMBER);
        JobView left = queued(narrow, b);
        assertEquals(List.of(VEO), taken(left.id()), "of the routes the team may use, the Gemini API's $0.40/s beats $0.50/s");
        assertEquals(1_600_000L, routes.of(left.id()).get(0).priceMicros(), "reserved at that route's price");

        Team pinned = fixtures.team("routes", Tier.PRO);
        fixtures.teamsCustomLimits(pinned.id, 100_000, 1_000_000);
        policies.save(pinned.id, new RoutePolicies.TeamPolicy("veo-3.1", "PINNED", FAL, Set.of()));
        long c = fixtures.personIn(pinned, "m", TeamRole.MEMBER);
        assertEquals(List.of(FAL), taken(queued(pinned, c).id()), "pinned: that route only");

        for (JobView j : List.of(cheap, left)) {
            generation.cancel(j.teamId(), j.id());
        }
        assertThat(ledger.reconcile().balanced()).isTrue();
    }

    @Test
    void aCreateThatTimedOutAfterSendingIsNeverRetriedElsewhere() {
        Team team = team("1000", "ORDERED", VERTEX);
        long member = fixtures.personIn(team, "m", TeamRole.MEMBER);
        // a gateway timeout: the request was sent, the Gemini API may have the job
        PipelineTest.faults(Map.of("only", "gemini", "serverErrorNext", 100_000, "serverErrorStatus", 504));
        VideoJob job = finished(queued(team, member).id());
        assertEquals(JobState.FAILED, job.state);
        assertEquals(List.of(VEO), taken(job.id), "never sent to another route: that could pay twice");
        assertEquals(0L, job.chargedMicros, "charged nothing");
        assertEquals(Money.ZERO, ledger.balance(team.id, clock.instant()).spent());
        assertEquals(Money.ZERO, ledger.balance(team.id, clock.instant()).reserved());
        assertThat(ledger.reconcile().balanced()).isTrue();
    }

    @Test
    void aFallbackThatCostsMoreThanWhatIsLeftIsRefusedWithNothingReserved() {
        // Replicate first ($0.80 for 4 s), then the Gemini API ($1.60): a $1.00 budget fits only the first
        Team team = team("1", "CHEAPEST", VERTEX, FAL, RUNWAY);
        long member = fixtures.personIn(team, "m", TeamRole.MEMBER);
        PipelineTest.faults(Map.of("only", "replicate", "serverErrorNext", 100_000));
        VideoJob job = finished(queued(team, member).id());
        assertEquals(JobState.FAILED, job.state);
        assertEquals("route_over_budget", job.errorCode);
        assertThat(job.errorMessage).contains("Replicate").contains("$0.80 more does not fit the $0.20 left");
        assertEquals(0L, job.chargedMicros);
        assertEquals(List.of(REPLICATE), taken(job.id), "the dearer route was never taken");
        assertEquals(Money.ZERO, ledger.balance(team.id, clock.instant()).spent());
        assertEquals(Money.ZERO, ledger.balance(team.id, clock.instant()).reserved(), "nothing reserved");
        assertThat(ledger.reconcile().balanced()).isTrue();
    }
}
