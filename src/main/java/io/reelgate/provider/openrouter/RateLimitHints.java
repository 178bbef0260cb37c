package io.reelgate.provider.openrouter;

import java.time.Duration;
import java.time.Instant;
import java.net.http.HttpResponse;
import java.util.Optional;

import io.reelgate.provider.ProviderHttp;

/**
 * OpenRouter's retry hint: {@code Retry-After} when sent, else {@code X-RateLimit-Reset}, read as
 * a moment (Unix milliseconds, as OpenRouter's limits page describes it, or seconds) or, when too
 * small to be one, as seconds to wait. Which of these the video API sends is UNCONFIRMED.
 */
final class RateLimitHints {

    private RateLimitHints() {
    }

    static Duration of(HttpResponse<?> response) {
        Duration retryAfter = ProviderHttp.retryAfter(response);
        if (retryAfter != null) {
            return retryAfter;
        }
        return reset(response.headers().firstValue("X-RateLimit-Reset"), Instant.now());
    }

    static Duration reset(Optional<String> header, Instant now) {
        if (header.isEmpty()) {
            return null;
        }
        long value;
        try {
            value = (long) Double.parseDouble(header.get().trim());
        } catch (NumberFormatException e) {
            return null;
        }
        Duration wait;
        if (value > 100_000_000_000L) {
            wait = Duration.ofMillis(value - now.toEpochMilli());
        } else if (value > 1_000_000_000L) {
            wait = Duration.ofSeconds(value - now.getEpochSecond());
        } else {
            wait = Duration.ofSeconds(value);
        }
        return wait.isNegative() ? Duration.ZERO : wait;
    }
}
