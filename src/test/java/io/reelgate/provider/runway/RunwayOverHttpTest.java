package io.reelgate.provider.runway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import javax.imageio.ImageIO;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.budget.Ledger;
import io.reelgate.budget.Money;
import io.reelgate.generation.GenerationService;
import io.reelgate.generation.JobState;
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
import io.reelgate.testing.Fixtures;
import io.reelgate.testing.PipelineDrain;
import io.reelgate.testing.ProviderRuns;
import io.reelgate.testing.TestClock;
import io.restassured.RestAssured;

/**
 * The Runway adapter against the simulated Runway task API over HTTP and through the real pipeline:
 * the version header, text and image creates (first and last frame, inline and uploaded), polling
 * to completion no faster than configured, THROTTLED tasks waiting without a second charge,
 * safety and quality failures by {@code failureCode}, 429 hints, outputs fetched without the key
 * and refreshed when expired, cancel, and what is refused before anything is reserved.
 */
@QuarkusTest
class RunwayOverHttpTest {

    static final String KEY = "Bearer runway-sim-reelgate-dev";

    @Inject
    PipelineDrain drain;
    @Inject
    Providers providers;
    @Inject
    GenerationService generation;
    @Inject
    Fixtures fixtures;
    @Inject
    ProviderRuns runs;
    @Inject
    Ledger ledger;
    @Inject
    TestClock clock;
    @Inject
    MeterRegistry metrics;
    @Inject
    ObjectMapper json;

    RunwayVideoProvider runway;

    @BeforeEach
    void provider() {
        runway = (RunwayVideoProvider) providers.get("runway");
        drain.drain();
        ProviderRuns.faults(Map.of());
    }

    @AfterEach
    void reset() {
        ProviderRuns.faults(Map.of());
    }

    private RemoteVideo created(CreateVideo request) {
        ProviderResult<RemoteVideo> created = runway.create(request);
        assertTrue(created.isOk(), () -> "create: " + created);
        assertEquals(VideoStatus.QUEUED, created.value().status());
        return created.value();
    }

