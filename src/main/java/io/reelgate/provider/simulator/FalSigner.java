package io.reelgate.provider.simulator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jboss.logging.Logger;

/**
 * The simulated fal's webhook side: an Ed25519 key pair of its own (with a kid, published as a
 * JWKS, replaced by {@link #rotate()}), and deliveries signed as fal signs them
 * ({@code request_id \n user_id \n timestamp \n hex(sha256(body))}, hex signature). Faults forge
 * the signature (another key), make the timestamp ten minutes old, drop or duplicate deliveries.
 * A non-2xx answer is tried again with doubling delays; every answer is recorded for tests.
 */
final class FalSigner {

    private static final Logger LOG = Logger.getLogger(FalSigner.class);

    /** One delivery attempt as the receiver answered it. */
    record Attempt(String requestId, String kind, int status, Instant at) {
    }

    private record Key(String kid, KeyPair pair) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final String userId;
    private final int maxAttempts;
    private final Duration retryBase;
    private final FaultPlan faults;
    private final List<Attempt> attempts = new CopyOnWriteArrayList<>();
    private final AtomicInteger generation = new AtomicInteger();
    private volatile Key key = newKey(0);

    FalSigner(String userId, int maxAttempts, Duration retryBase, FaultPlan faults) {
        this.userId = userId;
        this.maxAttempts = maxAttempts;
        this.retryBase = retryBase;
        this.faults = faults;
    }

    /** The JWKS: the current key only (after a rotation the old one is gone). */
    Map<String, Object> jwks() {
        Key k = key;
        Map<String, Object> jwk = new LinkedHashMap<>();
        jwk.put("kty", "OKP");
        jwk.put("crv", "Ed25519");
        jwk.put("use", "sig");
        jwk.put("kid", k.kid());
        jwk.put("x", Base64.getUrlEncoder().withoutPadding().encodeToString(raw(k.pair())));
        return Map.of("keys", List.of(jwk));
    }

    /** A new key pair and kid; returns the kid. */
    String rotate() {
        key = newKey(generation.incrementAndGet());
        return key.kid();
    }

    List<Attempt> attempts() {
        return new ArrayList<>(attempts);
    }

    /** Sends a request's webhook (with the faults in force now), on the scheduler's threads. */
    void send(String url, String requestId, String body, ScheduledExecutorService scheduler) {
        if (faults.webhookDrop) {
            LOG.debugf("Simulated fal drops the webhook of %s (fault)", requestId);
            return;
        }
        String kind = faults.falWebhookForged ? "forged" : faults.falWebhookStale ? "stale" : "signed";
        attempt(url, requestId, body, kind, 1, scheduler);
        if (faults.webhookDuplicate) {
            attempt(url, requestId, body, kind, 1, scheduler);
        }
    }

    private void attempt(String url, String requestId, String body, String kind, int n, ScheduledExecutorService scheduler) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        long timestamp = Instant.now().getEpochSecond() - ("stale".equals(kind) ? 600 : 0);
        KeyPair signing = "forged".equals(kind) ? newKey(-1).pair() : key.pair();
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15))
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "fal-webhooks (simulated)")
                    .header("X-Fal-Webhook-Request-Id", requestId)
                    .header("X-Fal-Webhook-User-Id", userId)
                    .header("X-Fal-Webhook-Timestamp", Long.toString(timestamp))
                    .header("X-Fal-Webhook-Signature", sign(signing, requestId, timestamp, bytes))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
        } catch (IllegalArgumentException e) {
            LOG.warnf("Simulated fal: webhook URL %s is invalid: %s", url, e.getMessage());
            return;
        }
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            int status = error == null ? response.statusCode() : 0;
            attempts.add(new Attempt(requestId, kind, status, Instant.now()));
            if (attempts.size() > 1000) {
                attempts.remove(0); // a record for tests and demos, not a log
            }
            if (status >= 200 && status < 300) {
                return;
            }
            if (n >= maxAttempts) {
                LOG.debugf("Simulated fal gave up on the webhook of %s after %d attempts", requestId, n);
                return;
            }
            long delay = retryBase.toMillis() << Math.min(n - 1, 20);
            scheduler.schedule(() -> attempt(url, requestId, body, kind, n + 1, scheduler), delay, TimeUnit.MILLISECONDS);
        });
    }

    private String sign(KeyPair pair, String requestId, long timestamp, byte[] body) {
        try {
            String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(pair.getPrivate());
            signer.update((requestId + "\n" + userId + "\n" + timestamp + "\n" + digest).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Key newKey(int n) {
        try {
            return new Key("sim-fal-" + n + "-" + Long.toHexString(System.nanoTime()),
                    KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The raw 32-byte public key: the tail of its X.509 encoding. */
    private static byte[] raw(KeyPair pair) {
        byte[] der = pair.getPublic().getEncoded();
        return Arrays.copyOfRange(der, der.length - 32, der.length);
    }
}
