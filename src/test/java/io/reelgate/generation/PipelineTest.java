package io.reelgate.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.budget.BudgetSettings;
import io.reelgate.testing.PipelineDrain;
import io.reelgate.budget.Ledger;
import io.reelgate.budget.Money;
import io.reelgate.provider.Variant;
import io.reelgate.storage.ObjectStore;
import io.reelgate.team.Team;
import io.reelgate.team.TeamDirectory;
import io.reelgate.team.TeamRole;
import io.reelgate.team.Tier;
import io.reelgate.testing.Fixtures;
import io.restassured.RestAssured;

/** The pipeline end to end against the simulator: dispatch, tracking, ingest into S3, settlement, failures, cancel. */
@QuarkusTest
class PipelineTest {

    @Inject
    PipelineDrain drain;

    @Inject
    GenerationService generation;
    @Inject
    VideoRemoval removal;
    @Inject
    JobStore jobs;
    @Inject
    Fixtures fixtures;
    @Inject
    BudgetSettings settings;
    @Inject
    TeamDirectory teams;
    @Inject
    Ledger ledger;
    @Inject
    ObjectStore store;
    @Inject
    EntityManager em;

    Team team;
    long member;

    @BeforeEach
    void team() {
        team = fixtures.team("pipe", Tier.PRO);
        settings.update(team.id, new BudgetSettings.Form("1000", "1", "HARD", "0", "", "50,75,90,100"));
        member = fixtures.personIn(team, "maker", TeamRole.MEMBER);
        drain.drain();
        faults(Map.of());
    }

    @AfterEach
    void clearFaults() {
        faults(Map.of());
    }

    static void faults(Map<String, Object> plan) {
        RestAssured.given().header("Authorization", "Bearer sk-sim-reelgate-dev").contentType("application/json")
                .body(plan).put("/sim/admin/faults").then().statusCode(200);
    }

    JobView submit(String prompt, int seconds) {
        var result = generation.submit(GenerationService.Request.of(team.id, member, null, "sora-2", "1280x720",
                seconds, prompt));
        assertThat(result).as("submission").isInstanceOf(GenerationService.Queued.class);
        return ((GenerationService.Queued) result).job();
    }