    private RemoteVideo awaitTerminal(String id) {
        RemoteVideo[] last = new RemoteVideo[1];
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            last[0] = runway.retrieve(id).value();
            return last[0].status().terminal();
        });
        return last[0];
    }

    private static byte[] png(int width, int height, boolean noise) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        if (noise) {
            Random random = new Random(7);
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    image.setRGB(x, y, random.nextInt(0xFFFFFF));
                }
            }
        } else {
            Graphics2D g = image.createGraphics();
            g.setColor(new Color(200, 90, 30));
            g.fillRect(0, 0, width, height);
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private static InputImage image(String name, int width, int height, boolean noise) throws IOException {
        return InputImage.of(name, png(width, height, noise)).orElseThrow();
    }

    private double calls(String call) {
        Timer timer = metrics.find("reelgate.provider.calls").tags("provider", "runway", "call", call).timer();
        return timer == null ? 0 : timer.count();
    }

    // ------------------------------------------------------------------ the adapter over HTTP

    @Test
    void declaresWhatRunwayCanDo() {
        Capabilities c = runway.capabilities();
        assertEquals(Capabilities.WebhookSigning.NONE, c.webhooks(), "Runway sends no webhooks: tasks are polled");
        assertTrue(c.cancel() && c.delete(), "DELETE cancels or deletes a task");
        assertThat(c.remix() || c.list()).isFalse();
        assertEquals(Capabilities.Delivery.RESULT_URL, c.delivery());
        assertEquals(1000, c.maxPromptLength());
        assertTrue(c.imageInput().supported());
    }

    @Test
    void everyCallNeedsTheVersionHeaderAndTheKey() {
        String body = "{\"model\":\"gen4.5\",\"promptText\":\"a kite\",\"ratio\":\"1280:720\",\"duration\":5}";
        RestAssured.given().header("Authorization", KEY).contentType("application/json").body(body)
                .post("/sim/runway/v1/text_to_video").then().statusCode(400)
                .body("error", org.hamcrest.Matchers.containsString("X-Runway-Version"));
        RestAssured.given().header("Authorization", "Bearer wrong").header("X-Runway-Version", "2024-11-06")
                .contentType("application/json").body(body).post("/sim/runway/v1/text_to_video").then().statusCode(401);
        RestAssured.given().header("Authorization", KEY).header("X-Runway-Version", "2024-11-06")
                .contentType("application/json").body(body.replace("\"duration\":5", "\"duration\":\"5\""))
                .post("/sim/runway/v1/text_to_video").then().statusCode(400)
                .body("error", org.hamcrest.Matchers.containsString("duration"));
        RestAssured.given().header("Authorization", KEY).header("X-Runway-Version", "2024-11-06")
                .contentType("application/json").body(body.replace("promptText", "prompt_text"))
                .post("/sim/runway/v1/text_to_video").then().statusCode(400);
    }

    @Test
    void aTextVideoIsPolledToCompletionAndFetchedWithoutTheKey() throws IOException {
        RemoteVideo job = created(new CreateVideo("gen4.5", Fixtures.unique("A kite over dunes"), "1280x720", 5,
                Optional.empty(), false));
        RemoteVideo done = awaitTerminal(job.id());
        assertEquals(VideoStatus.COMPLETED, done.status(), done.errorCode() + ": " + done.errorMessage());
        assertThat(done.resultUrl()).as("a pre-signed output URL").contains("/sim/runway/outputs/");
        assertThat(done.expiresAt()).as("outputs expire: fetched promptly").isNotNull();
        try (VideoContent content = runway.download(done.result(), Variant.VIDEO).value(); InputStream in = content.body()) {
            byte[] head = in.readNBytes(ContentKind.HEAD_BYTES);
            assertEquals(ContentKind.MP4, ContentKind.of(head, head.length));
        }
    }

    @Test
    void aTaskIsNotReadFasterThanTheMinimumInterval() {
        RemoteVideo job = created(new CreateVideo("gen4.5", Fixtures.unique("A slow river"), "720x1280", 5,
                Optional.empty(), false));
        double before = calls("retrieve");
        for (int i = 0; i < 5; i++) {
            assertTrue(runway.retrieve(job.id()).isOk());
        }
        assertEquals(before + 1, calls("retrieve"), "five reads within 200 ms: one call to Runway");
        awaitTerminal(job.id());
    }

    @Test
    void firstAndLastFramesTravelInlineOrByUpload() throws IOException {
        InputImage small = image("first.png", 640, 360, false);
        InputImage large = image("last.png", 400, 300, true);
        assertThat(small.bytes().length).as("inline").isLessThan(150_000);
        assertThat(large.bytes().length).as("over the test's 200 kB data-URI limit: uploaded").isGreaterThan(200_000);
        double uploads = calls("upload");
        RemoteVideo job = created(new CreateVideo("veo3.1", Fixtures.unique("From dawn to dusk"), "1280x720", 4,
                Optional.of(small), true).withLastFrame(large));
        assertEquals(uploads + 2, calls("upload"), "the upload flow: ask for a target, post the form");
        assertEquals(VideoStatus.COMPLETED, awaitTerminal(job.id()).status());

        RemoteVideo turbo = created(new CreateVideo("gen4_turbo", Fixtures.unique("The orange wall moves"), "960x960", 5,
                Optional.of(small), false));
        assertEquals(VideoStatus.COMPLETED, awaitTerminal(turbo.id()).status(), "any of the six ratios with a first frame");
    }

    @Test
    void throttledTasksWaitAtRunwayAsQueuedAndFinish() {
        // the simulated key runs two tasks at once; the rest wait THROTTLED
        List<RemoteVideo> jobs = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            jobs.add(created(new CreateVideo("gen4.5", Fixtures.unique("Throttled " + i), "1280x720", 2, Optional.empty(),
                    false)));
        }
        String raw = RestAssured.given().header("Authorization", KEY).header("X-Runway-Version", "2024-11-06")
                .get("/sim/runway/v1/tasks/" + jobs.get(3).id()).then().statusCode(200).extract().path("status");
        assertEquals("THROTTLED", raw);
        RemoteVideo waiting = runway.toRemote(new RunwayTask(jobs.get(3).id(), "THROTTLED", null, null, null, null, null),
                "{}");
        assertEquals(VideoStatus.QUEUED, waiting.status(), "waiting at Runway, not an error");
        jobs.forEach(j -> assertEquals(VideoStatus.COMPLETED, awaitTerminal(j.id()).status()));
    }

    @Test
    void failureCodesAreMapped() {
        Map<String, String> expected = Map.of("A mickey mouse parade", "moderation_blocked",
                "A bloodbath at noon", "moderation_blocked", "A bad-output-trigger sunrise", "generation_failed",
                "A third-party-refusal portrait", "moderation_blocked");
        expected.forEach((prompt, code) -> {
            RemoteVideo done = awaitTerminal(created(new CreateVideo("gen4.5", Fixtures.unique(prompt), "1280x720", 2,
                    Optional.empty(), false)).id());
            assertEquals(VideoStatus.FAILED, done.status(), prompt);
            assertEquals(code, done.errorCode(), prompt);
            assertThat(done.errorMessage()).as("Runway's failureCode is kept for people").containsPattern(
                    "\\((SAFETY|INTERNAL|INPUT_PREPROCESSING)\\.");
        });
        assertEquals("invalid_request", RunwayErrors.jobErrorCode("ASSET.INVALID"));
        assertEquals("generation_failed", RunwayErrors.jobErrorCode("INTERNAL"));
        assertEquals("generation_failed", RunwayErrors.jobErrorCode(null));
        assertEquals("generation_failed", RunwayErrors.jobErrorCode("INPUT_PREPROCESSING.INTERNAL"));
        assertEquals("moderation_blocked", RunwayErrors.jobErrorCode("INPUT_PREPROCESSING.SAFETY.TEXT"));
    }

    @Test
    void rateLimitsAreRetriedAfterTheHintAndXShouldRetryDecides() {
        ProviderRuns.faults(Map.of("rateLimitNext", 2, "retryAfterMs", 1000));
        long started = System.nanoTime();
        created(new CreateVideo("gen4.5", Fixtures.unique("Patience"), "1280x720", 2, Optional.empty(), false));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("waited the hinted second twice")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(2));

        RunwayErrors errors = new RunwayErrors("runway", json);
        HttpHeaders no = HttpHeaders.of(Map.of("x-should-retry", List.of("false")), (a, b) -> true);
        HttpHeaders yes = HttpHeaders.of(Map.of("x-should-retry", List.of("true")), (a, b) -> true);
        ProviderError daily = errors.read(429, "{\"error\":\"Daily task limit reached\"}", null, no);
        assertEquals(ProviderError.Kind.OTHER, daily.kind(), "Runway says a retry will not help: final");
        assertEquals("daily_limit_reached", daily.code());
        assertEquals(ProviderError.Kind.UNAVAILABLE, errors.read(409, "{\"error\":\"busy\"}", null, yes).kind(),
                "Runway asks for a retry");
        assertEquals(ProviderError.Kind.UNAVAILABLE, errors.read(409, "{\"error\":\"lock timeout\"}", null,
                HttpHeaders.of(Map.of(), (a, b) -> true)).kind(), "a lock timeout is retried, as the SDK does");
        assertEquals(ProviderError.Kind.RATE_LIMITED, errors.read(429, "{\"error\":\"slow down\"}", Duration.ofSeconds(3),
                HttpHeaders.of(Map.of(), (a, b) -> true)).kind());
        ProviderError invalid = errors.read(400, "{\"error\":\"ratio: Invalid enum value\"}", null,
                HttpHeaders.of(Map.of(), (a, b) -> true));
        assertEquals(ProviderError.Kind.INVALID_REQUEST, invalid.kind());
        assertEquals("ratio", invalid.param());
    }

    @Test
    void anExpiredOutputUrlIsReplacedByAFreshOne() throws IOException {
        RemoteVideo done = awaitTerminal(created(new CreateVideo("gen4.5", Fixtures.unique("A short-lived-output comet"),
                "1280x720", 2, Optional.empty(), false)).id());
        assertEquals(VideoStatus.COMPLETED, done.status());
        RestAssured.given().get(done.resultUrl()).then().statusCode(403);
        try (VideoContent content = runway.download(done.result(), Variant.VIDEO).value(); InputStream in = content.body()) {
            byte[] head = in.readNBytes(ContentKind.HEAD_BYTES);
            assertEquals(ContentKind.MP4, ContentKind.of(head, head.length), "fetched from the task's fresh URL");
        }
    }

    @Test
    void aRunningTaskIsCancelledAndALastFrameAloneIsRefused() throws IOException {
        RemoteVideo job = created(new CreateVideo("gen4.5", Fixtures.unique("Never mind"), "1280x720", 10,
                Optional.empty(), false));
        assertTrue(runway.cancel(job.id()).value());
        assertEquals(ProviderError.Kind.NOT_FOUND, runway.delete(job.id()).error().kind(),
                "an aborted task cannot be fetched or deleted again");
        assertEquals(ProviderError.Kind.NOT_FOUND, runway.retrieve(job.id()).error().kind(),
                "nor read: the pipeline finishes a cancelled job itself");
        ProviderError lastOnly = runway.create(new CreateVideo("veo3.1", "Ends here", "1280x720", 4, Optional.empty(), true)
                .withLastFrame(image("last.png", 640, 360, false))).error();
        assertEquals(ProviderError.Kind.INVALID_REQUEST, lastOnly.kind());
        assertEquals("lastFrame", lastOnly.param());
        RemoteVideo seeded = created(new CreateVideo("veo3.1", Fixtures.unique("Seeded"), "1280x720", 4, Optional.empty(),
                false).withSeed(42));
        assertTrue(runway.cancel(seeded.id()).value(), "a seed is not sent to a model whose schema has none");
    }

    // ------------------------------------------------------------------ through the pipeline

    @Test
    void whatRunwayWouldRefuseIsRefusedBeforeAnythingIsReserved() throws IOException {
        Team team = runs.fundedTeam("rw", "HARD");
        long member = fixtures.personIn(team, "m", TeamRole.MEMBER);
        Map<String, GenerationService.Request> refused = Map.of(
                "image", GenerationService.Request.of(team.id, member, "runway", "gen4_turbo", "1280x720", 5,
                        "No frame"),
                "size", GenerationService.Request.of(team.id, member, "runway", "gen4.5", "960x960", 5,
                        "Square without a frame"),
                "negativePrompt", GenerationService.Request.of(team.id, member, "runway", "gen4.5", "1280x720", 5,
                        "A calm sea").withNegativePrompt("boats"));
        refused.forEach((param, request) -> {
            var result = generation.submit(request);
            assertThat(result).as(param).isInstanceOf(GenerationService.Refused.class);
            assertEquals(param, ((GenerationService.Refused) result).reason(), ((GenerationService.Refused) result).message());
        });
        assertEquals(Money.ZERO, ledger.balance(team.id, clock.instant()).reserved(), "nothing reserved");
        assertEquals(Money.ZERO, ledger.balance(team.id, clock.instant()).spent());
    }

    @Test
    void videosAreStoredAndChargedOnceWhateverTheyWaitedAtRunway() throws IOException {
        Team team = runs.fundedTeam("rw", "HARD");
        List<VideoJob> done = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            done.add(runs.run(team, "runway", "gen4.5", "1280x720", 5, Fixtures.unique("Harbour at night " + i),
                    Optional.empty(), false));
        }
        done.add(runs.run(team, "runway", "veo3.1", "720x1280", 4, Fixtures.unique("Rain on glass"),
                Optional.of(image("first.png", 360, 640, false)), true));
        long expected = 0;
        for (VideoJob job : done) {
            assertEquals(JobState.COMPLETED, job.state, job.errorCode + ": " + job.errorMessage);
            assertThat(job.chargedMicros).isPositive();
            expected += job.chargedMicros;
        }
        assertEquals(3 * 5 * 120_000L, done.subList(0, 3).stream().mapToLong(j -> j.chargedMicros).sum(),
                "Gen-4.5: 12 credits a second at $0.01");
        assertEquals(4 * 400_000L, done.get(3).chargedMicros, "Veo 3.1 with sound: 40 credits a second");
        assertEquals(Money.ofMicros(expected), ledger.balance(team.id, clock.instant()).spent());
        assertThat(ledger.reconcile().balanced()).isTrue();
    }

    @Test
    void safetyFailuresAreChargedAsRunwayBillsThemAndQualityFailuresAreNot() {
        Team team = runs.fundedTeam("rw", "HARD");
        VideoJob blocked = runs.run(team, "runway", "gen4.5", "1280x720", 2, Fixtures.unique("A mickey mouse cameo"),
                Optional.empty(), false);
        assertEquals(JobState.FAILED, blocked.state);
        assertEquals("moderation_blocked", blocked.errorCode);
        assertEquals(2 * 120_000L, blocked.chargedMicros, "Runway does not refund SAFETY.INPUT.*: charged by policy");
        VideoJob bad = runs.run(team, "runway", "gen4.5", "1280x720", 2, Fixtures.unique("A bad-output-trigger dawn"),
                Optional.empty(), false);
        assertEquals(JobState.FAILED, bad.state);
        assertEquals("generation_failed", bad.errorCode);
        assertEquals(0L, bad.chargedMicros, "a quality rejection costs nothing; the user may try again");
        assertEquals(Money.ZERO, ledger.balance(team.id, clock.instant()).reserved());
    }
}
