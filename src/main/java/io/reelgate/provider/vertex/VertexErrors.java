package io.reelgate.provider.vertex;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.reelgate.provider.ProviderError;
import io.reelgate.provider.ProviderError.Kind;
import io.reelgate.provider.ProviderHttp;

/** Vertex AI's error answers in the one error model of the port (REFERENCE.md §1.3, §8). */
final class VertexErrors {

    private static final Pattern DELAY = Pattern.compile("(\\d+(?:\\.\\d+)?)s");
    private static final JsonFactory JSON = new JsonFactory();
    private static final ObjectMapper JSON_TREE = new ObjectMapper();

    private VertexErrors() {
    }

    /**
     * Google's error body; {@code RESOURCE_EXHAUSTED} carries its delay in a {@code RetryInfo} detail;
     * a 404 "is no longer available" is a retired model, "not found or your project does not have
     * access" a model this project cannot use; {@code PERMISSION_DENIED} a missing role.
     */
    static ProviderError read(int status, String body, Duration retryAfter) {
        VertexOperation.Status error = null;
        Duration hint = retryAfter;
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    p.nextToken();
                    if ("error".equals(field)) {
                        error = VertexOperation.status(p);
                    } else {
                        p.skipChildren();
                    }
                }
            }
            hint = retryInfo(body).orElse(hint);
        } catch (IOException | RuntimeException e) {
            // not Google's shape: keep the raw text
        }
        String message = error != null && error.message() != null ? error.message()
                : ProviderHttp.fallbackMessage(status, body);
        Kind kind = ProviderHttp.kindOf(status);
        String code = error != null && error.status() != null ? error.status().toLowerCase() : "http_" + status;
        if (status == 404 && message.contains("no longer available")) {
            kind = Kind.INVALID_REQUEST;
            code = "model_retired";
        } else if (status == 404 && message.contains("does not have access")) {
            code = "model_not_found";
        } else if (status == 403) {
            // a missing role or a disabled API: no retry helps, the operator must act
            kind = Kind.OTHER;
            code = "permission_denied";
        }
        return new ProviderError(kind, code, message, null, hint, status);
    }

    private static Optional<Duration> retryInfo(String body) throws IOException {
        for (var detail : JSON_TREE.readTree(body).path("error").path("details")) {
            if (detail.path("@type").asText("").endsWith("google.rpc.RetryInfo")) {
                Matcher m = DELAY.matcher(detail.path("retryDelay").asText(""));
                if (m.find()) {
                    return Optional.of(Duration.ofMillis((long) (Double.parseDouble(m.group(1)) * 1000)));
                }
            }
        }
        return Optional.empty();
    }
}
