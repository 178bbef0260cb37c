package io.reelgate.provider.vertex;

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
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.imageio.ImageIO;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.budget.BudgetSettings;
import io.reelgate.budget.Ledger;
import io.reelgate.budget.Money;
import io.reelgate.generation.GenerationService;
import io.reelgate.generation.JobState;
import io.reelgate.generation.JobStore;
import io.reelgate.generation.VideoJob;
import io.reelgate.media.ContentKind;
import io.reelgate.provider.Backoff;
import io.reelgate.provider.CreateVideo;
import io.reelgate.provider.InputImage;
import io.reelgate.provider.ModelCatalog;
import io.reelgate.provider.ProviderError;
import io.reelgate.provider.ProviderHttp;
import io.reelgate.provider.ProviderResult;
import io.reelgate.provider.Providers;
import io.reelgate.provider.ProvidersConfig;
import io.reelgate.provider.RemoteVideo;
import io.reelgate.provider.Variant;
import io.reelgate.provider.VideoContent;
import io.reelgate.provider.VideoProvider;
import io.reelgate.provider.VideoStatus;
import io.reelgate.provider.simulator.VertexSimulator;
import io.reelgate.team.Team;
import io.reelgate.testing.Fixtures;
import io.reelgate.testing.PipelineDrain;
import io.reelgate.testing.ProviderRuns;
import io.reelgate.testing.TestClock;
import io.reelgate.web.LocalServer;

/**
 * The Vertex AI (Veo) adapter against the simulated Vertex AI over HTTP: OAuth2 tokens from a
 * service-account key (signed JWT assertions the simulator verifies), {@code predictLongRunning}
 * with Vertex's own parameters, {@code fetchPredictOperation} to completion, inline and bucket
 * results, the safety filter, operation errors, {@code RESOURCE_EXHAUSTED} with its hint, retired
 * and unreachable models, a token revoked mid-job, one token for fifty concurrent jobs, a broken
 * key file, and the price of a second with and without sound through the pipeline.
 */
@QuarkusTest
class VertexOverHttpTest {

    static final String FAST = "veo-3.1-fast-generate-001";
    static final String KEY_FILE = "classpath:simulator/vertex-service-account.json";

    @Inject
    Providers providers;
    @Inject
    ProvidersConfig config;
    @Inject
    VertexSimulator simulator;
    @Inject
    LocalServer local;
    @Inject
    ObjectMapper json;
    @Inject
    PipelineDrain drain;
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
    TestClock clock;
    @Inject
    ProviderRuns runs;

    VideoProvider vertex;

    @BeforeEach
    void provider() {
        vertex = providers.get("vertex");
        drain.drain();
        faults(Map.of());
    }

    @AfterEach
    void reset() {
        faults(Map.of());
    }

    static void faults(Map<String, Object> plan) {
        ProviderRuns.faults(plan);
    }

    /** An adapter of its own (fresh credentials, settings changed by {@code vertex}), against the simulator. */
    private VertexVideoProvider adapter(Map<String, Object> vertexOverrides, Optional<String> keyFile,
            Backoff.Sleeper sleeper) {
        ProvidersConfig.Provider base = config.providers().get("vertex");
        ProvidersConfig.VertexSettings settings = override(ProvidersConfig.VertexSettings.class, base.vertex(),
                vertexOverrides);
        ProvidersConfig.Provider provider = override(ProvidersConfig.Provider.class, base, Map.of("vertex", settings));
        String sim = local.url() + "/sim/vertex";
        VertexCredentials credentials = VertexCredentials.load("vertex-test", keyFile, () -> Optional.of(URI.create(sim + "/token")));
        return new VertexVideoProvider("vertex-test", provider, vertex.catalog(), () -> sim, () -> sim, credentials, json, sleeper,
                new Random(), ProviderHttp.CallObserver.NONE);
    }

