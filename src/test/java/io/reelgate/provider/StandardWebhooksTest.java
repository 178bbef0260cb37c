package io.reelgate.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.reelgate.provider.StandardWebhooks.Verdict;

/**
 * Standard Webhooks verification against the fixture vectors (checked with OpenAI's SDK) and
 * against signatures this test computes itself.
 */
class StandardWebhooksTest {

    private static final String SECRET = "whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    private static final String OTHER = "whsec_" + Base64.getEncoder().encodeToString("another key of 32 bytes........".getBytes());

    @Test
    void acceptsTheFixtureVectorsAtTheirTime() throws IOException {
        for (JsonNode c : vectors()) {
            assertEquals(Verdict.VALID, verify(List.of(secret("openai", c.get("secret").asText())), c,
                    body(c), validAt(c)).verdict(), c.get("headers").get("webhook-id").asText());
        }
    }

    @Test
    void refusesTheFixtureVectors301SecondsLaterOrWithAChangedBody() throws IOException {
        for (JsonNode c : vectors()) {
            List<StandardWebhooks.Secret> secrets = List.of(secret("openai", c.get("secret").asText()));
            assertEquals(Verdict.TOO_OLD, verify(secrets, c, body(c), validAt(c).plusSeconds(301)).verdict());
            byte[] changed = body(c).clone();
            changed[changed.length - 3] ^= 1;
            assertEquals(Verdict.BAD_SIGNATURE, verify(secrets, c, changed, validAt(c)).verdict());
        }
    }

    @Test
    void acceptsAt300SecondsEitherWayAndRefusesTheFuturePastThat() {
        Instant now = Instant.ofEpochSecond(1_800_000_000L);
        byte[] body = "{\"type\":\"video.completed\"}".getBytes(StandardCharsets.UTF_8);
        for (long skew : new long[] { -300, 300 }) {
            long ts = now.getEpochSecond() + skew;
            assertEquals(Verdict.VALID, StandardWebhooks.verify(List.of(secret("p", SECRET)), "wh_1", Long.toString(ts),
                    independentSignature(SECRET, "wh_1", ts, body), body, now).verdict(), "skew " + skew);
        }
        long future = now.getEpochSecond() + 301;
        assertEquals(Verdict.TOO_NEW, StandardWebhooks.verify(List.of(secret("p", SECRET)), "wh_1", Long.toString(future),
                independentSignature(SECRET, "wh_1", future, body), body, now).verdict());
    }

    @Test
    void refusesASignatureMadeWithAnotherSecret() {
        Instant now = Instant.now();
        byte[] body = "{}".getBytes();
        String signature = independentSignature(OTHER, "wh_2", now.getEpochSecond(), body);
        assertEquals(Verdict.BAD_SIGNATURE, StandardWebhooks.verify(List.of(secret("p", SECRET)), "wh_2",
                Long.toString(now.getEpochSecond()), signature, body, now).verdict());
    }

    @Test
    void acceptsWhenOnlyTheSecondOfSeveralSignaturesMatches() {
        Instant now = Instant.now();
        byte[] body = "{\"a\":1}".getBytes();
        String header = independentSignature(OTHER, "wh_3", now.getEpochSecond(), body) + " "
                + independentSignature(SECRET, "wh_3", now.getEpochSecond(), body);
        assertEquals(Verdict.VALID, StandardWebhooks.verify(List.of(secret("p", SECRET)), "wh_3",
                Long.toString(now.getEpochSecond()), header, body, now).verdict());
    }

    @Test
    void rotatedSecretsBothVerifyAndNameTheirProvider() {
        Instant now = Instant.now();
        byte[] body = "{}".getBytes();
        List<StandardWebhooks.Secret> secrets = List.of(secret("old", SECRET), secret("new", OTHER));
        var result = StandardWebhooks.verify(secrets, "wh_4", Long.toString(now.getEpochSecond()),
                independentSignature(OTHER, "wh_4", now.getEpochSecond(), body), body, now);
        assertEquals(Verdict.VALID, result.verdict());
        assertEquals("new", result.provider().orElseThrow());
    }

    @Test
    void aSecretWithoutPrefixIsUsedAsRawBytes() {
        Instant now = Instant.now();
        byte[] body = "{}".getBytes();
        String raw = "plain-shared-secret";
        String signature = "v1," + Base64.getEncoder().encodeToString(hmac(raw.getBytes(StandardCharsets.UTF_8),
                "wh_5." + now.getEpochSecond() + ".{}"));
        assertEquals(Verdict.VALID, StandardWebhooks.verify(List.of(secret("p", raw)), "wh_5",
                Long.toString(now.getEpochSecond()), signature, body, now).verdict());
    }

    @Test
    void missingOrMalformedHeadersAreBadRequestsNotAuthFailures() {
        Instant now = Instant.now();
        assertEquals(Verdict.MISSING_HEADERS, StandardWebhooks.verify(List.of(), null, "1", "v1,x", new byte[0], now).verdict());
        assertEquals(Verdict.MALFORMED_TIMESTAMP, StandardWebhooks.verify(List.of(), "id", "yesterday", "v1,x",
                new byte[0], now).verdict());
        assertThat(Verdict.MISSING_HEADERS.httpStatus()).isEqualTo(400);
        assertThat(Verdict.BAD_SIGNATURE.httpStatus()).isEqualTo(401);
        assertThat(Verdict.TOO_OLD.httpStatus()).isEqualTo(401);
    }

    @Test
    void signingMatchesTheIndependentComputation() {
        byte[] body = "{\"x\":true}".getBytes();
        assertEquals(independentSignature(SECRET, "wh_6", 1_700_000_000L, body),
                StandardWebhooks.sign(StandardWebhooks.key(SECRET), "wh_6", 1_700_000_000L, body));
    }

    // ---- helpers, written from the Standard Webhooks text rather than from the code under test

    static String independentSignature(String secret, String id, long ts, byte[] body) {
        byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        return "v1," + Base64.getEncoder().encodeToString(hmac(key, id + "." + ts + "." + new String(body, StandardCharsets.UTF_8)));
    }

    static byte[] hmac(byte[] key, String content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static StandardWebhooks.Result verify(List<StandardWebhooks.Secret> secrets, JsonNode c, byte[] body, Instant at) {
        JsonNode h = c.get("headers");
        return StandardWebhooks.verify(secrets, h.get("webhook-id").asText(), h.get("webhook-timestamp").asText(),
                h.get("webhook-signature").asText(), body, at);
    }

    private static StandardWebhooks.Secret secret(String provider, String secret) {
        return StandardWebhooks.Secret.of(provider, secret);
    }

    private static byte[] body(JsonNode c) {
        return c.get("body").asText().getBytes(StandardCharsets.UTF_8);
    }

    private static Instant validAt(JsonNode c) {
        return Instant.ofEpochSecond(c.get("valid_at_unix_time").asLong());
    }

    static JsonNode vectors() throws IOException {
        try (InputStream in = StandardWebhooksTest.class.getResourceAsStream("/fixtures/openai-videos/webhook-vectors.json")) {
            return new ObjectMapper().readTree(in).get("cases");
        }
    }
}
