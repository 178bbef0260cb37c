package io.reelgate.provider.xai;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.reelgate.provider.ProviderError;
import io.reelgate.provider.ProviderResult;

/**
 * {@code GET /v1/api-key}, "API key" in xAI's REST reference (docs.x.ai/api-reference), the REST form
 * of the SDK's {@code Auth.get_api_key_info} (xai-sdk-python {@code auth.py}, {@code proto/v6/auth_pb2}
 * {@code ApiKey}: {@code redacted_api_key}, {@code name}, {@code team_id}, {@code api_key_blocked},
 * {@code team_blocked}, {@code disabled}; the REST body's {@code api_key_disabled} from a copy of xAI's
 * OpenAPI, UNCONFIRMED), read into the "Test connection" line.
 */
final class XaiApiKey {

    /** The path under the base URL (a constant: the other xAI paths are configurable because they are UNCONFIRMED). */
    static final String PATH = "/api-key";

    private XaiApiKey() {
    }

    /** "key My key (xai-...b14o) · team 5ea6…"; a blocked or disabled key or team is a failure. */
    static ProviderResult<String> line(ObjectMapper json, String body) throws IOException {
        JsonNode key = json.readTree(body);
        if (!key.path("redacted_api_key").isTextual()) {
            throw new IOException("no redacted_api_key in the key's record");
        }
        String who = "key " + key.path("name").asText("(unnamed)") + " (" + key.path("redacted_api_key").asText() + ")"
                + (key.path("team_id").isTextual() ? " · team " + key.path("team_id").asText() : "");
        String refused = key.path("api_key_blocked").asBoolean(false) ? "the key is blocked"
                : key.path("team_blocked").asBoolean(false) ? "the team is blocked"
                : key.path("api_key_disabled").asBoolean(false) || key.path("disabled").asBoolean(false) ? "the key is disabled"
                : null;
        if (refused != null) {
            return ProviderResult.failed(new ProviderError(ProviderError.Kind.UNAUTHORIZED, "api_key_blocked", "xAI knows "
                    + who + " but " + refused + ".", null, null, 200));
        }
        return ProviderResult.ok(who);
    }
}
