package io.reelgate.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedDeque;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.reelgate.provider.Backoff;
import io.reelgate.provider.CreateVideo;
import io.reelgate.provider.InputImage;
import io.reelgate.provider.ListQuery;
import io.reelgate.provider.ModelCatalog;
import io.reelgate.provider.ProviderError.Kind;
import io.reelgate.provider.ProviderResult;
import io.reelgate.provider.ProvidersConfig;
import io.reelgate.provider.ResultRef;
import io.reelgate.provider.Variant;
import io.reelgate.provider.VideoContent;
import io.reelgate.provider.RemoteVideo;
import io.reelgate.provider.VideoStatus;

/**
 * The OpenAI client against a scripted HTTP server: the real API's JSON samples, its error bodies,
 * retries, backoff (with a recording sleeper instead of waiting) and the no-blind-retry rule for creates.
 */
class OpenAiVideoProviderTest {

    record Reply(int status, Map<String, String> headers, byte[] body, long delayMs) {
        static Reply json(int status, String body) {
            return new Reply(status, Map.of("Content-Type", "application/json"), body.getBytes(StandardCharsets.UTF_8), 0);
        }

        Reply with(String header, String value) {
            Map<String, String> h = new java.util.HashMap<>(headers);
            h.put(header, value);
            return new Reply(status, h, body, delayMs);
        }

        Reply delayed(long ms) {
            return new Reply(status, headers, body, ms);
        }
    }

    record Seen(String method, String path, Map<String, List<String>> headers, byte[] body) {
    }

