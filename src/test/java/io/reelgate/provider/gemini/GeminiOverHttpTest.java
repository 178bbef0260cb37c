package io.reelgate.provider.gemini;

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
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.imageio.ImageIO;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.budget.BudgetSettings;
import io.reelgate.testing.PipelineDrain;
import io.reelgate.budget.Ledger;
import io.reelgate.budget.Money;
import io.reelgate.videos.Failures;
import io.reelgate.generation.GenerationService;
import io.reelgate.generation.JobState;
import io.reelgate.generation.JobStore;
import io.reelgate.generation.VideoJob;
import io.reelgate.media.ContentKind;
import io.reelgate.provider.CreateVideo;
import io.reelgate.provider.InputImage;
import io.reelgate.provider.ProviderError;
import io.reelgate.provider.ProviderResult;
import io.reelgate.provider.Providers;
import io.reelgate.provider.RemoteVideo;
import io.reelgate.provider.ResultRef;
import io.reelgate.provider.StandardWebhooks;
import io.reelgate.provider.Variant;
import io.reelgate.provider.VideoContent;
import io.reelgate.provider.VideoProvider;
import io.reelgate.provider.VideoStatus;
import io.reelgate.team.Team;
import io.reelgate.team.TeamRole;
import io.reelgate.team.Tier;
import io.reelgate.testing.Fixtures;
import io.reelgate.testing.TestClock;
import io.restassured.RestAssured;

/**
 * The Gemini API (Veo) adapter against the simulated Gemini API over HTTP: operations created with
 * a numeric {@code durationSeconds} and polled until done, the video fetched with the key (and never
 * with it from another host) or inline, the safety filter as a refusal with its reasons, an error
 * result, {@code RESOURCE_EXHAUSTED} honouring {@code RetryInfo}, a retired model, static
 * {@code video.generated} webhooks, and the provider's own moderation charge policy.
 */
@QuarkusTest
class GeminiOverHttpTest {

    @Inject
    PipelineDrain drain;

    static final String VEO = "veo-3.1-fast-generate-preview";
    static final String ADMIN = "Bearer sk-sim-reelgate-dev";
    static final String SECRET = "whsec_Z2VtaW5pLXNpbXVsYXRvci1kZXYtc2VjcmV0LTAwMDE=";

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

    VideoProvider veo;

