package io.reelgate.provider.xai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import javax.imageio.ImageIO;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.budget.Ledger;
import io.reelgate.budget.Money;
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
import io.reelgate.provider.VideoExtender;
import io.reelgate.provider.VideoStatus;
import io.reelgate.team.Team;
import io.reelgate.testing.Fixtures;
import io.reelgate.testing.PipelineDrain;
import io.reelgate.testing.ProviderRuns;
import io.reelgate.testing.TestClock;
import io.restassured.RestAssured;

/**
 * The xAI adapter against the simulated Grok Imagine REST API over HTTP and through the real
 * pipeline: text and first-frame creates, polling to completion, the cost in ticks settled as the
 * bill, moderation-filtered, failed and expired requests, 429 hints, results fetched without the
 * key, and extension of a video it made.
 */
@QuarkusTest
class XaiOverHttpTest {

    static final String GROK = "grok-imagine-video";
    static final String GROK_15 = "grok-imagine-video-1.5";

    @Inject
    PipelineDrain drain;
    @Inject
    Providers providers;
    @Inject
    ProviderRuns runs;
    @Inject
    Ledger ledger;
    @Inject
    TestClock clock;
    @Inject
    ObjectMapper json;

    XaiVideoProvider xai;

    @BeforeEach
    void provider() {
        xai = (XaiVideoProvider) providers.get("xai");
        drain.drain();
        ProviderRuns.faults(Map.of());
    }

    @AfterEach
    void reset() {
        ProviderRuns.faults(Map.of());
    }

    private RemoteVideo created(CreateVideo request) {
        ProviderResult<RemoteVideo> created = xai.create(request);
        assertTrue(created.isOk(), () -> "create: " + created);
        return created.value();
    }

