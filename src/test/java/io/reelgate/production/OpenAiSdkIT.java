package io.reelgate.production;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import io.reelgate.embedded.LocalS3Server;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The official OpenAI JavaScript SDK as a contract: its Videos calls and its webhook verification
 * run against the packaged app ({@code quarkus-run.jar}, prod profile) on PostgreSQL and S3, with the
 * built-in simulator as the provider. The SDK is the version pinned in {@code src/test/sdk/package-lock.json}
 * ({@code npm ci --prefix src/test/sdk}); without Node.js or the installed SDK the test skips, and with
 * {@code -Dreelgate.e2e.required=true} (CI) it fails.
 *
 * <p>The API key is the demo data's (Alice in acme, docs/api.md). The webhook endpoint is registered and
 * its secret rotated with the SQL of {@code api/WebhookEndpoints} (the admin page needs a sign-in at an
 * identity provider, which {@code WebhookDeliveryTest} and the production end-to-end test cover);
 * Reelgate's outbox then delivers real events, which the SDK's {@code webhooks.unwrap} verifies.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpenAiSdkIT {

    /** api/DemoKey.DEV_API_KEY: the demo data's key for Alice in acme. */
    private static final String API_KEY = "rg_alice-acme-dev-key-000000000000000000000000";
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final SecureRandom RANDOM = new SecureRandom();

    private static Services services;
    private static EmbeddedPostgres postgres;
    private static HttpServer receiver;
    private static Path sdk;
    private static Path node;
    private static String jdbcUrl;
    private static String api;
    private static long endpointId;
    private static String firstSecret;
    /** Every delivery the receiver got, body and headers exactly as sent. */
    private static final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private static String videosOutput = "";

    record Delivery(String id, String timestamp, String signature, String body) {
        Map<String, String> headers() {
            return Map.of("webhook-id", id, "webhook-timestamp", timestamp, "webhook-signature", signature,
                    "content-type", "application/json");
        }
    }

    @BeforeAll
    static void startThePackagedApp() throws Exception {
        long t0 = System.nanoTime();
        node = Services.tool("node", "Node.js 20 or newer: apt-get install -y nodejs, or the machine image's /usr/bin/node");
        sdk = Path.of(System.getProperty("reelgate.sdk.dir", "src/test/sdk")).toAbsolutePath();
        if (!Files.isRegularFile(sdk.resolve("node_modules/openai/package.json"))) {
            Services.missing("the OpenAI SDK is not installed in " + sdk + " (npm ci --prefix src/test/sdk)");
        }
        Path app = Services.file("reelgate.e2e.app", "run ./mvnw package (the IT runs the packaged app)");
        Path s3proxy = Services.file("reelgate.e2e.s3proxy", "run ./mvnw package");
        Path work = Path.of(System.getProperty("reelgate.e2e.work", "target/e2e/work")).resolveSibling("sdk");
        deleteRecursively(work);
        Files.createDirectories(work);
        services = new Services(work);

        postgres = EmbeddedPostgres.builder().setPort(Services.freePort()).setDataDirectory(work.resolve("pgdata"))
                .setCleanDataDirectory(true).start();
        jdbcUrl = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
        String s3 = LocalS3Server.start(null, s3proxy.toString());
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hooks", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            var h = exchange.getRequestHeaders();
            deliveries.add(new Delivery(h.getFirst("webhook-id"), h.getFirst("webhook-timestamp"), h.getFirst("webhook-signature"), body));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();

        int port = Services.freePort();
        int management = Services.freePort();
        api = "http://127.0.0.1:" + port + "/v1";
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_MANAGEMENT_HOST", "127.0.0.1");
        env.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(management));
        env.put("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl);
        env.put("QUARKUS_DATASOURCE_USERNAME", "postgres");
        env.put("QUARKUS_DATASOURCE_PASSWORD", "postgres");
        // /v1 authenticates with team keys only; no identity provider is needed for it.
        env.put("QUARKUS_OIDC_TENANT_ENABLED", "false");
        env.put("REELGATE_STORAGE_ENDPOINT", s3);
        env.put("REELGATE_STORAGE_ACCESS_KEY", LocalS3Server.ACCESS_KEY);
        env.put("REELGATE_STORAGE_SECRET_KEY", LocalS3Server.SECRET_KEY);
        // its own bucket: the production end-to-end test may share this JVM's S3Proxy and counts the objects of its own
        env.put("REELGATE_STORAGE_BUCKET", "sdk-check");
        env.put("QUARKUS_MAILER_MOCK", "true");
        env.put("REELGATE_DEMO_DATA", "true");
        env.put("REELGATE_IDENTITY_ISSUER", "sdk-check");
        // the built-in simulator as the only provider, fast and with tiny frames
        env.put("REELGATE_SIMULATOR_ENABLED", "true");
        env.put("REELGATE_PROVIDERS_OPENAI_ENABLED", "false");
        env.put("REELGATE_PROVIDER_DEFAULT_NAME", "simulator");
        env.put("REELGATE_SIMULATOR_QUEUE_TIME", "100MS");
        env.put("REELGATE_SIMULATOR_GENERATION_TIME", "500MS");
        env.put("REELGATE_SIMULATOR_REQUESTS_PER_MINUTE", "10000");
        env.put("REELGATE_SIMULATOR_RENDER_MAX_DIMENSION", "96");
        env.put("REELGATE_SIMULATOR_RENDER_FPS", "4");
        env.put("REELGATE_SIMULATOR_RENDER_CACHE_DIR", work.resolve("sim-cache").toAbsolutePath().toString());
        env.put("REELGATE_GENERATION_QUIET_AFTER", "1S");
        env.put("REELGATE_GENERATION_QUIET_PER_VIDEO_SECOND", "100MS");
        env.put("REELGATE_GENERATION_MIN_POLL_INTERVAL", "200MS");
        env.put("REELGATE_GENERATION_MAX_POLL_INTERVAL", "1S");
        // outgoing webhooks to the receiver on loopback, swept every second (the scheduler's shortest period)
        env.put("REELGATE_API_WEBHOOKS_ALLOW_PRIVATE", "true");
        env.put("REELGATE_API_WEBHOOKS_INTERVAL", "1s");
        Path tmp = Files.createDirectories(work.resolve("tmp")).toAbsolutePath();
        Process process = services.start("app", List.of(java(), "-Xmx384m", "-Djava.io.tmpdir=" + tmp,
                "-Dorg.bytedeco.javacpp.cachedir=" + tmp.resolve("javacpp"), "-jar", app.toString()), env, work);
        Services.await("the packaged app ready", DEADLINE,
                () -> process.isAlive() && Services.status("http://127.0.0.1:" + management + "/q/health/ready") == 200,
                services.log("app"));

        firstSecret = newSecret();
        endpointId = registerEndpoint("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks", firstSecret);
        say("packaged app, PostgreSQL, S3Proxy and a webhook receiver up in %.1f s; SDK in %s", seconds(t0), sdk);
    }

    @AfterAll
    static void stopEverything() throws IOException {
        if (services != null) {
            services.close();
        }
        if (receiver != null) {
            receiver.stop(0);
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    @Order(1)
    void theOfficialJavaScriptSdkDrivesTheVideosApi() throws Exception {
        long t0 = System.nanoTime();
        Result run = node(Map.of("REELGATE_URL", api, "REELGATE_KEY", API_KEY, "REELGATE_DEADLINE_MS",
                Long.toString(DEADLINE.toMillis())), sdk.resolve("videos.mjs").toString());
        videosOutput = run.output();
        assertThat(run.exitCode()).as("videos.mjs (see src/test/sdk/videos.mjs):\n%s", run.output()).isZero();
        for (String check : List.of("create", "createAndPoll", "retrieve", "downloadContent video", "downloadContent thumbnail",
                "downloadContent spritesheet", "remix", "list with auto-pagination", "400 BadRequestError with param",
                "404 NotFoundError", "delete")) {
            assertThat(run.output()).as("the check '%s' ran and passed:\n%s", check, run.output()).contains("ok " + check + " ");
        }
        say("the SDK's Videos calls passed in %.1f s:\n%s", seconds(t0), run.output().strip());
    }

    @Test
    @Order(2)
    void theSdkVerifiesRealDeliveriesAlsoDuringASecretRotation() throws Exception {
        long t0 = System.nanoTime();
        assertThat(videosOutput).as("the Videos test ran first and made three videos").contains("ok remix ");
        // three videos completed (created, polled, remixed): three video.completed events, each signed once
        Services.await("three video.completed deliveries", DEADLINE, () -> deliveries.size() >= 3, services.log("app"));
        List<Delivery> before = List.copyOf(deliveries);
        assertThat(before).as("one signature per delivery before the rotation").allSatisfy(d -> assertThat(d.signature())
                .matches("v1,[A-Za-z0-9+/=]+"));

        String secondSecret = newSecret();
        rotate(endpointId, secondSecret);
        String videoId = createVideo("A harbour at dusk, after the rotation");
        String eventId = "evt_" + videoId + "_completed";
        Services.await("the delivery of " + eventId, DEADLINE,
                () -> deliveries.stream().anyMatch(d -> eventId.equals(d.id())), services.log("app"));
        Delivery rotated = deliveries.stream().filter(d -> eventId.equals(d.id())).findFirst().orElseThrow();
        assertThat(rotated.signature()).as("during the overlap a delivery carries the new and the old signature")
                .matches("v1,\\S+ v1,\\S+");

        List<Map<String, Object>> cases = new ArrayList<>();
        Delivery plain = before.get(0);
        String plainVideo = JSON.readTree(plain.body()).path("data").path("id").asText();
        cases.add(unwrapCase("before the rotation, with its secret", plain, firstSecret, "verified", plainVideo));
        cases.add(unwrapCase("during the rotation, with the new secret", rotated, secondSecret, "verified", videoId));
        cases.add(unwrapCase("during the rotation, with the old secret (a receiver not yet switched)", rotated, firstSecret,
                "verified", videoId));
        cases.add(unwrapCase("during the rotation, with an unrelated secret", rotated, newSecret(), "rejected", videoId));
        Delivery tampered = new Delivery(rotated.id(), rotated.timestamp(), rotated.signature(),
                rotated.body().replace(videoId, "video_1"));
        cases.add(unwrapCase("a body changed on the way", tampered, secondSecret, "rejected", videoId));
        Path file = services.work().resolve("webhook-cases.json");
        JSON.writeValue(file.toFile(), cases);

        Result run = node(Map.of(), sdk.resolve("webhooks.mjs").toString(), file.toString());
        assertThat(run.exitCode()).as("webhooks.mjs on %s:\n%s", file, run.output()).isZero();
        assertThat(run.output()).as(run.output()).contains("OK");
        say("webhooks.unwrap verified Reelgate's deliveries before and during a secret rotation in %.1f s:\n%s", seconds(t0),
                run.output().strip());
    }

    // ------------------------------------------------------------------ Reelgate, as its admin page and API do it

    /** What {@code WebhookEndpoints.create} writes for Alice in acme. */
    private static long registerEndpoint(String url, String secret) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
                PreparedStatement s = c.prepareStatement("""
                        insert into webhook_endpoint (team_id, url, events, secret, created_by)
                        select t.id, ?, cast(? as text[]), ?, u.id from team t, app_user u
                        where t.slug = 'acme' and u.subject = 'alice'
                        returning id
                        """)) {
            s.setString(1, url);
            s.setString(2, "{video.completed,video.failed}");
            s.setString(3, secret);
            try (var rs = s.executeQuery()) {
                assertThat(rs.next()).as("the demo data has acme and alice").isTrue();
                return rs.getLong(1);
            }
        }
    }

    /** What {@code WebhookEndpoints.rotate} does: the old secret keeps signing for the overlap. */
    private static void rotate(long endpoint, String secret) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
                PreparedStatement s = c.prepareStatement("""
                        update webhook_endpoint
                        set previous_secret = secret, secret = ?, previous_until = now() + make_interval(hours => 24)
                        where id = ?
                        """)) {
            s.setString(1, secret);
            s.setLong(2, endpoint);
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
    }

    private static String createVideo(String prompt) throws IOException, InterruptedException {
        String body = JSON.writeValueAsString(Map.of("model", "simulator/sora-2", "prompt", prompt, "seconds", "4", "size", "720x1280"));
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(api + "/videos"))
                .header("Authorization", "Bearer " + API_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).get("id").asText();
    }

    private static String newSecret() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }

    private static Map<String, Object> unwrapCase(String name, Delivery d, String secret, String expect, String videoId) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name);
        c.put("body", d.body());
        c.put("headers", d.headers());
        c.put("secret", secret);
        c.put("expect", expect);
        c.put("type", "video.completed");
        c.put("videoId", videoId);
        return c;
    }

    // ------------------------------------------------------------------ Node.js

    record Result(int exitCode, String output) {
    }

    private static Result node(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(node.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(sdk.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process p = builder.start();
        // read while it runs; the deadline covers every video the script waits for
        var output = new java.util.concurrent.CompletableFuture<String>();
        Thread reader = new Thread(() -> {
            try {
                output.complete(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                output.completeExceptionally(e);
            }
        }, "node-output");
        reader.start();
        if (!p.waitFor(DEADLINE.toSeconds() * 2, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor();
        }
        String text;
        try {
            text = output.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            text = "(output unreadable: " + e + ")";
        }
        return new Result(p.exitValue(), text);
    }

    // ------------------------------------------------------------------ helpers

    private static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static void say(String format, Object... args) {
        System.out.println("[sdk] " + String.format(format, args));
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
