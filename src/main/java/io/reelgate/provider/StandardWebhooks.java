package io.reelgate.provider;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Standard Webhooks scheme as OpenAI uses it: {@code webhook-signature} holds space-separated
 * {@code v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{raw body}">}; the key is the base64-decoded
 * rest of a {@code whsec_} secret (raw bytes otherwise). Timestamps more than {@link #TOLERANCE}
 * away from now, in either direction, are refused. Comparison is constant-time.
 */
public final class StandardWebhooks {

    public static final Duration TOLERANCE = Duration.ofSeconds(300);

    /** Why a delivery was refused, or {@code VALID}. */
    public enum Verdict {
        VALID, MISSING_HEADERS, MALFORMED_TIMESTAMP, TOO_OLD, TOO_NEW, BAD_SIGNATURE;

        /** 400 for requests that are not webhooks at all, 401 for ones that fail authentication. */
        public int httpStatus() {
            return this == MISSING_HEADERS || this == MALFORMED_TIMESTAMP ? 400 : 401;
        }
    }

    /** A secret of one provider. */
    public record Secret(String provider, byte[] key) {
        public static Secret of(String provider, String secret) {
            return new Secret(provider, StandardWebhooks.key(secret));
        }
    }

    /** The verdict and, when valid, the provider whose secret matched. */
    public record Result(Verdict verdict, Optional<String> provider) {
    }

    private StandardWebhooks() {
    }

    public static byte[] key(String secret) {
        if (secret.startsWith("whsec_")) {
            return Base64.getDecoder().decode(secret.substring("whsec_".length()));
        }
        return secret.getBytes(StandardCharsets.UTF_8);
    }

    /** The {@code webhook-signature} value for one key. */
    public static String sign(byte[] key, String id, long timestamp, byte[] body) {
        return "v1," + Base64.getEncoder().encodeToString(hmac(key, id, timestamp, body));
    }

    public static Result verify(List<Secret> secrets, String id, String timestamp, String signatures, byte[] body,
            Instant now) {
        if (id == null || id.isBlank() || timestamp == null || signatures == null || signatures.isBlank()) {
            return new Result(Verdict.MISSING_HEADERS, Optional.empty());
        }
        long ts;
        try {
            ts = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            return new Result(Verdict.MALFORMED_TIMESTAMP, Optional.empty());
        }
        long age = now.getEpochSecond() - ts;
        if (age > TOLERANCE.toSeconds()) {
            return new Result(Verdict.TOO_OLD, Optional.empty());
        }
        if (-age > TOLERANCE.toSeconds()) {
            return new Result(Verdict.TOO_NEW, Optional.empty());
        }
        for (Secret secret : secrets) {
            byte[] expected = hmac(secret.key(), id, ts, body);
            for (String candidate : signatures.trim().split("\\s+")) {
                int comma = candidate.indexOf(',');
                if (comma < 0 || !"v1".equals(candidate.substring(0, comma))) {
                    continue;
                }
                byte[] given;
                try {
                    given = Base64.getDecoder().decode(candidate.substring(comma + 1));
                } catch (IllegalArgumentException e) {
                    continue;
                }
                if (MessageDigest.isEqual(expected, given)) {
                    return new Result(Verdict.VALID, Optional.of(secret.provider()));
                }
            }
        }
        return new Result(Verdict.BAD_SIGNATURE, Optional.empty());
    }

    private static byte[] hmac(byte[] key, String id, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