    /** {@code base} with some of its methods answering other values. */
    @SuppressWarnings("unchecked")
    private static <T> T override(Class<T> type, T base, Map<String, Object> values) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, (proxy, method, args) ->
                values.containsKey(method.getName()) ? values.get(method.getName()) : method.invoke(base, args));
    }

    private RemoteVideo awaitDone(VideoProvider provider, String id) {
        RemoteVideo[] last = new RemoteVideo[1];
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            ProviderResult<RemoteVideo> r = provider.retrieve(id);
            assertTrue(r.isOk(), () -> "polled: " + r);
            last[0] = r.value();
            return last[0].status().terminal();
        });
        return last[0];
    }

    private static byte[] all(VideoContent content) throws IOException {
        try (InputStream in = content.body()) {
            return in.readAllBytes();
        }
    }

    private static InputImage png(int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(40, 120, 200));
        g.fillRect(0, 0, width, height);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return InputImage.of("frame.png", out.toByteArray()).orElseThrow();
    }

    // ------------------------------------------------------------------ the adapter

    @Test
    void aTextVideoIsCreatedWithVertexParametersPolledAndStreamedFromTheInlineResult() throws IOException {
        ProviderResult<RemoteVideo> created = vertex.create(new CreateVideo(FAST, Fixtures.unique("A kite over dunes"),
                "1920x1080", 6, Optional.empty(), false, "text on screen"));
        assertTrue(created.isOk(), () -> "created: " + created);
        String id = created.value().id();
        assertThat(id).matches("projects/reelgate-dev/locations/us-central1/publishers/google/models/" + FAST
                + "/operations/[A-Za-z0-9_-]+");

        VertexSimulator.Received sent = simulator.received(id).orElseThrow();
        assertEquals(6, sent.seconds(), "durationSeconds as a number");
        assertEquals("16:9", sent.aspectRatio());
        assertEquals("1080p", sent.resolution());
        assertEquals(false, sent.audio(), "generateAudio off: the cheaper price was estimated");
        assertEquals(Optional.of("text on screen"), sent.negativePrompt());
        assertEquals(1, sent.sampleCount());

        RemoteVideo done = awaitDone(vertex, id);
        assertEquals(VideoStatus.COMPLETED, done.status(), done.errorCode() + ": " + done.errorMessage());
        assertNull(done.resultUrl(), "no bucket configured: the video comes inline");
        byte[] video = all(vertex.download(done.result(), Variant.VIDEO).value());
        assertEquals(ContentKind.MP4, ContentKind.of(video, video.length), "the decoded inline bytes are an MP4");
        assertThat(video.length).isGreaterThan(1000);
    }

    @Test
    void firstFrameLastFrameAndSeedReachVertex() throws IOException {
        CreateVideo request = new CreateVideo(FAST, Fixtures.unique("A door opens"), "720x1280", 4,
                Optional.of(png(720, 1280)), true, null).withLastFrame(png(720, 1280)).withSeed(4242);
        ProviderResult<RemoteVideo> created = vertex.create(request);
        assertTrue(created.isOk(), () -> "created: " + created);
        VertexSimulator.Received sent = simulator.received(created.value().id()).orElseThrow();
        assertTrue(sent.firstFrame(), "image sent");
        assertTrue(sent.lastFrame(), "lastFrame sent");
        assertEquals(4242L, sent.seed().orElseThrow());
        assertEquals("9:16", sent.aspectRatio());
        assertTrue(sent.audio());
        assertEquals(VideoStatus.COMPLETED, awaitDone(vertex, created.value().id()).status());
    }

    @Test
    void aResultInTheBucketIsFetchedWithTheTokenAndDeletedOnceStored() throws IOException {
        VertexVideoProvider bucketed = adapter(Map.of("storageUri", Optional.of("gs://reelgate-results/veo"),
                "deleteAfterIngest", true), Optional.of(KEY_FILE), Backoff.Sleeper.REAL);
        ProviderResult<RemoteVideo> created = bucketed.create(new CreateVideo(FAST, Fixtures.unique("A lighthouse"),
                "1280x720", 4, Optional.empty(), true, null));
        assertTrue(created.isOk(), () -> "created: " + created);
        assertEquals(Optional.of("gs://reelgate-results/veo/"), simulator.received(created.value().id()).orElseThrow()
                .storageUri(), "storageUri sent with a trailing slash");
        RemoteVideo done = awaitDone(bucketed, created.value().id());
        assertThat(done.resultUrl()).startsWith("gs://reelgate-results/veo/").endsWith(".mp4");

        byte[] video = all(bucketed.download(done.result(), Variant.VIDEO).value());
        assertEquals(ContentKind.MP4, ContentKind.of(video, video.length));
        int objects = simulator.objectCount();
        bucketed.ingested(done.result());
        assertEquals(objects - 1, simulator.objectCount(), "deleted from the bucket once stored");
        assertEquals(ProviderError.Kind.NOT_FOUND, bucketed.download(done.result(), Variant.VIDEO).error().kind());
    }

    @Test
    void theSafetyFilterIsARefusalWithGooglesReasonsAndAnOperationErrorFailsWithItsCode() {
        RemoteVideo filtered = awaitDone(vertex, vertex.create(new CreateVideo(FAST, "moderation-trigger "
                + Fixtures.unique("f"), "1280x720", 4, Optional.empty())).value().id());
        assertEquals(VideoStatus.FAILED, filtered.status());
        assertEquals("moderation_blocked", filtered.errorCode());
        assertThat(filtered.errorMessage()).contains("safety filters").contains("Support codes");

        RemoteVideo failed = awaitDone(vertex, vertex.create(new CreateVideo(FAST, "operation-error-trigger "
                + Fixtures.unique("e"), "1280x720", 4, Optional.empty())).value().id());
        assertEquals(VideoStatus.FAILED, failed.status());
        assertEquals("internal", failed.errorCode(), "google.rpc code 13 by name");
    }

    @Test
    void resourceExhaustedWaitsAsItsRetryInfoSays() {
        List<Duration> slept = new ArrayList<>();
        VertexVideoProvider recorded = adapter(Map.of(), Optional.of(KEY_FILE), slept::add);
        faults(Map.of("rateLimitNext", 1, "retryAfterMs", 2000));
        ProviderResult<RemoteVideo> created = recorded.create(new CreateVideo(FAST, Fixtures.unique("exhausted"),
                "1280x720", 4, Optional.empty()));
        assertTrue(created.isOk(), () -> "created after the quota came back: " + created);
        assertThat(slept).as("one wait, no sooner than the hint").hasSize(1);
        assertThat(slept.get(0)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));

        faults(Map.of("rateLimitNext", 50, "retryAfterMs", 40_000));
        ProviderError limited = recorded.create(new CreateVideo(FAST, "limited", "1280x720", 4, Optional.empty())).error();
        assertEquals(ProviderError.Kind.RATE_LIMITED, limited.kind());
        assertEquals("resource_exhausted", limited.code());
    }

    @Test
    void aRetiredModelNamesItsReplacementAndAnUnreachableModelIsAConfigurationProblem() {
        VertexVideoProvider own = adapter(Map.of(), Optional.of(KEY_FILE), Backoff.Sleeper.REAL);
        ProviderError retired = own.create(new CreateVideo("veo-3.0-generate-001", "old", "1280x720", 4,
                Optional.empty())).error();
        assertEquals(ProviderError.Kind.INVALID_REQUEST, retired.kind());
        assertEquals("model_retired", retired.code());
        assertThat(retired.message()).contains("use veo-3.1-generate-001 instead");

        ProviderError missing = own.create(new CreateVideo("veo-9-unheard-of", "new", "1280x720", 4, Optional.empty()))
                .error();
        assertEquals("model_not_found", missing.code());
        assertThat(missing.message()).contains("an operator must fix the configuration");
        assertThat(own.account().orElseThrow().problem()).as("shown on /ops")
                .contains("veo-9-unheard-of").contains("reelgate-dev");

        assertTrue(own.create(new CreateVideo(FAST, Fixtures.unique("fine"), "1280x720", 4, Optional.empty())).isOk());
        assertNull(own.account().orElseThrow().problem(), "a working create clears the problem");
    }

    @Test
    void aTokenRevokedMidJobIsRefreshedOnceAndTheJobGoesOn() {
        VertexVideoProvider own = adapter(Map.of(), Optional.of(KEY_FILE), Backoff.Sleeper.REAL);
        String id = own.create(new CreateVideo(FAST, Fixtures.unique("mid-job"), "1280x720", 4, Optional.empty()))
                .value().id();
        long tokens = simulator.tokensIssued();
        simulator.revokeTokens();
        assertEquals(VideoStatus.COMPLETED, awaitDone(own, id).status(), "the job goes on with a new token");
        assertEquals(tokens + 1, simulator.tokensIssued(), "exactly one refresh");
        assertThat(own.account().orElseThrow().lastRefresh()).isNotNull();
    }

    @Test
    void fiftyConcurrentJobsShareOneToken() throws Exception {
        VertexVideoProvider own = adapter(Map.of(), Optional.of(KEY_FILE), Backoff.Sleeper.REAL);
        long tokens = simulator.tokensIssued();
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            List<Callable<ProviderResult<RemoteVideo>>> calls = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                calls.add(() -> own.create(new CreateVideo(FAST, Fixtures.unique("crowd"), "1280x720", 4, Optional.empty())));
            }
            for (Future<ProviderResult<RemoteVideo>> f : pool.invokeAll(calls)) {
                assertTrue(f.get().isOk(), () -> "created: " + f);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(tokens + 1, simulator.tokensIssued(), "one token request for all fifty");
    }

    @Test
    void aBrokenKeyFileIsRefusedClearlySendsNothingAndTellsTheOperator(@org.junit.jupiter.api.io.TempDir Path dir)
            throws IOException {
        Path notAKey = dir.resolve("key.json");
        Files.writeString(notAKey, "{\"type\": \"service_account\", \"client_email\": \"x@y\"}");
        for (String file : List.of(notAKey.toString(), dir.resolve("missing.json").toString())) {
            long tokens = simulator.tokensIssued();
            VertexVideoProvider broken = adapter(Map.of(), Optional.of(file), Backoff.Sleeper.REAL);
            ProviderError refused = broken.create(new CreateVideo(FAST, "never sent", "1280x720", 4, Optional.empty()))
                    .error();
            assertEquals("credentials_invalid", refused.code());
            assertEquals(ProviderError.Kind.OTHER, refused.kind(), "final: the job fails at once and releases its money");
            assertThat(refused.message()).contains(file).contains("Nothing was sent to Google");
            assertThat(broken.account().orElseThrow().problem()).contains(file);
            assertEquals(tokens, simulator.tokensIssued(), "not even a token was asked for");
        }
    }

    @Test
    void theOperatorSeesTheServiceAccountNeverTheKey() throws IOException {
        VideoProvider.Account account = vertex.account().orElseThrow();
        assertEquals("reelgate-dev@reelgate-dev.iam.gserviceaccount.com", account.identity());
        assertThat(account.details()).contains("reelgate-dev").contains("us-central1");
        String keyFile;
        try (InputStream in = Thread.currentThread().getContextClassLoader()
                .getResourceAsStream("simulator/vertex-service-account.json")) {
            keyFile = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        String privateKeyLine = keyFile.lines().filter(l -> l.contains("private_key\"")).findFirst().orElseThrow();
        String secretSample = privateKeyLine.substring(privateKeyLine.indexOf("BEGIN PRIVATE KEY-----") + 30,
                privateKeyLine.indexOf("BEGIN PRIVATE KEY-----") + 60);
        assertThat(account.toString()).doesNotContain(secretSample);
    }

    @Test
    void theOperatorConsoleShowsWhoVertexSignsInAsAndWhere() {
        io.reelgate.testing.Session operator = io.reelgate.testing.Login.as(Fixtures.unique("otto"), "user,operator");
        org.jsoup.nodes.Document ops = org.jsoup.Jsoup.parse(operator.given().get("/ops").then().statusCode(200).extract()
                .asString());
        String card = ops.select("[data-testid=provider-vertex]").text();
        assertThat(card).contains("reelgate-dev@reelgate-dev.iam.gserviceaccount.com").contains("project reelgate-dev")
                .contains("location us-central1").contains("Vertex AI (Veo)").doesNotContain("PRIVATE KEY");
        assertThat(ops.select("[data-testid=provider-problem-vertex]")).as("no problem to report").isEmpty();
    }

    // ------------------------------------------------------------------ through the pipeline

    private VideoJob run(Team team, String model, String size, int seconds, boolean sound, String prompt) {
        return runs.run(team, "vertex", model, size, seconds, prompt, Optional.empty(), sound);
    }

    @Test
    void aVertexVideoIsStoredWithPreviewsAndChargedTheCatalogPriceWithAndWithoutSound() {
        Team team = runs.fundedTeam("vertex", "HARD");
        VideoJob silent = run(team, FAST, "1280x720", 4, false, Fixtures.unique("A quiet harbour"));
        assertEquals(JobState.COMPLETED, silent.state, silent.errorCode + ": " + silent.errorMessage);
        assertEquals(Money.parse("0.32"), Money.ofMicros(silent.chargedMicros), "4 s at 720p without sound, $0.08/s");
        assertThat(jobs.assets(silent.id)).extracting(a -> a.variant().apiName() + ":" + a.origin)
                .containsExactlyInAnyOrder("video:PROVIDER", "thumbnail:DERIVED", "spritesheet:DERIVED");

        VideoJob loud = run(team, FAST, "1920x1080", 8, true, Fixtures.unique("A loud harbour"));
        assertEquals(JobState.COMPLETED, loud.state, loud.errorCode + ": " + loud.errorMessage);
        assertEquals(Money.parse("0.96"), Money.ofMicros(loud.chargedMicros), "8 s at 1080p with sound, $0.12/s");

        VideoJob filtered = run(team, FAST, "1280x720", 4, true, "moderation-trigger " + Fixtures.unique("x"));
        assertEquals("moderation_blocked", filtered.errorCode);
        assertEquals(0L, filtered.chargedMicros, "filtered Vertex outputs are not charged (this provider's policy)");
        assertEquals(Money.ZERO, ledger.balance(team.id, clock.instant()).reserved());
        assertThat(ledger.reconcile().balanced()).isTrue();
    }

    /** The catalog the pipeline prices by offers the three GA/preview ids and nothing retired. */
    @Test
    void theCatalogOffersVeo31StandardFastAndLiteWithDraftsFinishedOnStandard() {
        ModelCatalog catalog = vertex.catalog();
        assertThat(catalog.models()).extracting(ModelCatalog.Model::name).containsExactlyInAnyOrder(
                "veo-3.1-generate-001", FAST, "veo-3.1-lite-generate-001");
        assertEquals("veo-3.1-generate-001", catalog.model(FAST).orElseThrow().finalModel());
        assertTrue(catalog.model(FAST).orElseThrow().audioChoice(), "sound is optional and priced apart");
    }
}
