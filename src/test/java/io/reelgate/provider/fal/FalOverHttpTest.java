package io.reelgate.provider.fal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
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
import io.reelgate.budget.Ledger;
import io.reelgate.budget.Money;
import io.reelgate.generation.GenerationService;
import io.reelgate.generation.JobState;
import io.reelgate.generation.JobStore;
import io.reelgate.generation.JobView;
import io.reelgate.generation.VideoJob;
import io.reelgate.media.ContentKind;
import io.reelgate.provider.CreateVideo;
import io.reelgate.provider.InputImage;
import io.reelgate.provider.ProviderError;
import io.reelgate.provider.ProviderResult;
import io.reelgate.provider.Providers;
import io.reelgate.provider.RemoteVideo;
import io.reelgate.provider.Variant;
import io.reelgate.provider.VideoContent;
import io.reelgate.provider.VideoProvider;
import io.reelgate.provider.VideoStatus;
import io.reelgate.storage.ObjectStore;
import io.reelgate.team.Team;
import io.reelgate.team.TeamRole;
import io.reelgate.team.Tier;
import io.reelgate.testing.Fixtures;
import io.reelgate.testing.PipelineDrain;
import io.reelgate.testing.TestClock;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

/**
 * The fal.ai adapter against the simulated fal over HTTP: text and first-frame requests for Veo
 * 3.1 (image uploaded to fal's storage) and Kling (image as a data URI) through the real pipeline,
 * the queue that waits, the runner's errors from the result call (422 input, content policy,
 * retryable), throttling with its hint, cancel, the CDN fetched without the key, and Ed25519
 * webhooks: signed ones accepted, forged and stale ones refused, duplicates stored once, a rotated
 * JWKS key picked up.
 */
@QuarkusTest
class FalOverHttpTest {

    static final String VEO = "fal-ai/veo3.1";
    static final String KLING = "fal-ai/kling-video/v2.6/pro/text-to-video";
    static final String ADMIN = "Bearer sk-sim-reelgate-dev";
    static final String KEY = "Key fal-sim-reelgate-dev";

    @Inject
    PipelineDrain drain;
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
    EntityManager em;

    VideoProvider fal;

    @BeforeEach
    void provider() {
        fal = providers.get("fal");
        drain.drain();
        faults(Map.of());
    }

    @AfterEach
    void reset() {
        faults(Map.of());
    }

    static void faults(Map<String, Object> plan) {
        RestAssured.given().header("Authorization", ADMIN).contentType("application/json").body(plan)
                .put("/sim/admin/faults").then().statusCode(200);
    }

