package io.reelgate.provider.openrouter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.imageio.ImageIO;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;


import io.micrometer.core.instrument.MeterRegistry;
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
import io.reelgate.provider.Capabilities;
import io.reelgate.provider.CreateVideo;
import io.reelgate.provider.InputImage;
import io.reelgate.provider.ProviderError;
import io.reelgate.provider.ProviderResult;
import io.reelgate.provider.Providers;
import io.reelgate.provider.RemoteVideo;
import io.reelgate.provider.Variant;
import io.reelgate.provider.VideoContent;
import io.reelgate.provider.VideoStatus;
import io.reelgate.team.Team;
import io.reelgate.team.TeamRole;
import io.reelgate.team.Tier;
import io.reelgate.testing.Fixtures;
import io.reelgate.testing.PipelineDrain;
import io.reelgate.testing.TestClock;
import io.restassured.RestAssured;

/**
 * The OpenRouter adapter against the simulated OpenRouter video API over HTTP and through the real
 * pipeline: text and first-frame jobs of two models, webhook and polling completion, the cost
 * OpenRouter reports, 402 and 429, jobs that fail, are cancelled or expire, webhook signatures,
 * status URLs on the API's own host only ({@link OpenRouterSignedUrlTest} for another host), and
 * the models list.
 */
@QuarkusTest
class OpenRouterOverHttpTest {

    static final String WAN = "alibaba/wan-2.6";
    static final String KLING = "kwaivgi/kling-v3.0-std";
    static final String ADMIN = "Bearer sk-sim-reelgate-dev";
    static final String SECRET = "openrouter-simulator-dev-secret";

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
    MeterRegistry metrics;

    OpenRouterVideoProvider openRouter;

