package io.reelgate.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The fingerprint of a create or remix for its {@code Idempotency-Key}: what the request asks for, so
 * that a key reused for something else is told apart (409). The key itself is claimed by
 * {@code generation/GenerationService.submit} ({@code generation/Claim.idempotencyKey}) in the
 * transaction that admits the request, and remembered for {@code idempotency-ttl}.
 */
final class Idempotency {

    private Idempotency() {
    }

    /** The fingerprint of a request: what it asks for, so a key reused for something else is caught. */
    static String hash(String... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String part : parts) {
                digest.update((part == null ? "\u0000" : part).getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0x1F);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The SHA-256 of some bytes, in hex (an uploaded image, as part of a request's fingerprint). */
    static String digest(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