    private RemoteVideo awaitTerminal(String id) {
        RemoteVideo[] last = new RemoteVideo[1];
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            ProviderResult<RemoteVideo> polled = fal.retrieve(id);
            last[0] = polled.isOk() ? polled.value() : null;
            return last[0] != null && last[0].status().terminal();
        });
        return last[0];
    }

    private static List<Map<String, Object>> admin(String path) {
        return RestAssured.given().header("Authorization", ADMIN).get("/sim/fal/admin/" + path).then().statusCode(200)
                .extract().jsonPath().getList("$");
    }

    /** The receiver's answers to the simulator's webhook attempts for one request. */
    private static List<Integer> answers(String requestId) {
        return admin("webhook-attempts").stream().filter(a -> requestId.equals(a.get("requestId")))
                .map(a -> ((Number) a.get("status")).intValue()).toList();
    }

    private static String requestId(String videoId) {
        return videoId.substring(videoId.indexOf(':') + 1);
    }

    private static Optional<InputImage> png(Color color) throws IOException {
        BufferedImage image = new BufferedImage(1280, 720, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, 1280, 720);
        g.dispose();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        return InputImage.of("frame.png", png.toByteArray());
    }

    // ------------------------------------------------------------------ the adapter

    @Test
    void aTextRequestRunsThroughTheQueueToAVideoFetchedFromTheCdnWithoutTheKey() throws IOException {
        String prompt = Fixtures.unique("A red kite over green hills");
        RemoteVideo first = fal.create(new CreateVideo(VEO, prompt, "1280x720", 6, Optional.empty(), false)).value();
        assertEquals(VideoStatus.QUEUED, first.status());
        assertThat(first.id()).as("owner/app and the request id: status URLs drop the sub-path").startsWith("fal-ai/veo3.1:");

        RemoteVideo done = awaitTerminal(first.id());
        assertEquals(VideoStatus.COMPLETED, done.status(), done.errorCode() + ": " + done.errorMessage());
        assertThat(done.resultUrl()).contains("/sim/fal/cdn/" + requestId(first.id()));
        try (VideoContent content = fal.download(done.result(), Variant.VIDEO).value(); InputStream in = content.body()) {
            byte[] head = in.readNBytes(ContentKind.HEAD_BYTES);
            assertEquals(ContentKind.MP4, ContentKind.of(head, head.length));
        }
        assertThat(admin("fetches")).filteredOn(f -> String.valueOf(f.get("path")).contains(requestId(first.id())))
                .as("the CDN was fetched, never with the key").isNotEmpty()
                .allSatisfy(f -> assertEquals(false, f.get("authorization")));
    }

    @Test
    void aFirstFrameGoesToTheImageEndpointUploadedForVeoAndInlineForKling() throws IOException {
        RemoteVideo veo = fal.create(new CreateVideo(VEO, "The red wall crumbles", "1280x720", 4, png(Color.RED), false))
                .value();
        assertEquals(VideoStatus.COMPLETED, awaitTerminal(veo.id()).status(), "fal-ai/veo3.1/image-to-video");
        assertThat(admin("fetches")).as("uploaded to fal's storage first, without the key on the upload URL")
                .anySatisfy(f -> assertThat(String.valueOf(f.get("path"))).contains("/rest/storage/upload/put/"))
                .allSatisfy(f -> assertEquals(false, f.get("authorization")));

        RemoteVideo kling = fal.create(new CreateVideo(KLING, "The blue sea rises", "1920x1080", 5, png(Color.BLUE), true))
                .value();
        assertThat(kling.id()).startsWith("fal-ai/kling-video:");
        RemoteVideo done = awaitTerminal(kling.id());
        assertEquals(VideoStatus.COMPLETED, done.status(), done.errorCode() + ": " + done.errorMessage());
    }

    @Test
    void requestsBeyondTheConcurrencyWaitInTheQueue() {
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ids.add(fal.create(new CreateVideo(VEO, Fixtures.unique("queued " + i), "1280x720", 4, Optional.empty(), false))
                    .value().id());
        }
        String last = ids.get(7);
        assertEquals(VideoStatus.QUEUED, fal.retrieve(last).value().status(), "six ahead of it, two at a time");
        JsonPath status = RestAssured.given().header("Authorization", KEY)
                .get("/sim/fal/queue/fal-ai/veo3.1/requests/" + requestId(last) + "/status").then().statusCode(202)
                .extract().jsonPath();
        assertEquals("IN_QUEUE", status.getString("status"));
        assertThat(status.getInt("queue_position")).isGreaterThanOrEqualTo(1);
        ids.forEach(id -> assertEquals(VideoStatus.COMPLETED, awaitTerminal(id).status()));
    }

    @Test
    void theResultCallsErrorsAreTheJobsErrors() {
        RemoteVideo flagged = fal.create(new CreateVideo(VEO, "a bloodbath moderation-trigger", "1280x720", 4,
                Optional.empty(), false)).value();
        RemoteVideo refused = awaitTerminal(flagged.id());
        assertEquals(VideoStatus.FAILED, refused.status());
        assertEquals("moderation_blocked", refused.errorCode(), "422 content_policy_violation");

        RemoteVideo odd = fal.create(new CreateVideo(VEO, "seven seconds", "1280x720", 7, Optional.empty(), false)).value();
        RemoteVideo invalid = awaitTerminal(odd.id());
        assertEquals(VideoStatus.FAILED, invalid.status());
        assertEquals("invalid_request", invalid.errorCode());
        assertThat(invalid.errorMessage()).as("Veo takes the string \"8s\"").contains("'4s', '6s', '8s'");

        ProviderError unmapped = fal.create(new CreateVideo("someone/else", "any", "1280x720", 4, Optional.empty(), false))
                .error();
        assertEquals(ProviderError.Kind.INVALID_REQUEST, unmapped.kind());
    }

    @Test
    void retryableRunnerErrorsAreRetried() {
        faults(Map.of("falRetryableNext", 2));
        ProviderResult<RemoteVideo> created = fal.create(new CreateVideo(VEO, Fixtures.unique("hiccup"), "1280x720", 4,
                Optional.empty(), false));
        assertTrue(created.isOk(), () -> "created after two X-Fal-Retryable answers: " + created);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> RestAssured.given().header("Authorization", KEY)
                .get("/sim/fal/queue/fal-ai/veo3.1/requests/" + requestId(created.value().id()) + "/status")
                .statusCode() == 200);
        faults(Map.of("falRetryableNext", 2));
        RemoteVideo done = fal.retrieve(created.value().id()).value();
        assertEquals(VideoStatus.COMPLETED, done.status(), "the result call was retried");
    }

    @Test
    void throttlingIsRetriedAfterTheHint() {
        faults(Map.of("rateLimitNext", 2, "retryAfterMs", 1000));
        long started = System.nanoTime();
        ProviderResult<RemoteVideo> created = fal.create(new CreateVideo(VEO, Fixtures.unique("throttled"), "1280x720", 4,
                Optional.empty(), false));
        assertTrue(created.isOk(), () -> "created after the throttling: " + created);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));

        faults(Map.of("rateLimitNext", 50, "retryAfterMs", 40_000));
        ProviderError limited = fal.create(new CreateVideo(VEO, "limited", "1280x720", 4, Optional.empty(), false)).error();
        assertEquals(ProviderError.Kind.RATE_LIMITED, limited.kind());
        assertEquals(Duration.ofSeconds(40), limited.retryAfter(), "Retry-After beyond the retry budget, passed on");
    }

    @Test
    void aRequestCanBeCanceledAndIdsCannotCarryAPath() {
        RemoteVideo created = fal.create(new CreateVideo(VEO, Fixtures.unique("to cancel"), "1280x720", 8,
                Optional.empty(), false)).value();
        assertTrue(fal.cancel(created.id()).value());
        RemoteVideo canceled = awaitTerminal(created.id());
        assertEquals(VideoStatus.FAILED, canceled.status());
        assertEquals("canceled", canceled.errorCode());

        for (String bad : List.of("fal-ai/../admin:x", "fal-ai/veo3.1:abc/../../x", "fal-ai/veo3.1:a?b=c", "x")) {
            assertEquals(ProviderError.Kind.NOT_FOUND, fal.retrieve(bad).error().kind(), bad);
            assertEquals(ProviderError.Kind.NOT_FOUND, fal.cancel(bad).error().kind(), bad);
        }
    }

    // ------------------------------------------------------------------ through the pipeline

    private Team team() {
        Team team = fixtures.team("fal", Tier.PRO);
        settings.update(team.id, new BudgetSettings.Form("1000", "1", "HARD", "0", "", "50,75,90,100"));
        fixtures.teamsCustomLimits(team.id, 1000, 100000);
        return team;
    }

    private JobView submit(Team team, String model, String size, int seconds, String prompt, Optional<InputImage> image,
            boolean audio) {
        long member = fixtures.personIn(team, "m", TeamRole.MEMBER);
        var result = generation.submit(GenerationService.Request.of(team.id, member, "fal", model, size, seconds,
                prompt).withImage(image).withAudio(audio));
        assertThat(result).isInstanceOf(GenerationService.Queued.class);
        return ((GenerationService.Queued) result).job();
    }

    private VideoJob awaitJob(long id) {
        Awaitility.await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(50))
                .until(() -> jobs.find(id).orElseThrow().state.terminal());
        return jobs.find(id).orElseThrow();
    }

    @Test
    void aJobIsCompletedByItsSignedWebhookAndChargedTheCatalogPrice() {
        Team team = team();
        VideoJob done = awaitJob(submit(team, VEO, "1280x720", 4, Fixtures.unique("A lantern festival"), Optional.empty(),
                true).id());
        assertEquals(JobState.COMPLETED, done.state, done.errorCode + ": " + done.errorMessage);
        assertEquals(1, done.polls, "the webhook said it was done; one read learned the video URL");
        assertEquals(Money.parse("1.60"), Money.ofMicros(done.chargedMicros), "4 s with sound at $0.40/s");
        assertThat(answers(requestId(done.providerVideoId))).contains(200);
        assertThat(jobs.assets(done.id)).extracting(a -> a.variant().apiName()).contains("video");
    }

    @Test
    void withoutWebhooksAFirstFrameJobIsPolledToTheEnd() throws IOException {
        faults(Map.of("webhookDrop", true));
        Team team = team();
        VideoJob done = awaitJob(submit(team, KLING, "1920x1080", 5, Fixtures.unique("A kite from a photo"),
                png(Color.GREEN), false).id());
        assertEquals(JobState.COMPLETED, done.state, done.errorCode + ": " + done.errorMessage);
        assertThat(done.polls).isGreaterThanOrEqualTo(1);
        assertEquals(Money.parse("1.00"), Money.ofMicros(done.chargedMicros), "5 s without sound at $0.20/s");
        assertThat(store.list("teams/" + team.id + "/videos/" + done.id + "/")).isNotEmpty();
    }

    @Test
    void aRefusedVideoIsNotCharged() {
        Team team = team();
        VideoJob done = awaitJob(submit(team, VEO, "1280x720", 4, "gore moderation-trigger " + Fixtures.unique("x"),
                Optional.empty(), false).id());
        assertEquals(JobState.FAILED, done.state);
        assertEquals("moderation_blocked", done.errorCode);
        assertEquals(0L, done.chargedMicros == null ? 0L : done.chargedMicros.longValue(), "fal bills successful outputs only");
        assertEquals(Money.ZERO, ledger.balance(team.id, clock.instant()).reserved());
    }

    // ------------------------------------------------------------------ webhook verification

    private String webhookedRequest(String what) {
        RemoteVideo created = fal.create(new CreateVideo(VEO, Fixtures.unique(what), "1280x720", 4, Optional.empty(),
                false)).value();
        String id = requestId(created.id());
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !answers(id).isEmpty());
        return id;
    }

    @Test
    void forgedAndStaleWebhooksAreRefusedAndDuplicatesStoredOnce() {
        faults(Map.of("falWebhookForged", true));
        String forged = webhookedRequest("forged");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> answers(forged).size() >= 2);
        assertThat(answers(forged)).as("signed by a key not in the JWKS, and retried").containsOnly(401);

        faults(Map.of("falWebhookStale", true));
        String stale = webhookedRequest("stale");
        assertThat(answers(stale)).containsOnly(401);

        faults(Map.of("webhookDuplicate", true));
        String twice = webhookedRequest("twice");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> answers(twice).size() >= 2);
        assertThat(answers(twice)).containsOnly(200);
        Number stored = QuarkusTransaction.requiringNew().call(() -> (Number) em.createNativeQuery(
                "select count(*) from webhook_event where provider = 'fal' and video_id like ?1")
                .setParameter(1, "%:" + twice).getSingleResult());
        assertEquals(1, stored.intValue(), "deduplicated by the request id");
    }

    @Test
    void aRotatedJwksKeyIsPickedUp() {
        assertThat(answers(webhookedRequest("before rotation"))).containsOnly(200);
        RestAssured.given().header("Authorization", ADMIN).post("/sim/fal/admin/rotate-key").then().statusCode(200);
        assertThat(answers(webhookedRequest("after rotation"))).as("the new key is fetched when the cached one fails")
                .containsOnly(200);
    }
}
