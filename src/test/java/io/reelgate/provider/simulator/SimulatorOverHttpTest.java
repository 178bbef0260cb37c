package io.reelgate.provider.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import javax.imageio.ImageIO;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.provider.Backoff;
import io.reelgate.testing.PipelineDrain;
import io.reelgate.provider.CreateVideo;
import io.reelgate.provider.InputImage;
import io.reelgate.provider.ListQuery;
import io.reelgate.provider.ProviderError;
import io.reelgate.provider.ProviderError.Kind;
import io.reelgate.provider.ProviderResult;
import io.reelgate.provider.Providers;
import io.reelgate.provider.ProvidersConfig;
import io.reelgate.provider.ResultRef;
import io.reelgate.provider.Variant;
import io.reelgate.provider.VideoContent;
import io.reelgate.provider.VideoEvent;
import io.reelgate.provider.RemoteVideo;
import io.reelgate.provider.VideoPage;
import io.reelgate.provider.VideoProvider;
import io.reelgate.provider.VideoStatus;
import io.reelgate.provider.openai.OpenAiVideoProvider;
import io.reelgate.testing.Mp4;
import io.reelgate.testing.RecordingListener;
import io.reelgate.web.LocalServer;
import io.restassured.RestAssured;

/**
 * The real OpenAI client against the built-in simulator over HTTP: every call, every error class
 * of SPEC §2, the faults, signed webhooks and real MP4 output.
 */
@QuarkusTest
class SimulatorOverHttpTest {

    @Inject
    PipelineDrain drain;

    static final String KEY = "sk-sim-reelgate-dev";
    static final String ISOLATED = "sk-sim-isolated-lists";

    @Inject
    Providers providers;
    @Inject
    RecordingListener listener;
    @Inject
    ProvidersConfig providersConfig;
    @Inject
    LocalServer local;
    @Inject
    ObjectMapper json;
    @Inject
    EntityManager em;

    VideoProvider sim;

    @BeforeEach
    void useTheSimulator() {
        sim = providers.get("simulator");
        drain.drain();
        faults(Map.of());
    }

    @AfterEach
    void resetFaults() {
        faults(Map.of());
    }

    static void faults(Map<String, Object> plan) {
        RestAssured.given().header("Authorization", "Bearer " + KEY).contentType("application/json").body(plan)
                .put("/sim/admin/faults").then().statusCode(200);
    }

    private RemoteVideo create(String prompt) {
        return create(prompt, "sora-2", "1280x720", 4);
    }

    private RemoteVideo create(String prompt, String model, String size, int seconds) {
        ProviderResult<RemoteVideo> result = sim.create(new CreateVideo(model, prompt, size, seconds, Optional.empty()));
        assertTrue(result.isOk(), () -> "create failed: " + result);
        return result.value();
    }