    @BeforeEach
    void provider() {
        openRouter = (OpenRouterVideoProvider) providers.get("openrouter");
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
            last[0] = openRouter.retrieve(id).value();
            return last[0].status().terminal();
        });
        return last[0];
    }

    private RemoteVideo created(String model, String prompt, String size, int seconds) {
        ProviderResult<RemoteVideo> created = openRouter.create(new CreateVideo(model, prompt, size, seconds,
                Optional.empty(), false));
        assertTrue(created.isOk(), () -> "create: " + created);
        return created.value();
    }

    // ------------------------------------------------------------------ the adapter over HTTP

    @Test
    void declaresWhatOpenRouterCanDo() {
        Capabilities c = openRouter.capabilities();
        assertEquals(Capabilities.WebhookSigning.OWN, c.webhooks());
        assertThat(c.remix() || c.list() || c.cancel() || c.delete()).as("no remix, list, cancel or delete").isFalse();
        assertTrue(c.imageInput().supported(), "first frame");
        assertTrue(c.audio());
        assertEquals(Capabilities.Delivery.DOWNLOAD_ENDPOINT, c.delivery());
        assertTrue(providers.webhooks("openrouter"), "simulated with a secret: webhooks reach this Reelgate");
    }

    @Test
    void theReportedCostArrivesBelowAtOrAboveTheListPrice() {
        // Wan 2.6 at 720p lists $0.04/s: 5 s cost $0.20
        RemoteVideo below = created(WAN, Fixtures.unique("A quiet lake bill-below"), "1280x720", 5);
        RemoteVideo equal = created(WAN, Fixtures.unique("A quiet lake"), "1280x720", 5);
        RemoteVideo above = created(WAN, Fixtures.unique("A quiet lake bill-above"), "1280x720", 5);
        RemoteVideo unknown = created(WAN, Fixtures.unique("A quiet lake bill-unknown"), "1280x720", 5);
        assertEquals(VideoStatus.QUEUED, equal.status(), "pending");
        assertNull(equal.billedMicros(), "nothing billed before it is done");

        assertEquals(100_000L, awaitTerminal(below.id()).billedMicros(), "half the list price");
        assertEquals(200_000L, awaitTerminal(equal.id()).billedMicros(), "the list price");
        assertEquals(300_000L, awaitTerminal(above.id()).billedMicros(), "one and a half times the list price");
        RemoteVideo none = awaitTerminal(unknown.id());
        assertEquals(VideoStatus.COMPLETED, none.status());
        assertNull(none.billedMicros(), "usage.cost null: no cost reported");
        assertEquals(123_457L, OpenRouterVideoProvider.micros(new BigDecimal("0.1234565")), "rounded half up");
        assertEquals(84_000L, OpenRouterVideoProvider.micros(new BigDecimal("0.084")), "exact");
    }

    @Test
    void aFinishedVideoIsFetchedFromTheContentEndpoint() throws IOException {
        RemoteVideo done = awaitTerminal(created(KLING, Fixtures.unique("A paper boat"), "720x1280", 5).id());
        assertEquals(VideoStatus.COMPLETED, done.status());
        assertNull(done.resultUrl(), "signed URLs only when configured");
        try (VideoContent content = openRouter.download(done.result(), Variant.VIDEO).value();
                InputStream in = content.body()) {
            byte[] head = in.readNBytes(ContentKind.HEAD_BYTES);
            assertEquals(ContentKind.MP4, ContentKind.of(head, head.length));
        }
        assertEquals(ProviderError.Kind.UNSUPPORTED, openRouter.download(done.result(), Variant.THUMBNAIL).error().kind());
    }

    @Test
    void valuesOutsideTheModelsSetsAreRefusedAsInvalid() {
        ProviderError invalid = openRouter.create(new CreateVideo(WAN, "any", "1280x720", 7, Optional.empty(), false))
                .error();
        assertEquals(ProviderError.Kind.INVALID_REQUEST, invalid.kind());
        assertEquals(400, invalid.httpStatus());
        assertThat(invalid.message()).contains("supported_durations");
    }

    @Test
    void outOfCreditsIsItsOwnCode() {
        ProviderError refused = openRouter.create(new CreateVideo(WAN, "a meadow out-of-credits", "1280x720", 5,
                Optional.empty(), false)).error();
        assertEquals("insufficient_credits", refused.code());
        assertEquals(402, refused.httpStatus());
        assertEquals(ProviderError.Kind.OTHER, refused.kind(), "not retried: an operator must top up");
        assertThat(refused.message()).contains("Insufficient credits");
    }

    @Test
    void rateLimitsAreRetriedAfterTheHint() {
        faults(Map.of("rateLimitNext", 2, "retryAfterMs", 1000));
        long started = System.nanoTime();
        created(WAN, Fixtures.unique("throttled"), "1280x720", 5);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("waited at least the hinted second twice")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(2));

        faults(Map.of("rateLimitNext", 50, "retryAfterMs", 40_000));
        ProviderError limited = openRouter.create(new CreateVideo(WAN, "limited", "1280x720", 5, Optional.empty(), false))
                .error();
        assertEquals(ProviderError.Kind.RATE_LIMITED, limited.kind());
        assertEquals(Duration.ofSeconds(40), limited.retryAfter(), "Retry-After beyond the retry budget, passed on");

        Instant now = Instant.parse("2026-12-07T10:00:00Z");
        assertEquals(Duration.ofMillis(1500), RateLimitHints.reset(Optional.of(Long.toString(now.toEpochMilli() + 1500)),
                now), "X-RateLimit-Reset as Unix milliseconds");
        assertEquals(Duration.ofSeconds(3), RateLimitHints.reset(Optional.of("3"), now), "or as seconds to wait");
    }

    @Test
    void aRelativePollingUrlIsResolvedAgainstTheApiHost() {
        RemoteVideo job = created(WAN, Fixtures.unique("polled"), "1280x720", 5);
        String status = openRouter.statusUri(job.id()).toString();
        assertThat(status).as("the simulator's host-relative polling_url on its own host")
                .endsWith("/sim/openrouter/api/v1/videos/" + job.id()).startsWith("http://");
        assertEquals(VideoStatus.COMPLETED, awaitTerminal(job.id()).status());
    }

    @Test
    void theModelsListIsReadWithExactPrices() {
        List<OpenRouterVideoModel> models = openRouter.models().value();
        OpenRouterVideoModel wan = models.stream().filter(m -> m.id().equals(WAN)).findFirst().orElseThrow();
        assertEquals(List.of(5, 10), wan.supportedDurations());
        assertEquals(List.of("720p"), wan.supportedResolutions());
        assertThat(wan.supportedAspectRatios()).containsExactly("16:9", "9:16");
        assertTrue(wan.firstFrame());
        assertEquals(0, new BigDecimal("0.04").compareTo(wan.pricingSkus().get("duration_seconds_720p")));

        OpenRouterVideoModel odd = OpenRouterVideoModel.of(new ApiVideoJob.Model("x/y", null, null, null, null, null, null,
                Map.of("per_token", "7e-6", "broken", "n/a")));
        assertEquals(0, new BigDecimal("0.000007").compareTo(odd.pricingSkus().get("per_token")));
        assertEquals(List.of("broken"), odd.unreadablePrices(), "an unreadable price is named, not guessed");
        assertEquals(List.of(), odd.supportedDurations());
    }

    // ------------------------------------------------------------------ through the pipeline

    private Team team() {
        Team team = fixtures.team("or", Tier.PRO);
        settings.update(team.id, new BudgetSettings.Form("1000", "1", "HARD", "0", "", "50,75,90,100"));
        fixtures.teamsCustomLimits(team.id, 1000, 100000);
        return team;
    }

    private JobView submit(Team team, String model, String size, int seconds, String prompt, Optional<InputImage> image) {
        long member = fixtures.personIn(team, "m", TeamRole.MEMBER);
        var result = generation.submit(GenerationService.Request.of(team.id, member, "openrouter", model, size,
                seconds, prompt).withImage(image));
        assertThat(result).isInstanceOf(GenerationService.Queued.class);
        return ((GenerationService.Queued) result).job();
    }

    private VideoJob awaitJob(long id) {
        Awaitility.await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(50))
                .until(() -> jobs.find(id).orElseThrow().state.terminal());
        return jobs.find(id).orElseThrow();
    }

    private double webhooks(String result, String reason) {
        return metrics.counter("reelgate.webhooks", "result", result, "reason", reason).count();
    }

    private static byte[] png() throws IOException {
        BufferedImage image = new BufferedImage(720, 1280, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(30, 90, 200));
        g.fillRect(0, 0, 720, 1280);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    @Test
    void textAndFirstFrameJobsOfTwoModelsCompleteByWebhookAndAreStored() throws IOException {
        Team team = team();
        JobView text = submit(team, WAN, "1280x720", 5, Fixtures.unique("A lantern festival"), Optional.empty());
        JobView framed = submit(team, KLING, "720x1280", 5, Fixtures.unique("The blue wall opens"),
                InputImage.of("blue.png", png()));
        for (JobView job : List.of(text, framed)) {
            VideoJob done = awaitJob(job.id());
            assertEquals(JobState.COMPLETED, done.state, done.errorCode + ": " + done.errorMessage);
            assertEquals(1, done.polls, "the signed webhook said it was done; one status read for the bill, then the content");
            assertThat(done.billedMicros).as("the bill reached the job").isNotNull();
            assertThat(jobs.assets(done.id)).extracting(a -> a.variant().apiName() + ":" + a.origin)
                    .contains("video:PROVIDER");
        }
    }

    @Test
    void aJobWhoseWebhookIsLostIsFinishedByPolling() {
        faults(Map.of("webhookDrop", true));
        VideoJob done = awaitJob(submit(team(), WAN, "720x1280", 5, Fixtures.unique("A lost letter"), Optional.empty()).id());
        assertEquals(JobState.COMPLETED, done.state, done.errorCode + ": " + done.errorMessage);
        assertThat(done.polls).as("found done by polling").isGreaterThanOrEqualTo(1);
    }

    @Test
    void outOfCreditsFailsTheJobCleanlyWithNothingCharged() {
        faults(Map.of("paymentRequiredNext", 1));
        Team team = team();
        VideoJob done = awaitJob(submit(team, WAN, "1280x720", 5, Fixtures.unique("A meadow"), Optional.empty()).id());
        assertEquals(JobState.FAILED, done.state);
        assertEquals("insufficient_credits", done.errorCode);
        assertEquals(0L, done.chargedMicros);
        assertEquals(Money.ZERO, ledger.balance(team.id, clock.instant()).reserved(), "the reservation is released");
    }

    @Test
    void failedCancelledAndExpiredJobsEndTerminalWithNothingCharged() {
        Team team = team();
        Map<String, String> codes = Map.of("a storm moderation-trigger", "moderation_blocked",
                "a storm job-cancelled-trigger", "canceled", "a storm job-expired-trigger", "job_expired");
        Map<Long, String> expected = new java.util.HashMap<>();
        codes.forEach((prompt, code) -> expected.put(submit(team, WAN, "1280x720", 5, Fixtures.unique(prompt),
                Optional.empty()).id(), code));
        expected.forEach((id, code) -> {
            VideoJob done = awaitJob(id);
            assertEquals(JobState.FAILED, done.state, "job " + id);
            assertEquals(code, done.errorCode, "job " + id);
            assertEquals(0L, done.chargedMicros, "nothing charged for " + code);
        });
        assertEquals(Money.ZERO, ledger.balance(team.id, clock.instant()).reserved());
        assertThat(ledger.reconcile().balanced()).isTrue();
    }

    @Test
    void forgedAndStaleDeliveriesFromTheSimulatorAreRefusedAndTheJobIsPolled() {
        double forged = webhooks("refused", "bad_signature");
        double stale = webhooks("refused", "too_old");
        faults(Map.of("webhookForge", true));
        VideoJob one = awaitJob(submit(team(), WAN, "1280x720", 5, Fixtures.unique("A forged note"), Optional.empty()).id());
        faults(Map.of("webhookStale", true));
        VideoJob two = awaitJob(submit(team(), WAN, "1280x720", 5, Fixtures.unique("A stale note"), Optional.empty()).id());
        assertEquals(JobState.COMPLETED, one.state);
        assertEquals(JobState.COMPLETED, two.state);
        assertThat(one.polls).as("the forged signal was ignored").isGreaterThanOrEqualTo(1);
        assertThat(webhooks("refused", "bad_signature")).isGreaterThan(forged);
        assertThat(webhooks("refused", "too_old")).isGreaterThan(stale);
    }

    @Test
    void duplicatedDeliveriesAreDeduplicatedByTheIdempotencyKey() {
        double duplicates = webhooks("duplicate", "video.completed");
        faults(Map.of("webhookDuplicate", true));
        VideoJob done = awaitJob(submit(team(), WAN, "1280x720", 5, Fixtures.unique("Twice told"), Optional.empty()).id());
        assertEquals(JobState.COMPLETED, done.state);
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> webhooks("duplicate", "video.completed") > duplicates);
    }

    // ------------------------------------------------------------------ webhook verification

    private int deliver(String secret, long timestamp, String key, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        var request = RestAssured.given().contentType("application/json").body(bytes);
        if (secret != null) {
            request = request.header(OpenRouterSignature.HEADER, OpenRouterSignature.header(secret, timestamp, bytes));
        }
        if (key != null) {
            request = request.header(OpenRouterSignature.IDEMPOTENCY_HEADER, key);
        }
        return request.post("/webhooks/openrouter").then().extract().statusCode();
    }

    @Test
    void webhooksAreCheckedByTheAdapter() {
        String id = Fixtures.unique("vgen");
        String body = "{\"type\":\"video.generation.completed\",\"created_at\":\"" + Instant.now() + "\","
                + "\"data\":{\"id\":\"" + id + "\",\"status\":\"completed\",\"usage\":{\"cost\":0.2}}}";
        long now = Instant.now().getEpochSecond();
        double duplicates = webhooks("duplicate", "video.completed");
        assertEquals(200, deliver(SECRET, now, id + "-completed", body), "signed with the workspace secret");
        assertEquals(200, deliver(SECRET, now, id + "-completed", body), "a retry is answered 200...");
        assertEquals(duplicates + 1, webhooks("duplicate", "video.completed"), "...and stored once");
        assertEquals(401, deliver("someone-else", now, id + "-completed", body), "forged");
        assertEquals(401, deliver(SECRET, now - 600, id + "-completed", body), "stale");
        assertEquals(401, deliver(SECRET, now + 600, id + "-completed", body), "from the future");
        assertEquals(400, deliver(null, now, id + "-completed", body), "unsigned");
        assertEquals(400, deliver(SECRET, now, "k-" + id, "not json"), "not an event");
        assertEquals(200, deliver(SECRET, now, null, body.replace("completed", "expired")),
                "without the key header the job id and status stand in");
    }
}
