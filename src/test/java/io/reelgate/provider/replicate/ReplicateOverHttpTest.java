package io.reelgate.provider.replicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import javax.imageio.ImageIO;

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
import io.reelgate.generation.JobView;
import io.reelgate.generation.CrashPoints;
import io.reelgate.generation.GenerationService;
import io.reelgate.generation.JobState;
import io.reelgate.generation.JobStore;
import io.reelgate.generation.Pipeline;
import io.reelgate.generation.VideoJob;
import io.reelgate.media.ContentKind;
import io.reelgate.provider.CreateVideo;
import io.reelgate.provider.InputImage;
import io.reelgate.provider.ProviderError;
import io.reelgate.provider.ProviderResult;
import io.reelgate.provider.Providers;
import io.reelgate.provider.RemoteVideo;
import io.reelgate.provider.StandardWebhooks;
import io.reelgate.provider.Variant;
import io.reelgate.provider.VideoContent;
import io.reelgate.provider.VideoProvider;
import io.reelgate.provider.VideoStatus;
import io.reelgate.storage.ObjectStore;
import io.reelgate.team.Team;
import io.reelgate.team.TeamRole;
import io.reelgate.team.Tier;
import io.reelgate.testing.Fixtures;
import io.reelgate.testing.TestClock;
import io.restassured.RestAssured;

/**
 * The Replicate adapter against the simulated Replicate API over HTTP: predictions for named
 * models with mapped inputs, polling and webhooks, the output URL fetched without the token,
 * failures as Replicate reports them, throttling with its hint, cancel, webhook verification with a
 * fetched and rotated secret, and an output removed before Reelgate copied it.
 */
@QuarkusTest
class ReplicateOverHttpTest {

    @Inject
    PipelineDrain drain;

    static final String VEO = "google/veo-3.1";
    static final String ADMIN = "Bearer sk-sim-reelgate-dev";

    @Inject
    TestClock clock;
    @Inject
    Providers providers;
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
    ObjectStore store;
    @Inject
    CrashPoints crash;
    @Inject
    EntityManager em;
    @Inject
    Pipeline pipeline;

    VideoProvider replicate;

    @BeforeEach
    void provider() {
        replicate = providers.get("replicate");
        drain.drain();
        faults(Map.of());
    }

    @AfterEach
    void reset() {
        faults(Map.of());
        crash.disarmAll();
        RestAssured.given().header("Authorization", ADMIN).contentType("application/json")
                .body(Map.of("key", "whsec_cmVwbGljYXRlLXNpbXVsYXRvci1kZXYtc2VjcmV0LTAx"))
                .put("/sim/replicate/admin/webhook-secret").then().statusCode(204);
    }

    static void faults(Map<String, Object> plan) {
        RestAssured.given().header("Authorization", ADMIN).contentType("application/json").body(plan)
                .put("/sim/admin/faults").then().statusCode(200);
    }