    private RemoteVideo awaitTerminal(String id) {
        RemoteVideo[] last = new RemoteVideo[1];
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            last[0] = sim.retrieve(id).value();
            return last[0].status().terminal();
        });
        return last[0];
    }

    private Path download(String id, Variant variant) throws IOException {
        Path file = Files.createTempFile("sim-", "." + variant.extension());
        try (VideoContent content = sim.download(new ResultRef(id, null), variant).value(); InputStream in = content.body()) {
            Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return file;
    }

    // ------------------------------------------------------------------ the happy path

    @Test
    void aCreatedVideoMovesThroughItsStatesToAPlayableMp4WithThumbnailAndSpritesheet() throws IOException {
        RemoteVideo created = create("A calico cat playing a piano on stage", "sora-2", "1280x720", 8);
        assertEquals(VideoStatus.QUEUED, created.status());
        assertEquals(8, created.seconds());
        assertThat(created.id()).startsWith("video_");

        Set<VideoStatus> seenStates = new HashSet<>();
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> {
            RemoteVideo now = sim.retrieve(created.id()).value();
            seenStates.add(now.status());
            return now.status() == VideoStatus.COMPLETED;
        });
        assertThat(seenStates).contains(VideoStatus.IN_PROGRESS, VideoStatus.COMPLETED);
        RemoteVideo done = sim.retrieve(created.id()).value();
        assertEquals(100, done.progress());
        assertThat(done.expiresAt()).isAfter(done.completedAt());

        Path video = download(created.id(), Variant.VIDEO);
        assertTrue(Mp4.moovFirst(Files.readAllBytes(video)), "moov box must come before the media data");
        Mp4.Decoded decoded = Mp4.decode(video);
        assertThat(decoded.durationSeconds()).as("duration within one frame of 8 s")
                .isCloseTo(8.0, org.assertj.core.data.Offset.offset(1.0 / decoded.fps()));
        assertThat((double) decoded.first().getWidth() / decoded.first().getHeight()).isCloseTo(16.0 / 9,
                org.assertj.core.data.Offset.offset(0.05));
        assertThat(decoded.last().getWidth()).isEqualTo(decoded.first().getWidth());

        BufferedImage thumbnail = ImageIO.read(download(created.id(), Variant.THUMBNAIL).toFile());
        BufferedImage sprite = ImageIO.read(download(created.id(), Variant.SPRITESHEET).toFile());
        assertThat(thumbnail).as("thumbnail is a JPEG").isNotNull();
        assertThat(sprite.getWidth()).as("ten 16:9 frames in one row")
                .isCloseTo(10 * sprite.getHeight() * 16 / 9, org.assertj.core.data.Offset.offset(20));
    }

    @Test
    void differentPromptsLookDifferent() throws IOException {
        RemoteVideo a = create("A red fox in the snow at dawn");
        RemoteVideo b = create("Neon city traffic in the rain, overhead shot");
        awaitTerminal(a.id());
        awaitTerminal(b.id());
        BufferedImage first = Mp4.decode(download(a.id(), Variant.VIDEO)).first();
        BufferedImage second = Mp4.decode(download(b.id(), Variant.VIDEO)).first();
        assertThat(averageColour(first)).isNotEqualTo(averageColour(second));
    }

    @Test
    void anInputReferenceBecomesTheFirstFrame() throws IOException {
        byte[] png = solidPng(1280, 720, new Color(230, 40, 40));
        InputImage image = InputImage.of("red.png", png).orElseThrow();
        RemoteVideo job = sim.create(new CreateVideo("sora-2", "Continue this scene", "1280x720", 4, Optional.of(image))).value();
        awaitTerminal(job.id());

        Color first = averageColour(Mp4.decode(download(job.id(), Variant.VIDEO)).first());
        assertThat(first.getRed()).as("first frame is the red input image").isGreaterThan(180);
        assertThat(first.getGreen()).isLessThan(90);
    }

    @Test
    void portraitRequestsKeepTheirAspectRatio() throws IOException {
        RemoteVideo job = create("A tall lighthouse", "sora-2", "720x1280", 4);
        awaitTerminal(job.id());
        BufferedImage frame = Mp4.decode(download(job.id(), Variant.VIDEO)).first();
        assertThat(frame.getHeight()).isGreaterThan(frame.getWidth());
    }

    @Test
    void listsPageByCursorNewestFirst() {
        VideoProvider isolated = clientWithKey(ISOLATED);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(isolated.create(new CreateVideo("sora-2", "list test " + i, "1280x720", 4, Optional.empty())).value().id());
        }
        VideoPage first = isolated.list(ListQuery.first(2)).value();
        assertThat(first.data()).extracting(RemoteVideo::id).containsExactly(ids.get(2), ids.get(1));
        assertTrue(first.hasMore());
        VideoPage second = isolated.list(ListQuery.first(2).next(first.lastId())).value();
        assertEquals(ids.get(0), second.data().get(0).id());
        assertEquals(Kind.NOT_FOUND, sim.retrieve(ids.get(0)).error().kind(), "another key's videos are invisible");
    }

    @Test
    void deletedVideosAreGone() {
        RemoteVideo job = create("to be deleted");
        assertTrue(sim.delete(job.id()).value());
        assertEquals(Kind.NOT_FOUND, sim.retrieve(job.id()).error().kind());
    }

    @Test
    void remixStartsANewJobFromACompletedVideoOnly() {
        RemoteVideo source = create("A paper boat on a pond");
        assertEquals(Kind.INVALID_REQUEST, sim.remix(source.id(), "now at night").error().kind(),
                "a queued video cannot be remixed");
        awaitTerminal(source.id());

        RemoteVideo remix = sim.remix(source.id(), "The same boat at night with lanterns").value();
        assertEquals(source.id(), remix.remixedFromVideoId());
        assertEquals(source.seconds(), remix.seconds());
        assertEquals(VideoStatus.COMPLETED, awaitTerminal(remix.id()).status());
    }

    // ------------------------------------------------------------------ errors of SPEC §2

    @Test
    void invalidParametersAre400sNamingTheParameter() throws IOException {
        assertInvalid(new CreateVideo("sora-2", "x", "1792x1024", 4, Optional.empty()), "size", "Supported values are");
        assertInvalid(new CreateVideo("sora-3", "x", "1280x720", 4, Optional.empty()), "model", "sora-2");
        assertInvalid(new CreateVideo("sora-2", "x", "1280x720", 5, Optional.empty()), "seconds", "'4', '8', and '12'");
        assertInvalid(new CreateVideo("sora-2", " ", "1280x720", 4, Optional.empty()), "prompt", "prompt");
        InputImage wrongSize = InputImage.of("small.png", solidPng(640, 480, Color.BLUE)).orElseThrow();
        assertInvalid(new CreateVideo("sora-2", "x", "1280x720", 4, Optional.of(wrongSize)), "input_reference", "640x480");
    }

    @Test
    void aTextFileLabelledAsPngIsRefusedByTheSimulator() {
        // The client refuses to build an InputImage from non-image bytes, so send the raw multipart here.
        RestAssured.given().header("Authorization", "Bearer " + KEY)
                .multiPart("model", "sora-2").multiPart("prompt", "x").multiPart("size", "1280x720").multiPart("seconds", "4")
                .multiPart("input_reference", "frame.png", "this is not an image".getBytes(), "image/png")
                .post("/sim/v1/videos").then().statusCode(400)
                .body("error.param", org.hamcrest.Matchers.equalTo("input_reference"));
    }

    private void assertInvalid(CreateVideo request, String param, String messagePart) {
        ProviderError error = sim.create(request).error();
        assertEquals(Kind.INVALID_REQUEST, error.kind(), error.toString());
        assertEquals(param, error.param());
        assertThat(error.message()).contains(messagePart);
        assertEquals(400, error.httpStatus());
    }

    @Test
    void aTriggerWordIsASentinelBlockNamingTheProblem() {
        ProviderError error = sim.create(new CreateVideo("sora-2", "Darth Vader surfing a wave", "1280x720", 4,
                Optional.empty())).error();
        assertEquals(Kind.SENTINEL_BLOCK, error.kind());
        assertThat(error.message()).contains("darth vader");
    }

    @Test
    void aModerationTriggerFailsTheJobAtTheEndAndSendsVideoFailed() {
        RemoteVideo job = create("A quiet street, then moderation-trigger");
        RemoteVideo failed = awaitTerminal(job.id());
        assertEquals(VideoStatus.FAILED, failed.status());
        assertEquals("moderation_blocked", failed.errorCode());
        assertEquals(Kind.MODERATION_BLOCKED, failed.failureKind());
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !listener.eventsFor(job.id()).isEmpty());
        assertEquals(VideoEvent.FAILED, listener.eventsFor(job.id()).get(0).type());
    }

    @Test
    void aRateLimitBurstIsRetriedHonouringTheHint() {
        faults(Map.of("rateLimitNext", 2, "retryAfterMs", 150));
        long started = System.nanoTime();
        RemoteVideo job = create("after a burst of 429s");
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        assertThat(job.id()).isNotBlank();
        assertThat(elapsedMs).as("two waits of at least 150 ms").isGreaterThanOrEqualTo(300);
    }

    @Test
    void aLongRateLimitIsReportedWithItsRetryAfter() {
        faults(Map.of("rateLimitNext", 50, "retryAfterMs", 100));
        ProviderError error = sim.create(new CreateVideo("sora-2", "x", "1280x720", 4, Optional.empty())).error();
        assertEquals(Kind.RATE_LIMITED, error.kind());
        assertEquals(Duration.ofMillis(100), error.retryAfter());
    }

    @Test
    void serverErrorsAreRetriedForReadsAndCreates() {
        RemoteVideo job = create("before the outage");
        faults(Map.of("serverErrorNext", 2, "serverErrorStatus", 503));
        assertTrue(sim.retrieve(job.id()).isOk());
        faults(Map.of("serverErrorNext", 1, "serverErrorStatus", 500));
        assertTrue(sim.create(new CreateVideo("sora-2", "during the outage", "1280x720", 4, Optional.empty())).isOk());
    }

    @Test
    void aLastingOutageIsReportedUnavailable() {
        faults(Map.of("serverErrorNext", 100, "serverErrorStatus", 503));
        assertEquals(Kind.UNAVAILABLE, sim.retrieve("video_x").error().kind());
    }

    @Test
    void aCreateWhoseAnswerNeverArrivesIsAnUnknownOutcomeAndTheJobExistsAtTheProvider() {
        VideoProvider impatient = impatientClient(Duration.ofMillis(400));
        String prompt = "lost answer " + io.reelgate.testing.Fixtures.unique("x");
        faults(Map.of("createTimeoutNext", 1, "createDelayMs", 1500));

        ProviderError error = impatient.create(new CreateVideo("sora-2", prompt, "1280x720", 4, Optional.empty()))
                .error();

        assertEquals(Kind.UNKNOWN_OUTCOME, error.kind());
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> withPrompt(prompt) > 0);
        Awaitility.await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
                .until(() -> withPrompt(prompt) == 1);
    }

    private long withPrompt(String prompt) {
        return sim.list(ListQuery.first(100)).value().data().stream().filter(v -> prompt.equals(v.prompt())).count();
    }

    @Test
    void aWrongApiKeyIsUnauthorized() {
        assertEquals(Kind.UNAUTHORIZED, clientWithKey("sk-wrong").retrieve("video_x").error().kind());
    }

    @Test
    void expiredContentIsNotFound() {
        RemoteVideo job = create("short-lived");
        awaitTerminal(job.id());
        RestAssured.given().header("Authorization", "Bearer " + KEY).post("/sim/admin/videos/" + job.id() + "/expire")
                .then().statusCode(204);
        ProviderError error = sim.download(new ResultRef(job.id(), null), Variant.VIDEO).error();
        assertEquals(Kind.NOT_FOUND, error.kind());
        assertEquals("video_expired", error.code());
    }

    @Test
    void slowDownloadsAreThrottled() throws IOException {
        RemoteVideo job = create("slow download");
        awaitTerminal(job.id());
        faults(Map.of("downloadBytesPerSecond", 20_000));
        long started = System.nanoTime();
        try (VideoContent content = sim.download(new ResultRef(job.id(), null), Variant.SPRITESHEET).value()) {
            long bytes = content.body().transferTo(java.io.OutputStream.nullOutputStream());
            double seconds = (System.nanoTime() - started) / 1e9;
            assertThat(seconds).as("%d bytes at 20 kB/s", bytes).isGreaterThan(bytes / 20_000.0 * 0.7);
        }
    }

    @Test
    void a200MegabyteDownloadStreamsWithBoundedHeap() throws Exception {
        long size = 200L * 1024 * 1024;
        String id = RestAssured.given().header("Authorization", "Bearer " + KEY).contentType("application/json")
                .body(Map.of("bytes", size)).post("/sim/admin/synthetic-videos").then().statusCode(200)
                .extract().path("id");
        var memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long baseline = memory.getHeapMemoryUsage().getUsed();
        long peakAfterGc = 0;
        long read = 0;
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (VideoContent content = sim.download(new ResultRef(id, null), Variant.VIDEO).value(); InputStream in = content.body()) {
            byte[] buffer = new byte[64 * 1024];
            long nextCheck = 50L * 1024 * 1024;
            for (int n; (n = in.read(buffer)) > 0;) {
                digest.update(buffer, 0, n);
                read += n;
                if (read >= nextCheck) {
                    System.gc();
                    peakAfterGc = Math.max(peakAfterGc, memory.getHeapMemoryUsage().getUsed() - baseline);
                    nextCheck += 50L * 1024 * 1024;
                }
            }
        }
        assertEquals(size, read);
        assertThat(peakAfterGc).as("live heap growth while streaming 200 MB").isLessThan(32L * 1024 * 1024);
    }

    // ------------------------------------------------------------------ webhooks

    @Test
    void everyCompletedJobSendsOneSignedWebhookThatReachesTheListener() {
        RemoteVideo job = create("webhook please");
        awaitTerminal(job.id());
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> listener.eventsFor(job.id()).size() == 1);
        VideoEvent event = listener.eventsFor(job.id()).get(0);
        assertEquals(VideoEvent.COMPLETED, event.type());
        assertEquals("simulator", event.provider());
        assertThat(event.webhookId()).startsWith("wh_");
    }

    @Test
    void duplicateDeliveriesReachTheListenerOnce() {
        faults(Map.of("webhookDuplicate", true));
        RemoteVideo job = create("duplicated webhook");
        awaitTerminal(job.id());
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> listener.eventsFor(job.id()).size() == 1);
        Awaitility.await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(2))
                .until(() -> listener.eventsFor(job.id()).size() == 1);
        long stored = QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from webhook_event where video_id = ?1").setParameter(1, job.id()).getSingleResult())
                .longValue());
        assertEquals(1, stored, "the second delivery of the same webhook id is dropped at the door");
    }

    @Test
    void delayedAndReorderedWebhooksStillArrive() {
        faults(Map.of("webhookDelayMs", 400, "webhookReverse", true));
        RemoteVideo a = create("reordered one");
        RemoteVideo b = create("reordered two");
        awaitTerminal(a.id());
        awaitTerminal(b.id());
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> listener.eventsFor(a.id()).size() == 1 && listener.eventsFor(b.id()).size() == 1);
    }

    @Test
    void anEarlyWebhookCanOvertakeTheStatus() {
        faults(Map.of("webhookEarlyMs", 1500));
        RemoteVideo job = create("early bird");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> listener.eventsFor(job.id()).size() == 1);
        assertThat(sim.retrieve(job.id()).value().status()).as("the event arrived before the status turned")
                .isNotEqualTo(VideoStatus.COMPLETED);
        assertEquals(VideoStatus.COMPLETED, awaitTerminal(job.id()).status());
    }

    @Test
    void droppedWebhooksNeverArrive() {
        faults(Map.of("webhookDrop", true));
        RemoteVideo job = create("lost webhook");
        awaitTerminal(job.id());
        Awaitility.await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(2))
                .until(() -> listener.eventsFor(job.id()).isEmpty());
    }

    @Test
    void aFailingListenerGetsTheEventAgainLater() {
        RemoteVideo job = create("listener hiccup");
        listener.failOnceFor(job.id());
        awaitTerminal(job.id());
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> listener.eventsFor(job.id()).size() == 1);
    }

    // ------------------------------------------------------------------ helpers

    private VideoProvider impatientClient(Duration readTimeout) {
        ProvidersConfig.Provider base = providersConfig.providers().get("simulator");
        return new OpenAiVideoProvider("impatient", new Overrides(base, readTimeout, base.apiKey()), sim.catalog(),
                () -> local.url() + "/sim/v1", json, Backoff.Sleeper.REAL, new Random(), io.reelgate.provider.ProviderHttp.CallObserver.NONE);
    }

    private VideoProvider clientWithKey(String key) {
        ProvidersConfig.Provider base = providersConfig.providers().get("simulator");
        return new OpenAiVideoProvider("wrong-key", new Overrides(base, base.readTimeout(), Optional.of(key)),
                sim.catalog(), () -> local.url() + "/sim/v1", json, Backoff.Sleeper.REAL, new Random(),
                io.reelgate.provider.ProviderHttp.CallObserver.NONE);
    }

    private static Color averageColour(BufferedImage image) {
        long r = 0, g = 0, b = 0;
        int n = 0;
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                int rgb = image.getRGB(x, y);
                r += (rgb >> 16) & 0xFF;
                g += (rgb >> 8) & 0xFF;
                b += rgb & 0xFF;
                n++;
            }
        }
        return new Color((int) (r / n), (int) (g / n), (int) (b / n));
    }

    static byte[] solidPng(int w, int h, Color colour) throws IOException {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(colour);
        g.fillRect(0, 0, w, h);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    /** The simulator provider's settings with a different read timeout or key. */
    record Overrides(ProvidersConfig.Provider base, Duration readTimeout, Optional<String> apiKey)
            implements ProvidersConfig.Provider {
        public boolean enabled() { return true; }
        public ProvidersConfig.Type type() { return base.type(); }
        public Optional<String> label() { return base.label(); }
        public Optional<String> baseUrl() { return base.baseUrl(); }
        public Optional<String> organization() { return base.organization(); }
        public Optional<String> project() { return base.project(); }
        public String catalog() { return base.catalog(); }
        public Duration connectTimeout() { return base.connectTimeout(); }
        public int maxRetries() { return base.maxRetries(); }
        public Duration retryBudget() { return base.retryBudget(); }
        public Duration backoffBase() { return base.backoffBase(); }
        public Duration backoffCap() { return base.backoffCap(); }
        public Optional<List<String>> webhookSecrets() { return base.webhookSecrets(); }
        public int upstreamRequestsPerMinute() { return base.upstreamRequestsPerMinute(); }
        public boolean simulated() { return base.simulated(); }
        public boolean webhookSecretFromApi() { return base.webhookSecretFromApi(); }
        public ProvidersConfig.OpenAiPreset preset() { return base.preset(); }
        public Optional<ProvidersConfig.AuthScheme> authScheme() { return base.authScheme(); }
        public Optional<String> apiVersion() { return base.apiVersion(); }
        public ProvidersConfig.CapabilityOverrides capabilities() { return base.capabilities(); }
        public Optional<Boolean> chargeModerationBlocked() { return base.chargeModerationBlocked(); }
        public Map<String, String> replacedModels() { return base.replacedModels(); }
        public Map<String, ProvidersConfig.CreativeOverrides> creative() { return base.creative(); }
        public ProvidersConfig.VertexSettings vertex() { return base.vertex(); }
        public ProvidersConfig.OpenRouterSettings openrouter() { return base.openrouter(); }
        public ProvidersConfig.RunwaySettings runway() { return base.runway(); }
        public ProvidersConfig.XaiSettings xai() { return base.xai(); }
    }
}