    VideoJob awaitTerminal(long id) {
        Awaitility.await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(50))
                .until(() -> jobs.find(id).orElseThrow().state.terminal());
        return jobs.find(id).orElseThrow();
    }

    @Test
    void aJobIsDispatchedTrackedByWebhookStoredAndChargedWithoutPolling() {
        JobView job = submit(Fixtures.unique("A lighthouse at dusk"), 8);

        VideoJob done = awaitTerminal(job.id());

        assertEquals(JobState.COMPLETED, done.state);
        assertEquals(0, done.polls, "webhooks make polling unnecessary");
        assertEquals(Money.parse("0.80").micros(), done.chargedMicros);
        assertThat(JobTransition.history(job.id()).stream().map(t -> t.toState).toList()).containsExactly(
                JobState.ADMITTED, JobState.SUBMITTING, JobState.SUBMITTED, JobState.INGESTING, JobState.COMPLETED);
        List<VideoAsset> assets = jobs.assets(job.id());
        assertThat(assets).extracting(VideoAsset::variant).containsExactlyInAnyOrder(Variant.VIDEO, Variant.THUMBNAIL,
                Variant.SPRITESHEET);
        for (VideoAsset asset : assets) {
            assertThat(asset.objectKey).startsWith("teams/" + team.id + "/videos/" + job.id() + "/");
            assertEquals(asset.sizeBytes, store.stat(asset.objectKey).orElseThrow().size(), asset.objectKey);
            assertThat(asset.sha256).hasSize(64);
        }
        assertEquals(Money.parse("0.80"), ledger.balance(team.id, Instant.now()).spent());
        assertEquals(Money.ZERO, ledger.balance(team.id, Instant.now()).reserved());
    }

    @Test
    void lostWebhooksAreCoveredByPolling() {
        faults(Map.of("webhookDrop", true));
        VideoJob done = awaitTerminal(submit(Fixtures.unique("A quiet forest"), 4).id());
        assertEquals(JobState.COMPLETED, done.state);
        assertThat(done.polls).as("the quiet job was polled").isPositive();
    }

    @Test
    void aSentinelBlockFailsTheJobAndChargesNothing() {
        VideoJob done = awaitTerminal(submit("Pikachu dancing " + Fixtures.unique("p"), 4).id());
        assertEquals(JobState.FAILED, done.state);
        assertEquals("sentinel_block", done.errorCode);
        assertEquals(0L, done.chargedMicros);
        assertEquals(Money.ZERO, ledger.balance(team.id, Instant.now()).reserved());
    }

    @Test
    void aModerationBlockFailsTheJobAndIsChargedByPolicy() {
        VideoJob done = awaitTerminal(submit("moderation-trigger " + Fixtures.unique("m"), 4).id());
        assertEquals(JobState.FAILED, done.state);
        assertEquals("moderation_blocked", done.errorCode);
        assertEquals(Money.parse("0.40").micros(), done.chargedMicros);
        assertThat(store.list("teams/" + team.id + "/videos/" + done.id + "/")).isEmpty();
    }

    @Test
    void aProviderRateLimitSendsTheJobBackToTheQueueAndItStillCompletes() {
        faults(Map.of("rateLimitNext", 12, "retryAfterMs", 100));
        VideoJob done = awaitTerminal(submit(Fixtures.unique("Rate limited"), 4).id());
        assertEquals(JobState.COMPLETED, done.state);
        assertThat(JobTransition.history(done.id).stream().filter(t -> t.toState == JobState.ADMITTED)).hasSizeGreaterThan(1);
    }

    @Test
    void aQueuedJobCanBeCanceledAndItsReservationIsReleased() {
        teams.setCustomLimits(team.id, 1, 100);
        awaitTerminal(submit(Fixtures.unique("first"), 4).id());
        var scheduled = generation.submit(GenerationService.Request.of(team.id, member, null, "sora-2", "1280x720", 4,
                Fixtures.unique("second")).withScheduleIfLimited(true));
        JobView queued = ((GenerationService.Queued) scheduled).job();
        assertThat(queued.notBefore()).isAfter(Instant.now());

        assertEquals(GenerationService.Cancel.CANCELED, generation.cancel(team.id, queued.id()));

        assertEquals(JobState.CANCELED, jobs.find(queued.id()).orElseThrow().state);
        assertEquals(Money.ZERO, ledger.balance(team.id, Instant.now()).reserved());
        assertEquals(Money.parse("0.40"), ledger.balance(team.id, Instant.now()).spent(), "only the first job");
    }

    @Test
    void aJobCanceledAfterSubmissionIsCanceledAtTheProvider() {
        faults(Map.of("webhookDrop", true));
        JobView job = submit(Fixtures.unique("cancel me"), 4);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> jobs.find(job.id()).orElseThrow().state == JobState.SUBMITTED);

        assertEquals(GenerationService.Cancel.REQUESTED, generation.cancel(team.id, job.id()));

        VideoJob done = awaitTerminal(job.id());
        assertEquals(JobState.CANCELED, done.state);
        assertEquals(0L, done.chargedMicros, "policy: canceling after submission is not charged");
    }

    @Test
    void contentThatExpiredBeforeIngestFailsTheJobWithAClearReason() {
        faults(Map.of("webhookDrop", true));
        JobView job = submit(Fixtures.unique("expiring"), 4);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> jobs.find(job.id()).orElseThrow().providerVideoId != null);
        String providerId = jobs.find(job.id()).orElseThrow().providerVideoId;
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> RestAssured.given()
                .header("Authorization", "Bearer sk-sim-reelgate-dev").get("/sim/v1/videos/" + providerId)
                .jsonPath().getString("status").equals("completed"));
        RestAssured.given().header("Authorization", "Bearer sk-sim-reelgate-dev")
                .post("/sim/admin/videos/" + providerId + "/expire").then().statusCode(204);

        VideoJob done = awaitTerminal(job.id());

        assertEquals(JobState.FAILED, done.state);
        assertEquals("content_expired", done.errorCode);
        assertThat(done.errorMessage).contains("expired before Reelgate could save it");
        assertEquals(Money.parse("0.40").micros(), done.chargedMicros, "policy: the provider generated it, so it is charged");
        assertThat(store.list("teams/" + team.id + "/videos/" + job.id() + "/")).isEmpty();
    }

    @Test
    void deletingAVideoRemovesItsObjectsButKeepsTheLedger() {
        VideoJob done = awaitTerminal(submit(Fixtures.unique("to delete"), 4).id());
        String prefix = "teams/" + team.id + "/videos/" + done.id + "/";
        assertThat(store.list(prefix)).hasSize(3);

        removal.delete(team.id, done.id);

        assertThat(store.list(prefix)).isEmpty();
        assertThat(jobs.find(done.id).orElseThrow().deletedAt).isNotNull();
        assertThat(jobs.assets(done.id)).isEmpty();
        assertEquals(Money.parse("0.40"), ledger.balance(team.id, Instant.now()).spent());
    }

    @Test
    void aJobsHistoryRecordsEveryTransitionWithItsTime() {
        VideoJob done = awaitTerminal(submit(Fixtures.unique("history"), 4).id());
        List<JobTransition> history = JobTransition.history(done.id);
        for (int i = 1; i < history.size(); i++) {
            assertEquals(history.get(i - 1).toState, history.get(i).fromState, "transitions chain");
            assertThat(history.get(i).at).isAfterOrEqualTo(history.get(i - 1).at);
        }
    }

    @Test
    void illegalTransitionsAreRefused() {
        VideoJob done = awaitTerminal(submit(Fixtures.unique("finished"), 4).id());
        org.junit.jupiter.api.Assertions.assertThrows(JobStore.IllegalTransition.class,
                () -> jobs.move(done.id, JobState.SUBMITTING, "back from the dead", j -> { }));
        assertEquals(GenerationService.Cancel.TOO_LATE, generation.cancel(team.id, done.id));
    }

    @Test
    void metricsReportJobsAndQueueDepth() {
        awaitTerminal(submit(Fixtures.unique("metrics"), 4).id());
        String metrics = io.reelgate.testing.Management.given().get("/q/metrics").asString();
        assertThat(metrics).contains("reelgate_jobs{state=\"completed\"}").contains("reelgate_queue_depth")
                .contains("reelgate_jobs_finished_total").contains("reelgate_provider_calls_seconds_count");
    }

    long count(String sql, Object... params) {
        return QuarkusTransaction.requiringNew().call(() -> {
            var q = em.createNativeQuery(sql);
            for (int i = 0; i < params.length; i++) {
                q.setParameter(i + 1, params[i]);
            }
            return ((Number) q.getSingleResult()).longValue();
        });
    }
}
