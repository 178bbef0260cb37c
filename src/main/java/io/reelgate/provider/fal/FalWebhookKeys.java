package io.reelgate.provider.fal;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.reelgate.provider.ProviderHttp;
import io.reelgate.provider.ProviderHttp.Call;
import io.reelgate.provider.ProviderResult;
import io.reelgate.provider.StandardWebhooks.Verdict;
import io.reelgate.provider.WebhookDelivery;

/**
 * Checks fal's webhook signatures (REFERENCE.md §3): Ed25519 over
 * {@code request_id \n user_id \n timestamp \n hex(sha256(body))}, hex in
 * {@code X-Fal-Webhook-Signature}, by any {@code OKP/Ed25519} key of fal's JWKS, the timestamp
 * within the tolerance. Keys are cached up to {@link FalConfig#jwksCacheTtl()} and fetched again
 * once when no cached key verifies a delivery (a rotation), at most every
 * {@link FalConfig#jwksRefetchInterval()}. JDK crypto only.
 */
final class FalWebhookKeys {

    private static final Logger LOG = Logger.getLogger(FalWebhookKeys.class);
    /** The DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410): the raw 32-byte key follows. */
    private static final byte[] ED25519_SPKI = HexFormat.of().parseHex("302a300506032b6570032100");

    private record Keys(List<PublicKey> keys, Instant fetchedAt) {
    }

    private final String provider;
    private final Supplier<String> jwksUrl;
    private final FalConfig config;
    private final ProviderHttp http;
    private final ObjectMapper json;
    private volatile Keys cached = new Keys(List.of(), Instant.EPOCH);
    private volatile Instant lastFetch = Instant.EPOCH;

    FalWebhookKeys(String provider, Supplier<String> jwksUrl, FalConfig config, ProviderHttp http, ObjectMapper json) {
        this.provider = provider;
        this.jwksUrl = jwksUrl;
        this.config = config;
        this.http = http;
        this.json = json;
    }

    /** VALID with {@code owner/app:request_id} (the job's id, when the URL named the app) or the request id. */
    WebhookDelivery.Check verify(WebhookDelivery delivery) {
        Optional<String> requestId = delivery.header("x-fal-webhook-request-id");
        Optional<String> userId = delivery.header("x-fal-webhook-user-id");
        Optional<String> timestamp = delivery.header("x-fal-webhook-timestamp");
        Optional<String> signature = delivery.header("x-fal-webhook-signature");
        if (requestId.isEmpty() || userId.isEmpty() || timestamp.isEmpty() || signature.isEmpty()) {
            return WebhookDelivery.Check.refused(Verdict.MISSING_HEADERS);
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.get().trim());
        } catch (NumberFormatException e) {
            return WebhookDelivery.Check.refused(Verdict.MALFORMED_TIMESTAMP);
        }
        long skew = seconds - delivery.receivedAt().getEpochSecond();
        if (skew < -config.webhookTolerance().toSeconds()) {
            return WebhookDelivery.Check.refused(Verdict.TOO_OLD);
        }
        if (skew > config.webhookTolerance().toSeconds()) {
            return WebhookDelivery.Check.refused(Verdict.TOO_NEW);
        }
        byte[] sig;
        try {
            sig = HexFormat.of().parseHex(signature.get().trim().toLowerCase());
        } catch (IllegalArgumentException e) {
            return WebhookDelivery.Check.refused(Verdict.BAD_SIGNATURE);
        }
        byte[] message = message(requestId.get(), userId.get(), timestamp.get().trim(), delivery.body());
        Instant now = Instant.now();
        boolean verified = verifies(keys(now), message, sig);
        if (!verified && !lastFetch.plus(config.jwksRefetchInterval()).isAfter(now)) {
            verified = verifies(fetch(now), message, sig); // perhaps fal rotated its keys
        }
        if (!verified) {
            return WebhookDelivery.Check.refused(Verdict.BAD_SIGNATURE);
        }
        String id = delivery.query("app").flatMap(app -> FalJobId.parse(app + ":" + requestId.get()))
                .map(FalJobId::toString).orElse(requestId.get());
        return WebhookDelivery.Check.valid(id);
    }

    /** What fal signs: {@code request_id \n user_id \n timestamp \n hex(sha256(body))}. */
    static byte[] message(String requestId, String userId, String timestamp, byte[] body) {
        try {
            String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
            return (requestId + "\n" + userId + "\n" + timestamp + "\n" + digest).getBytes(StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An Ed25519 public key from a JWK's {@code x} (base64url, the raw 32 bytes). */
    static PublicKey publicKey(String x) throws GeneralSecurityException {
        byte[] raw = Base64.getUrlDecoder().decode(x);
        if (raw.length != 32) {
            throw new GeneralSecurityException("an Ed25519 key has 32 bytes, not " + raw.length);
        }
        byte[] der = new byte[ED25519_SPKI.length + 32];
        System.arraycopy(ED25519_SPKI, 0, der, 0, ED25519_SPKI.length);
        System.arraycopy(raw, 0, der, ED25519_SPKI.length, 32);
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
    }

    private static boolean verifies(List<PublicKey> keys, byte[] message, byte[] signature) {
        for (PublicKey key : keys) {
            try {
                Signature verifier = Signature.getInstance("Ed25519");
                verifier.initVerify(key);
                verifier.update(message);
                if (verifier.verify(signature)) {
                    return true;
                }
            } catch (GeneralSecurityException | RuntimeException e) {
                // a malformed signature for this key: try the next
            }
        }
        return false;
    }

    private List<PublicKey> keys(Instant now) {
        Keys k = cached;
        Duration ttl = config.jwksCacheTtl().compareTo(Duration.ofHours(24)) > 0 ? Duration.ofHours(24)
                : config.jwksCacheTtl();
        if (k.keys().isEmpty() || !k.fetchedAt().plus(ttl).isAfter(now)) {
            return fetch(now);
        }
        return k.keys();
    }

    private synchronized List<PublicKey> fetch(Instant now) {
        lastFetch = now;
        HttpRequest request = HttpRequest.newBuilder(URI.create(jwksUrl.get())).timeout(Duration.ofSeconds(15))
                .header("Accept", "application/json").header("User-Agent", "reelgate/1").GET().build();
        ProviderResult<List<PublicKey>> fetched = http.json(Call.SECRET, request, this::parse);
        if (!fetched.isOk()) {
            LOG.warnf("%s: the webhook keys could not be fetched from %s: %s", provider, jwksUrl.get(),
                    fetched.error().message());
            return cached.keys();
        }
        cached = new Keys(fetched.value(), now);
        return fetched.value();
    }

    private List<PublicKey> parse(String body) throws java.io.IOException {
        JsonNode keys = json.readTree(body).path("keys");
        List<PublicKey> parsed = new ArrayList<>();
        for (JsonNode jwk : keys) {
            if (!"OKP".equals(jwk.path("kty").asText()) || !"Ed25519".equals(jwk.path("crv").asText())) {
                continue;
            }
            try {
                parsed.add(publicKey(jwk.path("x").asText()));
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                LOG.warnf("%s: skipping JWKS key %s: %s", provider, jwk.path("kid").asText("?"), e.getMessage());
            }
        }
        if (parsed.isEmpty()) {
            LOG.warnf("%s: the JWKS holds no Ed25519 key: %s", provider, body.length() > 500 ? body.substring(0, 500) : body);
        }
        return List.copyOf(parsed);
    }
}