    private RemoteVideo awaitTerminal(String id) {
        RemoteVideo[] last = new RemoteVideo[1];
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            last[0] = xai.retrieve(id).value();
            return last[0].status().terminal();
        });
        return last[0];
    }

    private static InputImage png() throws IOException {
        BufferedImage image = new BufferedImage(640, 360, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(20, 160, 90));
        g.fillRect(0, 0, 640, 360);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return InputImage.of("green.png", out.toByteArray()).orElseThrow();
    }

    @Test
    void declaresWhatGrokImagineCanDo() {
        Capabilities c = xai.capabilities();
        assertEquals(Capabilities.WebhookSigning.NONE, c.webhooks());
        assertThat(c.remix() || c.list() || c.cancel() || c.delete() || c.negativePrompt()).isFalse();
        assertEquals(Capabilities.Delivery.RESULT_URL, c.delivery());
        assertTrue(xai.reportsBill(), "usage.cost_in_usd_ticks");
        assertEquals(new VideoExtender.Limits(1, 10), xai.creative("grok-imagine-video").extension().limits());
    }

    @Test
    void aTextVideoCompletesWithItsCostAndIsFetchedWithoutTheKey() throws IOException {
        RemoteVideo done = awaitTerminal(created(new CreateVideo(GROK, Fixtures.unique("A fox in snow"), "854x480", 5,
                Optional.empty(), true)).id());
        assertEquals(VideoStatus.COMPLETED, done.status(), done.errorCode() + ": " + done.errorMessage());
        assertEquals(250_000L, done.billedMicros(), "5 s at $0.05: 2.5e9 ticks of 1e-10 USD");
        assertEquals(5, done.seconds());
        try (VideoContent content = xai.download(done.result(), Variant.VIDEO).value(); InputStream in = content.body()) {
            byte[] head = in.readNBytes(ContentKind.HEAD_BYTES);
            assertEquals(ContentKind.MP4, ContentKind.of(head, head.length));
        }
        assertEquals(1235L, XaiVideoProvider.micros(new BigDecimal("12345000")), "ticks rounded half up to micro-dollars");
        assertEquals(1234L, XaiVideoProvider.micros(new BigDecimal("12344999")));
    }

    @Test
    void aFirstFrameTravelsAsADataUri() throws IOException {
        RemoteVideo done = awaitTerminal(created(new CreateVideo(GROK_15, Fixtures.unique("The green field sways"),
                "1920x1080", 8, Optional.of(png()), true)).id());
        assertEquals(VideoStatus.COMPLETED, done.status(), done.errorCode() + ": " + done.errorMessage());
        assertEquals(2_000_000L, done.billedMicros(), "8 s at 1080p: $0.25 a second");
    }

    @Test
    void filteredFailedAndExpiredRequestsEndAsFailures() {
        RemoteVideo filtered = awaitTerminal(created(new CreateVideo(GROK, Fixtures.unique("A bloodbath"), "854x480", 5,
                Optional.empty(), true)).id());
        assertEquals(VideoStatus.FAILED, filtered.status());
        assertEquals("moderation_blocked", filtered.errorCode(), "respect_moderation: false");
        assertEquals(250_000L, filtered.billedMicros(), "xAI still reports a cost for it");
        RemoteVideo failed = awaitTerminal(created(new CreateVideo(GROK, Fixtures.unique("A job-failed-trigger"), "854x480",
                5, Optional.empty(), true)).id());
        assertEquals("generation_failed", failed.errorCode());
        assertThat(failed.errorMessage()).contains("failed");
        RemoteVideo expired = awaitTerminal(created(new CreateVideo(GROK, Fixtures.unique("A job-expired-trigger"),
                "854x480", 5, Optional.empty(), true)).id());
        assertEquals("job_expired", expired.errorCode());
    }

    @Test
    void invalidValuesAreRefusedAndRateLimitsRetriedAfterTheHint() {
        ProviderError invalid = xai.create(new CreateVideo(GROK, "a boat", "854x480", 7, Optional.empty(), true)).error();
        assertEquals(ProviderError.Kind.INVALID_REQUEST, invalid.kind());
        assertThat(invalid.message()).contains("duration");

        ProviderRuns.faults(Map.of("rateLimitNext", 2, "retryAfterMs", 1000));
        long started = System.nanoTime();
        created(new CreateVideo(GROK, Fixtures.unique("patient"), "854x480", 5, Optional.empty(), true));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));

        RestAssured.given().header("Authorization", "Bearer xai-sim-reelgate-dev").contentType("application/json")
                .body("{\"model\":\"grok-imagine-video\",\"prompt\":\"x\",\"duration\":5,\"image_url\":\"data:\"}")
                .post("/sim/xai/v1/videos/generations").then().statusCode(400)
                .body("error", org.hamcrest.Matchers.containsString("image_url"));
    }

    @Test
    void unexpectedAnswersAreReadSafely() throws IOException {
        RemoteVideo odd = xai.toRemote("r1", json.readTree("{\"status\":\"thinking\"}"), "{\"status\":\"thinking\"}");
        assertEquals(VideoStatus.IN_PROGRESS, odd.status(), "an unknown status keeps the request tracked");
        RemoteVideo noUrl = xai.toRemote("r2", json.readTree("{\"status\":\"done\",\"video\":{}}"), "{}");
        assertEquals("no_output", noUrl.errorCode());
        assertEquals(50, XaiVideoProvider.percent(json.readTree("0.5")), "a fraction read as a share");
        assertEquals(50, XaiVideoProvider.percent(json.readTree("50")));
    }

    @Test
    void aVideoItMadeIsExtended() {
        RemoteVideo source = awaitTerminal(created(new CreateVideo(GROK, Fixtures.unique("A train leaves"), "854x480", 5,
                Optional.empty(), true)).id());
        ProviderResult<RemoteVideo> extension = xai.extend(new VideoExtender.ExtendVideo(GROK, "It enters a tunnel", 6,
                source.resultUrl()));
        assertTrue(extension.isOk(), () -> "extend: " + extension);
        RemoteVideo done = awaitTerminal(extension.value().id());
        assertEquals(VideoStatus.COMPLETED, done.status());
        assertEquals(11, done.seconds(), "the source and the six seconds added");
        assertEquals(300_000L, done.billedMicros(), "priced for the six seconds added");
        assertEquals(ProviderError.Kind.INVALID_REQUEST, xai.extend(new VideoExtender.ExtendVideo(GROK, "longer", 11,
                source.resultUrl())).error().kind(), "an extension adds at most 10 s");
        assertEquals(ProviderError.Kind.INVALID_REQUEST, xai.extend(new VideoExtender.ExtendVideo(GROK, "not ours", 5,
                "https://example.com/other.mp4")).error().kind(), "only a video xAI made");
    }

    @Test
    void throughThePipelineTheReportedCostIsSettled() {
        Team team = runs.fundedTeam("xai", "HARD");
        VideoJob done = runs.run(team, "xai", GROK, "480x854", 8, Fixtures.unique("A lighthouse"), Optional.empty(), true);
        assertEquals(JobState.COMPLETED, done.state, done.errorCode + ": " + done.errorMessage);
        assertEquals(400_000L, done.billedMicros, "xAI's bill reached the job");
        assertEquals(400_000L, done.chargedMicros);
        VideoJob filtered = runs.run(team, "xai", GROK, "854x480", 5, Fixtures.unique("gore"), Optional.empty(), true);
        assertEquals(JobState.FAILED, filtered.state);
        assertEquals("moderation_blocked", filtered.errorCode);
        assertEquals(250_000L, filtered.chargedMicros, "billed by xAI, charged by policy");
        assertEquals(Money.ofMicros(650_000L), ledger.balance(team.id, clock.instant()).spent());
        assertEquals(Money.ZERO, ledger.balance(team.id, clock.instant()).reserved());
        assertThat(ledger.reconcile().balanced()).isTrue();
    }
}
