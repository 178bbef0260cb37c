package io.reelgate.provider;

import java.time.Duration;
import java.util.Optional;

/**
 * One error model for every provider failure (SPEC §2). {@code code} is the provider's own code,
 * passed through even when unknown; {@code param} names the offending parameter of an invalid
 * request; {@code retryAfter} is the provider's hint for rate limits and outages.
 */
public record ProviderError(Kind kind, String code, String message, String param, Duration retryAfter, int httpStatus) {

    public enum Kind {
        /** The prompt was rejected before generation; nothing is charged. */
        SENTINEL_BLOCK,
        /** The output was flagged during generation; may be charged (policy). */
        MODERATION_BLOCKED,
        /** Too many requests; retry after {@code retryAfter}. */
        RATE_LIMITED,
        /** Invalid parameters ({@code param} says which); retrying will not help. */
        INVALID_REQUEST,
        /** No such video, or its content has expired. */
        NOT_FOUND,
        /** The API key was refused: a configuration problem, not a user one. */
        UNAUTHORIZED,
        /** The provider failed or could not be reached, after retries. */
        UNAVAILABLE,
        /** A create may or may not have reached the provider (timeout after sending): reconcile before retrying. */
        UNKNOWN_OUTCOME,
        /** The provider cannot do this at all (no remix, no list, ...): see its {@link Capabilities}. */
        UNSUPPORTED,
        /** Any other error; {@code code} carries the provider's code. */
        OTHER
    }

    public Optional<Duration> retryAfterHint() {
        return Optional.ofNullable(retryAfter);
    }

    /** Worth trying again later, as opposed to a final answer about the request. */
    public boolean transientFailure() {
        return kind == Kind.RATE_LIMITED || kind == Kind.UNAVAILABLE;
    }

    /** A call the provider's capabilities rule out. */
    public static ProviderError unsupported(String provider, String what) {
        return new ProviderError(Kind.UNSUPPORTED, "unsupported", provider + " cannot " + what + ".", null, null, 0);
    }

    public static ProviderError of(Kind kind, String code, String message) {
        return new ProviderError(kind, code, message, null, null, 0);
    }

    /** The kind for a failed video's {@code error.code}; unknown codes become {@link Kind#OTHER}. */
    public static Kind kindOfJobError(String code) {
        if ("moderation_blocked".equals(code)) {
            return Kind.MODERATION_BLOCKED;
        }
        if ("sentinel_block".equals(code)) {
            return Kind.SENTINEL_BLOCK;
        }
        return Kind.OTHER;
    }
}