    @BeforeEach
    void provider() {
        veo = providers.get("veo");
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

    private RemoteVideo awaitDone(String id) {
        RemoteVideo[] last = new RemoteVideo[1];
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            last[0] = veo.retrieve(id).value();
            return last[0].status().terminal();
        });
        return last[0];
    }

    private static byte[] head(VideoContent content) throws IOException {
        try (InputStream in = content.body()) {
            return in.readNBytes(ContentKind.HEAD_BYTES);
        }
    }

    @Test
    void anOperationRunsToAVideoFetchedWithTheKey() throws IOException {
        ProviderResult<RemoteVideo> created = veo.create(new CreateVideo(VEO, Fixtures.unique("A kite over dunes"),
                "1920x1080", 6, Optional.empty(), true, "text on screen"));
        assertTrue(created.isOk(), () -> "create: " + created);
        assertThat(created.value().id()).startsWith("models/" + VEO + "/operations/");
        assertEquals(VideoStatus.IN_PROGRESS, created.value().status(), "not done yet");

        RemoteVideo done = awaitDone(created.value().id());
        assertEquals(VideoStatus.COMPLETED, done.status());
        assertThat(done.resultUrl()).contains(":download?alt=media");
        byte[] head = head(veo.download(done.result(), Variant.VIDEO).value());
        assertEquals(ContentKind.MP4, ContentKind.of(head, head.length));
    }

    @Test
    void aFirstFrameTravelsInlineAsBase64() throws IOException {
        BufferedImage image = new BufferedImage(720, 1280, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(20, 120, 200));
        g.fillRect(0, 0, 720, 1280);
        g.dispose();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        RemoteVideo created = veo.create(new CreateVideo(VEO, "The blue sky opens", "720x1280", 4,
                InputImage.of("sky.png", png.toByteArray()))).value();
        assertEquals(VideoStatus.COMPLETED, awaitDone(created.id()).status());
    }

    @Test
    void anInlineVideoIsDownloadedFromTheOperationItself() throws IOException {
        RemoteVideo created = veo.create(new CreateVideo(VEO, "inline-video of a small boat", "1280x720", 4,
                Optional.empty())).value();
        RemoteVideo done = awaitDone(created.id());
        assertEquals(VideoStatus.COMPLETED, done.status());
        assertNull(done.resultUrl(), "no URI: the bytes are in the operation");
        byte[] head = head(veo.download(done.result(), Variant.VIDEO).value());
        assertEquals(ContentKind.MP4, ContentKind.of(head, head.length));
    }

    @Test
    void theKeyIsNeverSentToAnotherHost() throws IOException {
        List<String> keys = new CopyOnWriteArrayList<>();
        HttpServer elsewhere = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        elsewhere.createContext("/", exchange -> {
            keys.add(String.valueOf(exchange.getRequestHeaders().getFirst("x-goog-api-key")));
            byte[] body = "not a video".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        elsewhere.start();
        try {
            String url = "http://localhost:" + elsewhere.getAddress().getPort() + "/files/x:download";
            head(veo.download(new ResultRef("models/m/operations/x", url), Variant.VIDEO).value());
            assertEquals(List.of("null"), keys, "the API key stays with the API's own host");
        } finally {
            elsewhere.stop(0);
        }
    }

    @Test
    void failuresComeBackAsGoogleReportsThem() {
        RemoteVideo filtered = awaitDone(veo.create(new CreateVideo(VEO, "a bloodbath moderation-trigger", "1280x720", 4,
                Optional.empty())).value().id());
        assertEquals(VideoStatus.FAILED, filtered.status());
        assertEquals("moderation_blocked", filtered.errorCode(), "RAI-filtered: a content refusal");
        assertThat(filtered.errorMessage()).contains("Responsible AI practices");

        RemoteVideo broken = awaitDone(veo.create(new CreateVideo(VEO, "operation-error-trigger", "1280x720", 4,
                Optional.empty())).value().id());
        assertEquals(VideoStatus.FAILED, broken.status());
        assertEquals("internal", broken.errorCode());
        assertEquals("Internal error encountered.", broken.errorMessage());

        ProviderError retired = veo.create(new CreateVideo("veo-2.0-generate-001", "any", "1280x720", 5,
                Optional.empty())).error();
        assertEquals("model_retired", retired.code());
        assertThat(retired.message()).contains("no longer available");

        ProviderError invalid = veo.create(new CreateVideo(VEO, "any", "1280x720", 7, Optional.empty())).error();
        assertEquals(ProviderError.Kind.INVALID_REQUEST, invalid.kind());
    }

    @Test
    void resourceExhaustedIsRetriedAfterTheRetryInfoDelay() {
        faults(Map.of("rateLimitNext", 2, "retryAfterMs", 1000));
        long started = System.nanoTime();
        ProviderResult<RemoteVideo> created = veo.create(new CreateVideo(VEO, Fixtures.unique("exhausted"), "1280x720", 4,
                Optional.empty()));
        assertTrue(created.isOk(), () -> "created after the quota came back: " + created);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));

        faults(Map.of("rateLimitNext", 50, "retryAfterMs", 40_000));
        ProviderError limited = veo.create(new CreateVideo(VEO, "limited", "1280x720", 4, Optional.empty())).error();
        assertEquals(ProviderError.Kind.RATE_LIMITED, limited.kind());
        assertEquals("resource_exhausted", limited.code());
        assertEquals(Duration.ofSeconds(40), limited.retryAfter(),
                "the RetryInfo delay (longer than the retry budget: passed on at once)");
    }

    // ------------------------------------------------------------------ through the pipeline

    private Team team() {
        Team team = fixtures.team("veo", Tier.PRO);
        settings.update(team.id, new BudgetSettings.Form("1000", "1", "HARD", "0", "", "50,75,90,100"));
        fixtures.teamsCustomLimits(team.id, 1000, 100000);
        return team;
    }

    private VideoJob run(Team team, String model, String size, int seconds, String prompt) {
        long member = fixtures.personIn(team, "m", TeamRole.MEMBER);
        var result = generation.submit(GenerationService.Request.of(team.id, member, "veo", model, size, seconds,
                prompt));
        assertThat(result).isInstanceOf(GenerationService.Queued.class);
        long id = ((GenerationService.Queued) result).job().id();
        Awaitility.await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(50))
                .until(() -> jobs.find(id).orElseThrow().state.terminal());
        return jobs.find(id).orElseThrow();
    }

    @Test
    void aJobIsTrackedByItsStaticWebhookAndChargedAtTheResolutionsPrice() {
        VideoJob done = run(team(), VEO, "1920x1080", 8, Fixtures.unique("A harbour at dawn"));
        assertEquals(JobState.COMPLETED, done.state, done.errorCode + ": " + done.errorMessage);
        assertEquals(1, done.polls, "video.generated said it was done; one read learned the URI");
        assertEquals(Money.parse("0.96"), Money.ofMicros(done.chargedMicros), "8 s at 1080p, $0.12/s");
        assertThat(jobs.assets(done.id)).extracting(a -> a.variant().apiName() + ":" + a.origin)
                .containsExactlyInAnyOrder("video:PROVIDER", "thumbnail:DERIVED", "spritesheet:DERIVED");
    }

    @Test
    void aFilteredVideoIsARefusalWithItsReasonsChargedAsThisProviderBills() {
        Team team = team();
        VideoJob filtered = run(team, VEO, "1280x720", 4, "a moderation-trigger " + Fixtures.unique("f"));
        assertEquals(JobState.FAILED, filtered.state);
        assertEquals("moderation_blocked", filtered.errorCode);
        assertEquals(0L, filtered.chargedMicros, "this provider's policy: filtered Veo outputs are not charged");
        Failures.Explanation explanation = Failures.explain(filtered.errorCode, filtered.errorMessage, Money.ZERO, false,
                providers.label("veo"));
        assertThat(explanation.detail()).contains("Responsible AI practices").contains("Nothing was charged");
        assertEquals(Money.ZERO, ledger.balance(team.id, clock.instant()).reserved());
    }

    @Test
    void aRetiredModelFailsTheJobSayingSoAndCostsNothing() {
        VideoJob job = run(team(), "veo-2.0-generate-001", "1280x720", 5, Fixtures.unique("old model"));
        assertEquals(JobState.FAILED, job.state);
        assertEquals("model_retired", job.errorCode);
        assertEquals(0L, job.chargedMicros);
        assertEquals("The model is no longer available", Failures.explain(job.errorCode, job.errorMessage, Money.ZERO,
                false, "Google Veo").title());
    }

    @Test
    void aVeoVideoReachesTheGalleryWithItsPreviewsAndPlaysFromAShareLink() {
        Team team = team();
        io.reelgate.testing.Session member = fixtures.memberOf(team, "vera", TeamRole.MEMBER);
        var result = generation.submit(GenerationService.Request.of(team.id, fixtures.userId(member), "veo", VEO,
                "720x1280", 4, "A red kite over dunes " + Fixtures.unique("k")));
        long id = ((GenerationService.Queued) result).job().id();
        Awaitility.await().atMost(Duration.ofSeconds(45)).until(() -> jobs.find(id).orElseThrow().state.terminal());
        assertEquals(JobState.COMPLETED, jobs.find(id).orElseThrow().state);

        org.jsoup.nodes.Document gallery = org.jsoup.Jsoup.parse(member.given().get("/t/" + team.slug + "/gallery")
                .then().statusCode(200).extract().asString());
        org.jsoup.nodes.Element card = gallery.selectFirst("#v-" + id + " .gcard-media");
        assertThat(card).as("the video is in the gallery").isNotNull();
        assertThat(card.attr("data-sprite")).as("the scrub preview Reelgate made").endsWith("/videos/" + id + "/spritesheet");
        assertThat(card.select("img").attr("src")).endsWith("/videos/" + id + "/poster");
        member.given().redirects().follow(true).get("/t/" + team.slug + "/videos/" + id + "/poster").then().statusCode(200)
                .contentType("image/jpeg");

        String share = org.jsoup.Jsoup.parse(member.htmx().contentType("application/x-www-form-urlencoded")
                .formParam("showPrompt", "true").post("/t/" + team.slug + "/videos/" + id + "/shares").then()
                .statusCode(200).extract().asString()).select("#new-link").attr("value");
        org.jsoup.nodes.Document page = org.jsoup.Jsoup.parse(RestAssured.given().get(share).then().statusCode(200)
                .extract().asString());
        assertThat(page.select("video").attr("src")).as("playable signed out").isNotBlank();
        assertEquals("image/jpeg", page.select("meta[property=og:image:type]").attr("content"));
    }

    // ------------------------------------------------------------------ webhook verification

    private int deliver(String secret, long timestamp, String body) {
        String id = "wh_" + Fixtures.unique("g");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return RestAssured.given().header("webhook-id", id).header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", StandardWebhooks.sign(StandardWebhooks.key(secret), id, timestamp, bytes))
                .contentType("application/json").body(bytes).post("/webhooks/veo").then().extract().statusCode();
    }

    @Test
    void staticWebhooksVerifyWithEitherConfiguredSecretAndNothingElse() {
        String event = "{\"type\":\"video.generated\",\"version\":\"v1\",\"timestamp\":" + Instant.now().getEpochSecond()
                + ",\"data\":{\"id\":\"models/" + VEO + "/operations/" + Fixtures.unique("o") + "\"}}";
        long now = Instant.now().getEpochSecond();
        assertEquals(200, deliver(SECRET, now, event));
        String rotated = "whsec_" + Base64.getEncoder().encodeToString("gemini-rotated-secret-for-tests".getBytes());
        assertEquals(200, deliver(rotated, now, event), "the second secret of a rotation");
        assertEquals(401, deliver("whsec_" + Base64.getEncoder().encodeToString("forged".getBytes()), now, event));
        assertEquals(401, deliver(SECRET, now + 600, event), "from the future");
        assertEquals(400, deliver(SECRET, now, "{\"type\":\"video.generated\",\"data\":{}}"), "no operation");
        assertEquals(200, deliver(SECRET, now, "{\"type\":\"batch.succeeded\",\"data\":{}}"), "other events are ignored");
    }
}
