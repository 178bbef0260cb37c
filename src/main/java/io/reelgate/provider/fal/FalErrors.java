package io.reelgate.provider.fal;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.reelgate.provider.ProviderError;
import io.reelgate.provider.ProviderError.Kind;
import io.reelgate.provider.ProviderHttp;

/**
 * fal's error answers (REFERENCE.md §3) in the error model: {@code {"detail": "…"}} or
 * {@code {"detail": [{"loc", "msg", "type"}]}}; {@code X-Fal-Retryable} says whether trying again
 * can help (true: transient, whatever the status; false on a 5xx: the runner failed for good);
 * 422 is invalid input, unless an item's {@code type} is {@code content_policy_violation}
 * ({@code moderation_blocked}); 504 with {@code x-fal-request-timeout-type: user} is our own
 * timeout. Answers this client does not expect are logged with their raw body.
 */
final class FalErrors implements ProviderHttp.ErrorReader {

    private static final Logger LOG = Logger.getLogger(FalErrors.class);

    private final String provider;
    private final ObjectMapper json;

    FalErrors(String provider, ObjectMapper json) {
        this.provider = provider;
        this.json = json;
    }

    @Override
    public ProviderError read(int status, String body, Duration retryAfter) {
        return read(status, body, retryAfter, null);
    }

    @Override
    public ProviderError read(int status, String body, Duration retryAfter, HttpHeaders headers) {
        JsonNode detail = null;
        try {
            JsonNode root = json.readTree(body);
            detail = root == null ? null : root.get("detail");
        } catch (java.io.IOException | RuntimeException e) {
            // not JSON: the raw text is the message
        }
        boolean policy = false;
        String param = null;
        String type = null;
        List<String> messages = new ArrayList<>();
        if (detail != null && detail.isArray()) {
            for (JsonNode item : detail) {
                String t = item.path("type").asText(null);
                type = type == null ? t : type;
                policy |= "content_policy_violation".equals(t);
                JsonNode loc = item.path("loc");
                if (param == null && loc.isArray() && loc.size() > 0) {
                    param = loc.get(loc.size() - 1).asText();
                }
                messages.add(item.path("msg").asText(item.toString()));
            }
        } else if (detail != null && !detail.isNull()) {
            messages.add(detail.isTextual() ? detail.asText() : detail.toString());
        }
        String message = messages.isEmpty() ? ProviderHttp.fallbackMessage(status, body) : String.join("; ", messages);
        String retryable = headers == null ? null : headers.firstValue("x-fal-retryable").orElse(null);
        Kind kind = ProviderHttp.kindOf(status);
        String code = status == 429 ? "rate_limit_exceeded" : "http_" + status;
        if (policy) {
            return new ProviderError(Kind.MODERATION_BLOCKED, "moderation_blocked", message, param, null, status);
        }
        if (status == 422 || status == 400) {
            code = message.toLowerCase().contains("cancel") ? "canceled" : "invalid_request";
        }
        if ("true".equalsIgnoreCase(retryable) && kind != Kind.RATE_LIMITED) {
            kind = Kind.UNAVAILABLE;
            code = "runner_error_retryable";
        } else if ("false".equalsIgnoreCase(retryable) && status >= 500) {
            kind = Kind.OTHER;
            code = "runner_error";
        }
        if (status == 504 && headers != null && "user".equalsIgnoreCase(headers.firstValue("x-fal-request-timeout-type")
                .orElse(""))) {
            kind = Kind.OTHER;
            code = "request_timeout";
        }
        if (status == 402 || status == 403 && message.toLowerCase().contains("balance")) {
            kind = Kind.OTHER;
            code = "insufficient_credit";
        }
        if (detail == null || !(status == 401 || status == 404 || status == 422 || status == 429)) {
            LOG.warnf("%s: fal answered %d%s: %s", provider, status, type == null ? "" : " (" + type + ")", excerpt(body));
        }
        return new ProviderError(kind, code, message, param, retryAfter, status);
    }

    /** The output video's URL: {@code video.url}, else the first {@code url} found in {@code video}/{@code videos}. */
    static String videoUrl(JsonNode result) {
        if (result == null) {
            return null;
        }
        JsonNode video = result.get("video");
        if (video != null && video.path("url").isTextual()) {
            return video.path("url").asText();
        }
        if (video != null && video.isTextual()) {
            return video.asText();
        }
        JsonNode videos = result.get("videos");
        if (videos != null && videos.isArray() && videos.size() > 0 && videos.get(0).path("url").isTextual()) {
            return videos.get(0).path("url").asText();
        }
        return null;
    }

    /** At most 500 characters of a body, for logs (fal's answers carry no secrets of ours). */
    static String excerpt(String body) {
        if (body == null) {
            return "";
        }
        return body.length() > 500 ? body.substring(0, 500) + "…" : body;
    }
}
