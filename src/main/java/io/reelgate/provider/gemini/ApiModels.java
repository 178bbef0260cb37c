package io.reelgate.provider.gemini;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code GET /v1beta/models?pageSize=…}, the cheapest call of the Gemini API that needs the key
 * (python-genai {@code models.list()}: {@code _ListModelsConfig_to_mldev} sends {@code pageSize};
 * the answer is {@code {"models": [{"name": "models/…", …}], "nextPageToken"}}), read into the
 * "Test connection" line.
 */
final class ApiModels {

    /** One page holds every model the API lists today (Google's maximum page size is 1000). */
    static final int PAGE_SIZE = 1000;

    private ApiModels() {
    }

    /** "key accepted · 52 models, 3 of them Veo" ("52+" when another page remains). */
    static String line(ObjectMapper json, String body) throws IOException {
        JsonNode root = json.readTree(body);
        JsonNode models = root.path("models");
        if (!models.isArray()) {
            throw new IOException("no models[] in the model list");
        }
        int veo = 0;
        for (JsonNode model : models) {
            veo += model.path("name").asText("").startsWith("models/veo-") ? 1 : 0;
        }
        boolean more = !root.path("nextPageToken").asText("").isEmpty();
        return "key accepted · " + models.size() + (more ? "+" : "") + (models.size() == 1 && !more ? " model" : " models")
                + ", " + veo + " of them Veo";
    }
}