    private RemoteVideo awaitTerminal(String id) {
        RemoteVideo[] last = new RemoteVideo[1];
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            last[0] = replicate.retrieve(id).value();
            return last[0].status().terminal();
        });
        return last[0];
    }

    @Test
    void aPredictionForANamedModelRunsToAnOutputFetchedWithoutTheToken() throws IOException {
        String prompt = Fixtures.unique("A red kite over green hills");
        ProviderResult<RemoteVideo> created = replicate.create(new CreateVideo(VEO, prompt, "720x1280", 6,
                Optional.empty(), false));
        assertTrue(created.isOk(), () -> "create: " + created);
        RemoteVideo first = created.value();
        assertEquals(VideoStatus.QUEUED, first.status(), "starting");
        assertEquals(prompt, first.prompt());
        assertEquals(6, first.seconds(), "duration sent as an integer and read back");
        assertEquals("720x1280", first.size(), "9:16 at 720p, as the catalog names it");

        RemoteVideo done = awaitTerminal(first.id());
        assertEquals(VideoStatus.COMPLETED, done.status());
        assertNotNull(done.resultUrl());
        assertThat(done.resultUrl()).as("the CDN stand-in, not the API").contains("/sim/replicate/files/");
        try (VideoContent content = replicate.download(done.result(), Variant.VIDEO).value();
                InputStream in = content.body()) {
            byte[] head = in.readNBytes(ContentKind.HEAD_BYTES);
            assertEquals(ContentKind.MP4, ContentKind.of(head, head.length));
        }
        assertThat(replicate.download(done.result(), Variant.THUMBNAIL).error().kind())
                .as("Replicate delivers only the video").isEqualTo(ProviderError.Kind.UNSUPPORTED);
    }

    @Test
    void aFirstFrameTravelsAsADataUriAndStartsTheVideo() throws IOException {
        BufferedImage image = new BufferedImage(1280, 720, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(200, 30, 40));
        g.fillRect(0, 0, 1280, 720);
        g.dispose();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        RemoteVideo created = replicate.create(new CreateVideo(VEO, "The red wall crumbles", "1280x720", 4,
                InputImage.of("red.png", png.toByteArray()), false)).value();
        assertEquals(VideoStatus.COMPLETED, awaitTerminal(created.id()).status());
    }

    @Test
    void failuresComeBackAsReplicateReportsThem() {
        RemoteVideo flagged = replicate.create(new CreateVideo(VEO, "a bloodbath moderation-trigger", "1280x720", 4,
                Optional.empty(), false)).value();
        RemoteVideo failed = awaitTerminal(flagged.id());
        assertEquals(VideoStatus.FAILED, failed.status());
        assertEquals("moderation_blocked", failed.errorCode(), "Replicate's sensitive-content error is a content refusal");
        assertThat(failed.errorMessage()).contains("flagged as sensitive");

        ProviderError invalid = replicate.create(new CreateVideo(VEO, "any", "1280x720", 7, Optional.empty(), false))
                .error();
        assertEquals(ProviderError.Kind.INVALID_REQUEST, invalid.kind());
        assertThat(invalid.message()).contains("duration must be one of the following");

        ProviderError unmapped = replicate.create(new CreateVideo("someone/else", "any", "1280x720", 4, Optional.empty(),
                false)).error();
        assertEquals(ProviderError.Kind.INVALID_REQUEST, unmapped.kind());
    }

    @Test
    void throttlingIsRetriedAfterReplicatesOwnHint() {
        faults(Map.of("rateLimitNext", 2, "retryAfterMs", 1000));
        long started = System.nanoTime();
        ProviderResult<RemoteVideo> created = replicate.create(new CreateVideo(VEO, Fixtures.unique("throttled"),
                "1280x720", 4, Optional.empty(), false));
        assertTrue(created.isOk(), () -> "created after the throttling: " + created);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("waited at least the hinted second twice")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(2));

        faults(Map.of("rateLimitNext", 50, "retryAfterMs", 40_000));
        ProviderError limited = replicate.create(new CreateVideo(VEO, "limited", "1280x720", 4, Optional.empty(), false))
                .error();
        assertEquals(ProviderError.Kind.RATE_LIMITED, limited.kind());
        assertEquals(Duration.ofSeconds(40), limited.retryAfter(),
                "Retry-After, longer than the retry budget, passed on at once");
        assertThat(limited.message()).contains("rate limit resets in");
    }

    @Test
    void aRunningPredictionCanBeCanceled() {
        RemoteVideo created = replicate.create(new CreateVideo(VEO, Fixtures.unique("to cancel"), "1280x720", 8,
                Optional.empty(), false)).value();
        assertTrue(replicate.cancel(created.id()).isOk());
        RemoteVideo canceled = replicate.retrieve(created.id()).value();
        assertEquals(VideoStatus.FAILED, canceled.status());
        assertEquals("canceled", canceled.errorCode());
    }

    @Test
    void listingPagesThroughPredictionsNewestFirst() {
        String prompt = Fixtures.unique("listed");
        String id = replicate.create(new CreateVideo(VEO, prompt, "1280x720", 4, Optional.empty(), false)).value().id();
        var page = replicate.list(io.reelgate.provider.ListQuery.first(20)).value();
        assertEquals(id, page.data().get(0).id(), "newest first");
        assertEquals(prompt, page.data().get(0).prompt());
    }

    // ------------------------------------------------------------------ through the pipeline

    private Team team() {
        Team team = fixtures.team("rep", Tier.PRO);
        settings.update(team.id, new BudgetSettings.Form("1000", "1", "HARD", "0", "", "50,75,90,100"));
        fixtures.teamsCustomLimits(team.id, 1000, 100000);
        return team;
    }

    private JobView submit(Team team, String prompt, boolean audio) {
        long member = fixtures.personIn(team, "m", TeamRole.MEMBER);
        var result = generation.submit(GenerationService.Request.of(team.id, member, "replicate", VEO, "1280x720", 4,
                prompt).withAudio(audio));
        assertThat(result).isInstanceOf(GenerationService.Queued.class);
        return ((GenerationService.Queued) result).job();
    }

    private VideoJob awaitJob(long id) {
        Awaitility.await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(50))
                .until(() -> jobs.find(id).orElseThrow().state.terminal());
        return jobs.find(id).orElseThrow();
    }

    @Test
    void aJobIsTrackedByItsSignedWebhookAndStoredWithPreviewsMadeByReelgate() {
        Team team = team();
        VideoJob done = awaitJob(submit(team, Fixtures.unique("A lantern festival"), true).id());

        assertEquals(JobState.COMPLETED, done.state, done.errorCode + ": " + done.errorMessage);
        assertEquals(1, done.polls, "the webhook said it was done; one read learned the output URL");
        assertEquals(Money.parse("1.60"), Money.ofMicros(done.chargedMicros), "4 s with sound at $0.40/s");
        assertThat(jobs.assets(done.id)).extracting(a -> a.variant().apiName() + ":" + a.origin)
                .containsExactlyInAnyOrder("video:PROVIDER", "thumbnail:DERIVED", "spritesheet:DERIVED");
    }

    @Test
    void anOutputRemovedBeforeItWasCopiedEndsAsExpiredContentChargedPerPolicy() {
        Team team = team();
        crash.armOnce(CrashPoints.AFTER_DOWNLOAD + "video");
        JobView job = submit(team, Fixtures.unique("A vanishing output"), false);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !crash.armed(CrashPoints.AFTER_DOWNLOAD + "video"));
        VideoJob stuck = jobs.find(job.id()).orElseThrow();
        assertEquals(JobState.INGESTING, stuck.state);
        RestAssured.given().header("Authorization", ADMIN).post("/sim/replicate/admin/predictions/"
                + stuck.providerVideoId + "/remove-output").then().statusCode(204);
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "update video_job set lease_until = now() - interval '1 second' where id = ?1")
                .setParameter(1, job.id()).executeUpdate());
        pipeline.wake();

        VideoJob done = awaitJob(job.id());
        assertEquals(JobState.FAILED, done.state);
        assertEquals("content_expired", done.errorCode);
        assertEquals(Money.parse("0.80"), Money.ofMicros(done.chargedMicros), "charged per the expired-content policy");
        assertThat(store.list("teams/" + team.id + "/videos/" + job.id() + "/")).as("nothing of it is kept").isEmpty();
        assertEquals(Money.ZERO, ledger.balance(team.id, clock.instant()).reserved());
        assertThat(ledger.reconcile().balanced()).isTrue();
    }

    // ------------------------------------------------------------------ webhook verification

    private int deliver(String secret, long timestamp, String body) {
        String id = "msg_" + Fixtures.unique("w");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return RestAssured.given().header("webhook-id", id).header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", StandardWebhooks.sign(StandardWebhooks.key(secret), id, timestamp, bytes))
                .contentType("application/json").body(bytes).post("/webhooks/replicate").then().extract().statusCode();
    }

    @Test
    void webhooksVerifyWithTheFetchedSecretAndPickUpARotation() {
        String prediction = "{\"id\":\"" + Fixtures.unique("p") + "\",\"status\":\"succeeded\",\"output\":\"https://x/y.mp4\","
                + "\"completed_at\":\"" + Instant.now() + "\"}";
        String current = "whsec_cmVwbGljYXRlLXNpbXVsYXRvci1kZXYtc2VjcmV0LTAx";
        long now = Instant.now().getEpochSecond();
        assertEquals(200, deliver(current, now, prediction), "signed with the account's secret");
        assertEquals(401, deliver("whsec_" + java.util.Base64.getEncoder().encodeToString("forged".getBytes()), now,
                prediction), "forged");
        assertEquals(401, deliver(current, now - 600, prediction), "stale");
        assertEquals(400, deliver(current, now, "not json"), "not a prediction");

        String rotated = "whsec_" + java.util.Base64.getEncoder().encodeToString("a-rotated-replicate-secret".getBytes());
        RestAssured.given().header("Authorization", ADMIN).contentType("application/json").body(Map.of("key", rotated))
                .put("/sim/replicate/admin/webhook-secret").then().statusCode(204);
        assertEquals(200, deliver(rotated, now, prediction), "the new secret is fetched when a delivery does not verify");
    }
}
