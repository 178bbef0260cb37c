package io.reelgate.provider.runway;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.Locale;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.reelgate.provider.ProviderError;
import io.reelgate.provider.ProviderError.Kind;
import io.reelgate.provider.ProviderHttp;

/**
 * Runway's answers in Reelgate's terms (REFERENCE.md §4): HTTP errors ({@code {"error": "…"}}; 408
 * and 409, 429 rate or daily limit, 502/503 load shedding and 504 overload are retried after
 * {@code retry-after-ms}/{@code Retry-After}, and {@code x-should-retry} overrides either way, as
 * the official SDK does), and a failed task's {@code failureCode} ({@code SAFETY.*} a refusal,
 * {@code INTERNAL.BAD_OUTPUT.*} and {@code INTERNAL} a failure worth trying again by hand,
 * {@code ASSET.INVALID} an input Runway could not use).
 */
final class RunwayErrors implements ProviderHttp.ErrorReader {

    private static final Logger LOG = Logger.getLogger(RunwayErrors.class);

    private final String name;
    private final ObjectMapper json;

    RunwayErrors(String name, ObjectMapper json) {
        this.name = name;
        this.json = json;
    }

    @Override
    public ProviderError read(int status, String body, Duration retryAfter) {
        return read(status, body, retryAfter, HttpHeaders.of(java.util.Map.of(), (a, b) -> true));
    }

    @Override
    public ProviderError read(int status, String body, Duration retryAfter, HttpHeaders headers) {
        String message = message(body);
        if (message == null) {
            LOG.warnf("%s: unexpected error answer %s", name, ProviderHttp.fallbackMessage(status, body));
            message = ProviderHttp.fallbackMessage(status, body);
        }
        String should = headers.firstValue("x-should-retry").orElse("").trim().toLowerCase(Locale.ROOT);
        if (should.equals("false") && (status == 429 || status >= 500)) {
            // Runway says a retry will not help (e.g. the rolling daily limit): a final answer
            return new ProviderError(Kind.OTHER, status == 429 ? "daily_limit_reached" : "http_" + status,
                    "Runway refused the request and says a retry will not help: " + message, null, retryAfter, status);
        }
        if (should.equals("true") && status < 500 && status != 429) {
            return new ProviderError(Kind.UNAVAILABLE, "http_" + status, message, null, retryAfter, status);
        }
        return switch (status) {
            case 429 -> new ProviderError(Kind.RATE_LIMITED, "rate_limit_exceeded", message, null, retryAfter, status);
            case 400 -> new ProviderError(Kind.INVALID_REQUEST, "invalid_request", message, param(message), null, status);
            case 405 -> new ProviderError(Kind.OTHER, "http_405", message, null, null, status);
            // a request timeout and a lock timeout: the SDK retries both
            case 408, 409 -> new ProviderError(Kind.UNAVAILABLE, "http_" + status, message, null, retryAfter, status);
            default -> new ProviderError(ProviderHttp.kindOf(status), "http_" + status, message, null, retryAfter, status);
        };
    }

    /** {@code {"error": "…"}}, or an object with a {@code message}; null when the body is neither. */
    private String message(String body) {
        try {
            JsonNode node = json.readTree(body);
            if (node == null || !node.isObject()) {
                return null;
            }
            JsonNode error = node.path("error");
            if (error.isTextual() && !error.asText().isBlank()) {
                return error.asText();
            }
            if (error.isObject() && error.path("message").isTextual()) {
                return error.path("message").asText();
            }
            return null;
        } catch (Exception e) {
            return null;
        }
    }

    /** The camelCase field a validation message names first, if any ({@code "promptText: …"}). */
    private static String param(String message) {
        for (String field : new String[] { "promptText", "promptImage", "ratio", "duration", "model", "audio", "seed" }) {
            if (message.contains(field)) {
                return field;
            }
        }
        return null;
    }

    /**
     * A failed task's error code in Reelgate's terms: {@code moderation_blocked} for Runway's
     * safety codes wherever they sit ({@code SAFETY.INPUT.TEXT}, and the partner models'
     * {@code INPUT_PREPROCESSING.SAFETY.THIRD_PARTY}), {@code invalid_request} for an unusable input
     * ({@code ASSET.*}, {@code *.INPUT_VALIDATION}), {@code generation_failed} for the rest (a bad
     * output, an internal error, {@code INPUT_PREPROCESSING.INTERNAL}: trying again may work).
     */
    static String jobErrorCode(String failureCode) {
        String code = failureCode == null ? "" : failureCode.toUpperCase(Locale.ROOT);
        if (code.startsWith("SAFETY") || code.contains(".SAFETY")) {
            return "moderation_blocked";
        }
        if (code.startsWith("ASSET") || code.endsWith("INPUT_VALIDATION")) {
            return "invalid_request";
        }
        return "generation_failed";
    }
}
