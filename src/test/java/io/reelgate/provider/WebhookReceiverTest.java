package io.reelgate.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.testing.Fixtures;
import io.reelgate.testing.RecordingListener;
import io.restassured.RestAssured;
import io.restassured.response.Response;

/** {@code POST /webhooks/openai} over HTTP, with signatures computed by the test itself. */
@QuarkusTest
class WebhookReceiverTest {

    static final String CURRENT = "whsec_cmVlbGdhdGUtc2ltdWxhdG9yLWRldi1zZWNyZXQtMDE=";
    static final String ROTATED_IN = "whsec_cm90YXRlZC1pbi1zZWNvbmQtc2VjcmV0LWZvci10ZXN0cw==";
    static final String UNKNOWN = "whsec_bm90LWEtc2VjcmV0LW9mLXRoaXMtYXBwLi4uLi4uLi4=";

    @Inject
    RecordingListener listener;
    @Inject
    EntityManager em;

    @Test
    void aValidDeliveryIsStoredAnsweredAndHandedToTheListener() {
        String video = Fixtures.unique("video");
        Response r = post(CURRENT, Fixtures.unique("wh"), Instant.now(), body("video.completed", video), null);
        assertEquals(200, r.statusCode());
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> listener.eventsFor(video).size() == 1);
        assertEquals("simulator", listener.eventsFor(video).get(0).provider());
        assertEquals(1, rows(video));
    }

    @Test
    void aDuplicateIsAcknowledgedAndDropped() {
        String video = Fixtures.unique("video");
        String id = Fixtures.unique("wh");
        String body = body("video.failed", video);
        assertEquals(200, post(CURRENT, id, Instant.now(), body, null).statusCode());
        assertEquals(200, post(CURRENT, id, Instant.now(), body, null).statusCode());
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> listener.eventsFor(video).size() == 1);
        Awaitility.await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                .until(() -> listener.eventsFor(video).size() == 1);
        assertEquals(1, rows(video));
    }

    @Test
    void theRotatedInSecretIsAcceptedToo() {
        String video = Fixtures.unique("video");
        assertEquals(200, post(ROTATED_IN, Fixtures.unique("wh"), Instant.now(), body("video.completed", video), null)
                .statusCode());
    }

    @Test
    void forgedStaleFutureTamperedOrIncompleteDeliveriesLeaveNoTrace() {
        String video = Fixtures.unique("video");
        double refusedBefore = refusedCount();
        String body = body("video.completed", video);

        assertEquals(401, post(UNKNOWN, "wh_a", Instant.now(), body, null).statusCode(), "unknown secret");
        assertEquals(401, post(CURRENT, "wh_b", Instant.now().minusSeconds(330), body, null).statusCode(), "stale");
        assertEquals(401, post(CURRENT, "wh_c", Instant.now().plusSeconds(330), body, null).statusCode(), "future");
        assertEquals(401, post(CURRENT, "wh_d", Instant.now(), body, body.replace("completed", "failed")).statusCode(),
                "tampered body");
        assertEquals(400, RestAssured.given().contentType("application/json").body(body).post("/webhooks/openai")
                .statusCode(), "no headers");

        assertEquals(0, rows(video), "refused deliveries must not be stored");
        Awaitility.await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1))
                .until(() -> listener.eventsFor(video).isEmpty());
        assertThat(refusedCount() - refusedBefore).isEqualTo(5.0);
    }

    @Test
    void needsNoCsrfTokenButIsNotABackdoorForForms() {
        String video = Fixtures.unique("video");
        assertEquals(200, post(CURRENT, Fixtures.unique("wh"), Instant.now(), body("video.completed", video), null)
                .statusCode());
        RestAssured.given().contentType("application/x-www-form-urlencoded").formParam("a", "b")
                .post("/webhooks/openai").then().statusCode(400);
    }

    private Response post(String secret, String id, Instant at, String signedBody, String sentBody) {
        long ts = at.getEpochSecond();
        String signature = StandardWebhooksTest.independentSignature(secret, id, ts, signedBody.getBytes(StandardCharsets.UTF_8));
        return RestAssured.given().contentType("application/json")
                .header("webhook-id", id)
                .header("webhook-timestamp", Long.toString(ts))
                .header("webhook-signature", signature)
                .body(sentBody == null ? signedBody : sentBody)
                .post("/webhooks/openai");
    }

    private static String body(String type, String video) {
        return "{\"id\":\"evt_" + video + "\",\"object\":\"event\",\"created_at\":" + Instant.now().getEpochSecond()
                + ",\"type\":\"" + type + "\",\"data\":{\"id\":\"" + video + "\"}}";
    }

    private long rows(String video) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from webhook_event where video_id = ?1").setParameter(1, video).getSingleResult()).longValue());
    }

    private static double refusedCount() {
        String metrics = io.reelgate.testing.Management.given().get("/q/metrics").asString();
        return metrics.lines().filter(l -> l.startsWith("reelgate_webhooks_total{") && l.contains("result=\"refused\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
