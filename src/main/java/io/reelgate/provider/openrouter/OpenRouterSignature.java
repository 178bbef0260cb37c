package io.reelgate.provider.openrouter;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.reelgate.provider.StandardWebhooks.Verdict;

/**
 * OpenRouter's webhook signature (REFERENCE.md §9, its webhook cookbook):
 * {@code X-OpenRouter-Signature: t=<unix s>,v1=<hex HMAC-SHA256(secret, "{t},{rawBody}")>}, the
 * secret being the workspace's signing secret as text. Deliveries more than five minutes off are
 * refused, as the cookbook's receiver does.
 */
public final class OpenRouterSignature {

    public static final String HEADER = "X-OpenRouter-Signature";
    public static final String IDEMPOTENCY_HEADER = "X-OpenRouter-Idempotency-Key";
    public static final Duration TOLERANCE = Duration.ofSeconds(300);

    private OpenRouterSignature() {
    }

    /** The header value for {@code body} sent at {@code timestamp}. */
    public static String header(String secret, long timestamp, byte[] body) {
        return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(hmac(secret, timestamp, body));
    }

    /** Checks a header against every configured secret (two during a rotation), comparing in constant time. */
    public static Verdict verify(List<String> secrets, String header, byte[] body, Instant now) {
        if (header == null || header.isBlank()) {
            return Verdict.MISSING_HEADERS;
        }
        String t = null;
        List<String> signatures = new ArrayList<>();
        for (String part : header.split(",")) {
            String p = part.trim();
            if (p.startsWith("t=")) {
                t = p.substring(2);
            } else if (p.startsWith("v1=")) {
                signatures.add(p.substring(3));
            }
        }
        if (t == null || signatures.isEmpty()) {
            return Verdict.MISSING_HEADERS;
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(t);
        } catch (NumberFormatException e) {
            return Verdict.MALFORMED_TIMESTAMP;
        }
        long age = now.getEpochSecond() - timestamp;
        if (age > TOLERANCE.toSeconds()) {
            return Verdict.TOO_OLD;
        }
        if (-age > TOLERANCE.toSeconds()) {
            return Verdict.TOO_NEW;
        }
        for (String secret : secrets) {
            if (secret == null || secret.isBlank()) {
                continue;
            }
            byte[] expected = HexFormat.of().formatHex(hmac(secret.trim(), timestamp, body))
                    .getBytes(StandardCharsets.US_ASCII);
            for (String signature : signatures) {
                if (MessageDigest.isEqual(expected, signature.toLowerCase().getBytes(StandardCharsets.US_ASCII))) {
                    return Verdict.VALID;
                }
            }
        }
        return Verdict.BAD_SIGNATURE;
    }

    private static byte[] hmac(String secret, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ",").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
