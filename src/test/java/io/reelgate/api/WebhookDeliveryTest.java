package io.reelgate.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.budget.BudgetSettings;
import io.reelgate.team.ChangeRefused;
import io.reelgate.team.Team;
import io.reelgate.team.TeamRole;
import io.reelgate.team.Tier;
import io.reelgate.testing.Fixtures;
import io.reelgate.testing.Session;
import io.restassured.http.ContentType;

/**
 * Outgoing webhooks end to end: an admin registers an endpoint in the console, a receiver checks
 * every delivery with its own implementation of the Standard Webhooks algorithm, sees exactly one
 * {@code video.completed} per finished video — through a secret rotation and after being down for
 * 30 seconds — and the delivery log says what happened.
 */
@QuarkusTest
class WebhookDeliveryTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Fixtures fixtures;
    @Inject
    ApiKeys keys;
    @Inject
    BudgetSettings settings;
    @Inject
    DataSource dataSource;
    @Inject
    WebhookSender sender;

    private Receiver receiver;

    @AfterEach
    void stop() {
        if (receiver != null) {
            receiver.stop();
        }
    }

    /** One delivery as the receiver saw it. */
    record Seen(String webhookId, String type, String videoId, List<String> validSecrets) {
    }

    /** A webhook endpoint that verifies signatures with every secret it was told about. */
    static final class Receiver {
        final List<Seen> seen = new CopyOnWriteArrayList<>();
        final List<String> secrets = new CopyOnWriteArrayList<>();
        final List<String> rejected = new CopyOnWriteArrayList<>();
        final int port;
        private HttpServer server;

        Receiver(int port) throws IOException {
            start(port);
            this.port = server.getAddress().getPort();
        }

        void start(int at) throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", at), 0);
            server.createContext("/hooks", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                String id = exchange.getRequestHeaders().getFirst("webhook-id");
                String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
                String signatures = exchange.getRequestHeaders().getFirst("webhook-signature");
                List<String> valid = new ArrayList<>();
                for (String secret : secrets) {
                    if (verifies(secret, id, timestamp, signatures, body)) {
                        valid.add(secret);
                    }
                }
                int status;
                if (valid.isEmpty()) {
                    rejected.add(id);
                    status = 401;
                } else {
                    JsonNode event = JSON.readTree(body);
                    seen.add(new Seen(id, event.path("type").asText(), event.path("data").path("id").asText(), valid));
                    status = 204;
                }
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + port + "/hooks";
        }

        void stop() {
            server.stop(0);
        }

        List<Seen> of(String type) {
            return seen.stream().filter(s -> s.type().equals(type)).toList();
        }

        /**
         * The Standard Webhooks check, written from the spec rather than with Reelgate's code:
         * base64 HMAC-SHA256 of {@code id.timestamp.body} under the base64-decoded secret, any of
         * the space-separated {@code v1,} signatures, timestamp within five minutes.
         */
        static boolean verifies(String secret, String id, String timestamp, String header, byte[] body) {
            if (id == null || timestamp == null || header == null) {
                return false;
            }
            long ts = Long.parseLong(timestamp);
            long now = System.currentTimeMillis() / 1000;
            if (Math.abs(now - ts) > 300) {
                return false;
            }
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
                mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
                byte[] expected = mac.doFinal(body);
                for (String part : header.split(" ")) {
                    if (part.startsWith("v1,") && MessageDigest.isEqual(expected, Base64.getDecoder().decode(part.substring(3)))) {
                        return true;
                    }
                }
                return false;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private record Setup(Team team, Session admin, String key) {
        io.restassured.specification.RequestSpecification api() {
            return given().header("Authorization", "Bearer " + key);
        }

        String create(String prompt) {
            return api().contentType(ContentType.JSON).body(Map.of("prompt", prompt, "seconds", "4")).post("/v1/videos")
                    .then().statusCode(200).extract().path("id");
        }
    }

    private Setup setup() {
        Team team = fixtures.team("hooks", Tier.PRO);
        settings.update(team.id, new BudgetSettings.Form("100", "1", "HARD", "0", "", "50,75,90,100"));
        fixtures.teamsCustomLimits(team.id, 1000, 100_000);
        Session admin = fixtures.memberOf(team, "hana", TeamRole.ADMIN);
        long member = fixtures.personIn(team, "bot", TeamRole.MEMBER);
        return new Setup(team, admin, keys.create(team.id, member, "webhook test", null).secret());
    }

    private static Document page(io.restassured.response.Response r) {
        return Jsoup.parse(r.asString());
    }

    private String register(Setup s, String url, String... events) {
        var form = s.admin().form().formParam("url", url);
        for (String e : events) {
            form.formParam("event", e);
        }
        var r = form.post("/t/" + s.team().slug + "/admin/webhooks");
        assertEquals(200, r.statusCode(), r.asString());
        String secret = page(r).select("[data-testid=webhook-secret]").attr("value");
        assertThat(secret).startsWith("whsec_");
        return secret;
    }

    private long endpointId(Setup s) {
        String id = page(s.admin().given().get("/t/" + s.team().slug + "/admin/webhooks")).select("[data-testid^=endpoint-]")
                .attr("data-testid");
        return Long.parseLong(id.substring("endpoint-".length()));
    }

    @Test
    void everyFinishedVideoIsDeliveredOnceSignedAndARotatedSecretOverlaps() throws Exception {
        Setup s = setup();
        receiver = new Receiver(0);
        String first = register(s, receiver.url(), "video.completed", "video.failed");
        receiver.secrets.add(first);
        assertThat(page(s.admin().given().get("/t/" + s.team().slug + "/admin/webhooks")).text())
                .as("the secret is shown only once").doesNotContain(first);

        List<String> ids = List.of(s.create("Dawn over the bay"), s.create("Noon in the market"),
                s.create("A moderation-trigger scene"));
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> receiver.seen.size() >= 3);
        assertThat(receiver.of("video.completed")).extracting(Seen::videoId).containsExactlyInAnyOrder(ids.get(0), ids.get(1));
        assertThat(receiver.of("video.failed")).extracting(Seen::videoId).containsExactly(ids.get(2));
        assertThat(receiver.rejected).as("every delivery verified").isEmpty();
        for (Seen seen : receiver.seen) {
            assertEquals(List.of(first), seen.validSecrets());
            assertEquals(s.api().get("/v1/videos/" + seen.videoId()).jsonPath().getString("status"),
                    seen.type().equals("video.completed") ? "completed" : "failed", "the event matches the video's status");
        }

        // rotate: the new secret is shown once; for the overlap both sign
        long endpoint = endpointId(s);
        var rotated = s.admin().form().post("/t/" + s.team().slug + "/admin/webhooks/" + endpoint + "/rotate");
        String second = page(rotated).select("[data-testid=webhook-secret]").attr("value");
        assertThat(second).startsWith("whsec_").isNotEqualTo(first);
        receiver.secrets.add(second);
        s.admin().form().post("/t/" + s.team().slug + "/admin/webhooks/" + endpoint + "/test").then().statusCode(303);
        String after = s.create("After the rotation");
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> receiver.of("webhook.test").size() == 1 && receiver.of("video.completed").size() == 3);
        for (Seen seen : List.of(receiver.of("webhook.test").get(0), receiver.of("video.completed").get(2))) {
            assertThat(seen.validSecrets()).as("a receiver on either secret verifies it").containsExactlyInAnyOrder(first, second);
        }
        assertEquals(after, receiver.of("video.completed").get(2).videoId());
        assertThat(receiver.seen).extracting(Seen::webhookId).doesNotHaveDuplicates();

        // the delivery log shows each delivery
        Document log = page(s.admin().given().get("/t/" + s.team().slug + "/admin/webhooks"));
        assertThat(log.select("[data-testid^=delivery-]")).hasSize(5);
        assertThat(log.select("[data-testid^=delivery-] .badge").eachText()).containsOnly("Delivered");
        assertThat(log.text()).contains("HTTP 204");
    }

    @Test
    void aReceiverDownForThirtySecondsGetsEveryEventExactlyOnceAfterwards() throws Exception {
        Setup s = setup();
        receiver = new Receiver(0);
        receiver.secrets.add(register(s, receiver.url(), "video.completed"));
        receiver.stop();
        long down = System.nanoTime();

        List<String> ids = List.of(s.create("Outage one"), s.create("Outage two"), s.create("Outage three"));
        // down until 30 s have passed and every delivery has failed more than once
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> System.nanoTime() - down >= Duration.ofSeconds(30).toNanos() && failedAttempts(s.team().id) >= 3);
        assertThat(receiver.seen).isEmpty();
        Document during = page(s.admin().given().get("/t/" + s.team().slug + "/admin/webhooks"));
        assertThat(during.select("[data-testid^=delivery-] .badge").eachText()).containsOnly("Retrying");

        receiver.start(receiver.port);
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> receiver.seen.size() >= 3);
        // give a duplicate every chance to show up: another full delivery pass
        sender.deliverDue();
        assertThat(receiver.of("video.completed")).extracting(Seen::videoId).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(receiver.seen).hasSize(3);
        Document after = page(s.admin().given().get("/t/" + s.team().slug + "/admin/webhooks"));
        assertThat(after.select("[data-testid^=delivery-] .badge").eachText()).containsOnly("Delivered");
    }

    @Test
    void deliveriesStillFailingAfterTheirDayAreGivenUp() throws Exception {
        Setup s = setup();
        receiver = new Receiver(0);
        register(s, receiver.url(), "video.completed");
        // the receiver knows no secret: it answers 401 to everything
        long endpoint = endpointId(s);
        try (var c = dataSource.getConnection(); var ps = c.prepareStatement("insert into webhook_delivery (endpoint_id, "
                + "team_id, event_id, type, payload, created_at) values (?, ?, 'evt_old', 'video.completed', '{}', "
                + "now() - interval '25 hours')")) {
            ps.setLong(1, endpoint);
            ps.setLong(2, s.team().id);
            ps.executeUpdate();
        }
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> "FAILED".equals(state("evt_old")));
        Document log = page(s.admin().given().get("/t/" + s.team().slug + "/admin/webhooks"));
        assertThat(log.select("[data-testid^=delivery-] .badge").eachText()).contains("Gave up");
    }

    @Test
    void endpointsMustBePublicHttpsInProductionAndChecksAreClear() {
        ApiConfig production = productionConfig();
        WebhookEndpoints strict = new WebhookEndpoints(null, null, production, JSON);
        for (String url : List.of("http://example.com/hook", "ftp://example.com/x", "not a url", "https://user:pw@example.com/")) {
            assertThatThrownBy(() -> strict.check(url)).as(url).isInstanceOf(ChangeRefused.class);
        }
        for (String host : List.of("127.0.0.1", "10.1.2.3", "192.168.0.10", "172.16.5.5", "169.254.169.254", "0.0.0.0",
                "::1", "fd00::1", "localhost")) {
            assertThatThrownBy(() -> strict.check("https://" + (host.contains(":") ? "[" + host + "]" : host) + "/hook"))
                    .as(host).isInstanceOf(ChangeRefused.class).hasMessageContaining("private address");
        }
        assertThat(strict.check("https://93.184.215.14/hook").getHost()).isEqualTo("93.184.215.14");

        // in the console: a clear error and nothing registered
        Setup s = setup();
        var r = s.admin().form().formParam("url", "ftp://example.com").formParam("event", "video.completed")
                .post("/t/" + s.team().slug + "/admin/webhooks");
        assertEquals(400, r.statusCode());
        assertThat(page(r).select("#webhook-error").text()).contains("http");
        var none = s.admin().form().formParam("url", "http://127.0.0.1:9/x").post("/t/" + s.team().slug + "/admin/webhooks");
        assertEquals(400, none.statusCode());
        assertThat(page(none).select("#webhook-error").text()).contains("at least one event");
        assertThat(page(s.admin().given().get("/t/" + s.team().slug + "/admin/webhooks")).select("[data-testid^=endpoint-]"))
                .isEmpty();
    }

    private int failedAttempts(long teamId) throws Exception {
        try (var c = dataSource.getConnection(); var ps = c.prepareStatement("select count(*) from webhook_delivery "
                + "where team_id = ? and state = 'PENDING' and attempts >= 2 and last_error is not null")) {
            ps.setLong(1, teamId);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private String state(String eventId) throws Exception {
        try (var c = dataSource.getConnection();
                var ps = c.prepareStatement("select state from webhook_delivery where event_id = ?")) {
            ps.setString(1, eventId);
            try (var rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static ApiConfig productionConfig() {
        return new ApiConfig() {
            public Duration idempotencyTtl() {
                return Duration.ofHours(24);
            }

            public int keysPerMember() {
                return 25;
            }

            public Duration lastUsedPrecision() {
                return Duration.ofSeconds(60);
            }

            public Webhooks webhooks() {
                return new Webhooks() {
                    public boolean allowPrivate() {
                        return false;
                    }

                    public Duration retryFor() {
                        return Duration.ofHours(24);
                    }

                    public Duration retryBase() {
                        return Duration.ofSeconds(10);
                    }

                    public Duration maxDelay() {
                        return Duration.ofMinutes(30);
                    }

                    public Duration keepFor() {
                        return Duration.ofDays(30);
                    }

                    public String interval() {
                        return "2s";
                    }

                    public Duration timeout() {
                        return Duration.ofSeconds(10);
                    }

                    public Duration rotationOverlap() {
                        return Duration.ofHours(24);
                    }

                    public int endpointsPerTeam() {
                        return 10;
                    }
                };
            }
        };
    }
}