    HttpServer server;
    final ConcurrentLinkedDeque<Reply> script = new ConcurrentLinkedDeque<>();
    final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());
    final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());
    final List<Integer> attempts = Collections.synchronizedList(new ArrayList<>());
    Reply fallback;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                Map.copyOf(exchange.getRequestHeaders()), body));
        Reply reply = Optional.ofNullable(script.pollFirst()).orElse(fallback);
        try {
            if (reply.delayMs() > 0) {
                Thread.sleep(reply.delayMs());
            }
            reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply.body());
            }
        } catch (InterruptedException | IOException e) {
            exchange.close();
        }
    }

    private OpenAiVideoProvider client(Settings settings) {
        String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
        return client(settings, base);
    }

    private OpenAiVideoProvider client(Settings settings, String base) {
        return new OpenAiVideoProvider("test", settings, new ModelCatalog("empty", List.of()), () -> base,
                new ObjectMapper(), sleeps::add, new Random(7), (p, c, o, a, e) -> attempts.add(a));
    }

    private static String fixture(String name) throws IOException {
        try (InputStream in = OpenAiVideoProviderTest.class.getResourceAsStream("/fixtures/openai-videos/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    // ------------------------------------------------------------------ JSON samples

    @Test
    void parsesTheVideoObjectsOfTheRealApi() throws IOException {
        OpenAiVideoProvider client = client(Settings.defaults());
        script.add(Reply.json(200, fixture("video-completed.json")));
        script.add(Reply.json(200, fixture("video-in-progress.json")));
        script.add(Reply.json(200, fixture("video-queued.json")));
        script.add(Reply.json(200, fixture("video-remix-queued.json")));

        RemoteVideo completed = client.retrieve("video_68e6b1d2c5a48190b0f5e2a9c1d3e4f5").value();
        assertEquals(VideoStatus.COMPLETED, completed.status());
        assertEquals(8, completed.seconds(), "seconds arrives as the string \"8\"");
        assertEquals(Instant.ofEpochSecond(1760000187), completed.completedAt());
        assertEquals(Instant.ofEpochSecond(1760003787), completed.expiresAt());
        assertEquals("1280x720", completed.size());
        assertNull(completed.errorCode());

        RemoteVideo running = client.retrieve("x").value();
        assertEquals(VideoStatus.IN_PROGRESS, running.status());
        assertEquals(42, running.progress());
        assertNull(running.completedAt());

        assertEquals(VideoStatus.QUEUED, client.retrieve("x").value().status());
        assertEquals("video_68e6b1d2c5a48190b0f5e2a9c1d3e4f5", client.retrieve("x").value().remixedFromVideoId());
        assertEquals("/v1/videos/video_68e6b1d2c5a48190b0f5e2a9c1d3e4f5", seen.get(0).path());
    }

    @Test
    void failedVideosCarryTheirErrorCodeEvenWhenItIsUnknown() throws IOException {
        OpenAiVideoProvider client = client(Settings.defaults());
        script.add(Reply.json(200, fixture("video-failed-moderation.json")));
        script.add(Reply.json(200, fixture("video-failed-unknown-code.json")));

        RemoteVideo moderated = client.retrieve("a").value();
        assertEquals(VideoStatus.FAILED, moderated.status());
        assertEquals("moderation_blocked", moderated.errorCode());
        assertEquals(Kind.MODERATION_BLOCKED, moderated.failureKind());

        RemoteVideo unknown = client.retrieve("b").value();
        assertEquals("some_future_code", unknown.errorCode(), "unknown codes pass through");
        assertEquals(Kind.OTHER, unknown.failureKind());
        assertEquals("A code this client has never seen.", unknown.errorMessage());
    }

    @Test
    void parsesAListPageAndADeleteResponse() throws IOException {
        OpenAiVideoProvider client = client(Settings.defaults());
        script.add(Reply.json(200, fixture("list-page.json")));
        script.add(Reply.json(200, fixture("delete.json")));

        var page = client.list(ListQuery.first(1).next("video_prev")).value();
        assertEquals(1, page.data().size());
        assertTrue(page.hasMore());
        assertEquals("video_68e6b1d2c5a48190b0f5e2a9c1d3e4f5", page.lastId());
        assertThat(seen.get(0).path()).isEqualTo("/v1/videos?limit=1&order=desc&after=video_prev");

        assertTrue(client.delete("video_68e6b1d2c5a48190b0f5e2a9c1d3e4f5").value());
        assertEquals("DELETE", seen.get(1).method());
    }

    // ------------------------------------------------------------------ error bodies

    @Test
    void mapsTheRealApisErrorBodiesToTypedFailures() throws IOException {
        OpenAiVideoProvider client = client(Settings.defaults().retries(0));
        script.add(Reply.json(400, fixture("error-400-invalid-size.json")));
        script.add(Reply.json(404, fixture("error-404-not-found.json")));
        script.add(Reply.json(429, fixture("error-429-rate-limit.json")).with("Retry-After", "6"));
        script.add(Reply.json(401, "{\"error\":{\"message\":\"Incorrect API key provided\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}"));
        script.add(Reply.json(400, "{\"error\":{\"message\":\"Blocked\",\"type\":\"invalid_request_error\",\"param\":\"prompt\",\"code\":\"sentinel_block\"}}"));
        script.add(new Reply(500, Map.of(), "upstream exploded".getBytes(), 0));

        var invalid = client.create(new CreateVideo("sora-2", "p", "999x999", 8, Optional.empty())).error();
        assertEquals(Kind.INVALID_REQUEST, invalid.kind());
        assertEquals("size", invalid.param());
        assertThat(invalid.message()).contains("Supported values are");

        var missing = client.retrieve("video_does_not_exist").error();
        assertEquals(Kind.NOT_FOUND, missing.kind());
        assertEquals("video_not_found", missing.code());

        var limited = client.retrieve("x").error();
        assertEquals(Kind.RATE_LIMITED, limited.kind());
        assertEquals(Duration.ofSeconds(6), limited.retryAfter());

        assertEquals(Kind.UNAUTHORIZED, client.retrieve("x").error().kind());
        var blocked = client.create(new CreateVideo("sora-2", "p", "1280x720", 8, Optional.empty())).error();
        assertEquals(Kind.SENTINEL_BLOCK, blocked.kind());
        var broken = client.retrieve("x").error();
        assertEquals(Kind.UNAVAILABLE, broken.kind());
        assertThat(broken.message()).contains("500").contains("upstream exploded");
    }

    // ------------------------------------------------------------------ retries

    @Test
    void retriesRateLimitsAndWaitsAtLeastTheRetryAfterHint() throws IOException {
        OpenAiVideoProvider client = client(Settings.defaults());
        script.add(Reply.json(429, fixture("error-429-rate-limit.json")).with("retry-after-ms", "700"));
        script.add(Reply.json(429, fixture("error-429-rate-limit.json")).with("retry-after-ms", "700"));
        script.add(Reply.json(200, fixture("video-queued.json")));

        ProviderResult<RemoteVideo> result = client.create(new CreateVideo("sora-2", "p", "1280x720", 8, Optional.empty()));

        assertTrue(result.isOk(), result.toString());
        assertEquals(3, seen.size(), "two refused attempts, then success");
        assertThat(sleeps).hasSize(2).allMatch(d -> d.toMillis() >= 700);
        assertEquals(List.of(3), attempts);
    }

    @Test
    void backsOffExponentiallyWithFullJitterOnServerErrors() throws IOException {
        OpenAiVideoProvider client = client(Settings.defaults().retries(4));
        for (int i = 0; i < 4; i++) {
            script.add(Reply.json(503, "{\"error\":{\"message\":\"busy\",\"type\":\"server_error\"}}"));
        }
        script.add(Reply.json(200, fixture("video-completed.json")));

        assertTrue(client.retrieve("x").isOk());

        Backoff reference = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(16), new Random());
        assertThat(sleeps).hasSize(4);
        for (int i = 0; i < sleeps.size(); i++) {
            assertThat(sleeps.get(i)).as("wait before retry %d", i + 1).isBetween(Duration.ZERO, reference.ceiling(i));
        }
    }

    @Test
    void givesUpAfterTheConfiguredNumberOfRetries() {
        fallback = Reply.json(503, "{\"error\":{\"message\":\"busy\",\"type\":\"server_error\"}}");
        OpenAiVideoProvider client = client(Settings.defaults().retries(2));

        assertEquals(Kind.UNAVAILABLE, client.retrieve("x").error().kind());
        assertEquals(3, seen.size());
    }

    @Test
    void givesUpWhenTheNextWaitWouldExceedTheRetryBudget() {
        fallback = Reply.json(429, "{\"error\":{\"message\":\"slow down\",\"type\":\"requests\"}}").with("retry-after-ms", "20000");
        OpenAiVideoProvider client = client(Settings.defaults().retries(10));

        var error = client.retrieve("x").error();

        assertEquals(Kind.RATE_LIMITED, error.kind());
        assertEquals(Duration.ofSeconds(20), error.retryAfter(), "the hint is passed on to the caller");
        assertEquals(2, seen.size(), "20 s + 20 s would exceed the 30 s budget");
        assertThat(sleeps).containsExactly(Duration.ofSeconds(20));
    }

    @Test
    void aCreateThatTimedOutIsNotRetriedButReportedAsUnknownOutcome() throws Exception {
        script.add(Reply.json(200, fixture("video-queued.json")).delayed(1500));
        OpenAiVideoProvider client = client(Settings.defaults().readTimeout(Duration.ofMillis(300)));

        var error = client.create(new CreateVideo("sora-2", "p", "1280x720", 8, Optional.empty())).error();

        assertEquals(Kind.UNKNOWN_OUTCOME, error.kind());
        assertEquals(1, seen.size(), "the create must not be sent twice");
        assertThat(sleeps).isEmpty();
    }

    @Test
    void aCreateBehindAGatewayTimeoutIsAnUnknownOutcome() {
        script.add(Reply.json(504, "{\"error\":{\"message\":\"gateway timeout\",\"type\":\"server_error\"}}"));
        OpenAiVideoProvider client = client(Settings.defaults());

        assertEquals(Kind.UNKNOWN_OUTCOME, client.remix("video_1", "again").error().kind());
        assertEquals(1, seen.size());
    }

    @Test
    void readsAreRetriedAfterATimeout() throws IOException {
        script.add(Reply.json(200, fixture("video-queued.json")).delayed(1500));
        script.add(Reply.json(200, fixture("video-completed.json")));
        OpenAiVideoProvider client = client(Settings.defaults().readTimeout(Duration.ofMillis(300)));

        assertEquals(VideoStatus.COMPLETED, client.retrieve("x").value().status());
        assertEquals(2, seen.size());
    }

    @Test
    void anUnreachableProviderIsRetriedThenReportedUnavailable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        OpenAiVideoProvider client = client(Settings.defaults().retries(2), "http://127.0.0.1:" + closedPort + "/v1");

        var error = client.create(new CreateVideo("sora-2", "p", "1280x720", 8, Optional.empty())).error();

        assertEquals(Kind.UNAVAILABLE, error.kind(), "a refused connection never reached the provider: safe to retry");
        assertEquals(List.of(3), attempts);
    }

    @Test
    void anExhaustedQuotaIsNotRetried() {
        script.add(Reply.json(429, "{\"error\":{\"message\":\"You exceeded your current quota\",\"type\":\"insufficient_quota\",\"code\":\"insufficient_quota\"}}"));
        OpenAiVideoProvider client = client(Settings.defaults());

        var error = client.retrieve("x").error();
        assertEquals(Kind.OTHER, error.kind());
        assertEquals("insufficient_quota", error.code());
        assertEquals(1, seen.size());
    }

    // ------------------------------------------------------------------ request shape

    @Test
    void createSendsMultipartWithSecondsAsAStringAndTheImageAsATypedFilePart() throws IOException {
        script.add(Reply.json(200, fixture("video-queued.json")));
        OpenAiVideoProvider client = client(Settings.defaults());
        byte[] png = png(1280, 720);
        InputImage image = InputImage.of("frame.png", png).orElseThrow();

        client.create(new CreateVideo("sora-2", "A cat", "1280x720", 8, Optional.of(image)));

        Seen request = seen.get(0);
        assertEquals("/v1/videos", request.path());
        assertThat(request.headers().get("Content-type").get(0)).startsWith("multipart/form-data; boundary=");
        assertEquals("Bearer sk-test", request.headers().get("Authorization").get(0));
        assertEquals("org-1", request.headers().get("Openai-organization").get(0));
        assertEquals("proj-1", request.headers().get("Openai-project").get(0));
        String body = new String(request.body(), StandardCharsets.ISO_8859_1);
        assertThat(body).contains("name=\"seconds\"\r\n\r\n8\r\n").contains("name=\"model\"\r\n\r\nsora-2\r\n")
                .contains("name=\"input_reference\"; filename=\"frame.png\"\r\nContent-Type: image/png\r\n\r\n");
        assertThat(request.body().length).isGreaterThan(png.length);
    }

    @Test
    void downloadsStreamWithTheProvidersContentTypeAndLength() throws IOException {
        byte[] bytes = new byte[3_000_000];
        new Random(1).nextBytes(bytes);
        script.add(new Reply(200, Map.of("Content-Type", "image/webp"), bytes, 0));
        OpenAiVideoProvider client = client(Settings.defaults());

        try (VideoContent content = client.download(new ResultRef("video_1", null), Variant.THUMBNAIL).value()) {
            assertEquals("image/webp", content.contentType());
            assertEquals(3_000_000L, content.length().orElseThrow());
            assertThat(content.body().readAllBytes()).isEqualTo(bytes);
        }
        assertEquals("/v1/videos/video_1/content?variant=thumbnail", seen.get(0).path());
    }

    static byte[] png(int w, int h) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB), "png", out);
        return out.toByteArray();
    }

    /** Provider settings for tests. */
    record Settings(int maxRetries, Duration readTimeout) implements ProvidersConfig.Provider {
        static Settings defaults() {
            return new Settings(4, Duration.ofSeconds(5));
        }

        Settings retries(int n) {
            return new Settings(n, readTimeout);
        }

        Settings readTimeout(Duration timeout) {
            return new Settings(maxRetries, timeout);
        }

        @Override
        public boolean enabled() {
            return true;
        }

        @Override
        public ProvidersConfig.Type type() {
            return ProvidersConfig.Type.OPENAI;
        }

        @Override
        public Optional<String> label() {
            return Optional.empty();
        }

        @Override
        public Optional<String> baseUrl() {
            return Optional.empty();
        }

        @Override
        public Optional<String> apiKey() {
            return Optional.of("sk-test");
        }

        @Override
        public Optional<String> organization() {
            return Optional.of("org-1");
        }

        @Override
        public Optional<String> project() {
            return Optional.of("proj-1");
        }

        @Override
        public String catalog() {
            return "sora";
        }

        @Override
        public Duration connectTimeout() {
            return Duration.ofSeconds(2);
        }

        @Override
        public Duration retryBudget() {
            return Duration.ofSeconds(30);
        }

        @Override
        public Duration backoffBase() {
            return Duration.ofSeconds(1);
        }

        @Override
        public Duration backoffCap() {
            return Duration.ofSeconds(16);
        }

        @Override
        public int upstreamRequestsPerMinute() {
            return 50;
        }

        @Override
        public Optional<List<String>> webhookSecrets() {
            return Optional.empty();
        }

        @Override
        public boolean simulated() {
            return false;
        }

        @Override
        public boolean webhookSecretFromApi() {
            return false;
        }

        @Override
        public ProvidersConfig.OpenAiPreset preset() {
            return ProvidersConfig.OpenAiPreset.SORA;
        }

        @Override
        public Optional<ProvidersConfig.AuthScheme> authScheme() {
            return Optional.empty();
        }

        @Override
        public Optional<String> apiVersion() {
            return Optional.empty();
        }

        @Override
        public ProvidersConfig.CapabilityOverrides capabilities() {
            return io.reelgate.testing.ProviderSettings.noOverrides();
        }

        @Override
        public Optional<Boolean> chargeModerationBlocked() {
            return Optional.empty();
        }

        public java.util.Map<String, String> replacedModels() {
            return java.util.Map.of();
        }

        @Override
        public java.util.Map<String, ProvidersConfig.CreativeOverrides> creative() {
            return java.util.Map.of();
        }

        public ProvidersConfig.VertexSettings vertex() {
            throw new UnsupportedOperationException("not a Vertex provider");
        }

        public ProvidersConfig.OpenRouterSettings openrouter() {
            throw new UnsupportedOperationException("not an OpenRouter provider");
        }

        public ProvidersConfig.RunwaySettings runway() {
            throw new UnsupportedOperationException("not a Runway provider");
        }

        public ProvidersConfig.XaiSettings xai() {
            throw new UnsupportedOperationException("not an xAI provider");
        }
    }
}
