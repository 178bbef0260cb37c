package io.reelgate.provider.openrouter;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code GET /api/v1/key}, OpenRouter's "Get current API key" (openrouter.ai/docs/api/api-reference/api-keys/get-current-key;
 * SDK type {@code GetCurrentKeyResponse}: {@code {"data": {"label", "limit", "limit_remaining", "usage",
 * "is_free_tier", …}}}, USD; {@code limit} null = no limit), read into the "Test connection" line.
 */
final class ApiKeyInfo {

    private ApiKeyInfo() {
    }

    /** "key sk-or-v1-au7...890 · used $25.50 · $74.50 of $100.00 left" (or "no limit"); the label is already masked. */
    static String line(ObjectMapper json, String body) throws IOException {
        JsonNode data = json.readTree(body).path("data");
        if (!data.isObject()) {
            throw new IOException("no data in the key's record");
        }
        String label = data.path("label").asText("");
        StringBuilder line = new StringBuilder("key").append(label.isBlank() ? "" : " " + label)
                .append(" · used ").append(usd(data.path("usage")));
        if (data.path("limit").isNumber()) {
            line.append(" · ").append(data.path("limit_remaining").isNumber() ? usd(data.path("limit_remaining")) : "?")
                    .append(" of ").append(usd(data.path("limit"))).append(" left");
        } else {
            line.append(" · no limit");
        }
        if (data.path("is_free_tier").asBoolean(false)) {
            line.append(" · free tier");
        }
        return line.toString();
    }

    private static String usd(JsonNode value) {
        BigDecimal amount = value.isNumber() ? value.decimalValue() : BigDecimal.ZERO;
        return "$" + amount.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }
}
