package io.reelgate.provider.openai;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code GET /models}, the cheapest authenticated call of the OpenAI shape (openai-python
 * {@code resources/models.py}, {@code types/model.py}: {@code {"object": "list", "data": [{"id",
 * "object": "model", "created", "owned_by"}]}}), read into the "Test connection" line.
 */
final class ApiModels {

    private ApiModels() {
    }

    /** "key accepted · 3 models: sora-2, sora-2-pro, …" (ids as the server lists them). */
    static String line(ObjectMapper json, String body) throws IOException {
        JsonNode data = json.readTree(body).path("data");
        if (!data.isArray()) {
            throw new IOException("no data[] in the model list");
        }
        List<String> ids = new ArrayList<>();
        data.forEach(m -> ids.add(m.path("id").asText("?")));
        return "key accepted · " + ids.size() + (ids.size() == 1 ? " model" : " models") + names(ids);
    }

    private static String names(List<String> ids) {
        if (ids.isEmpty()) {
            return "";
        }
        return ": " + String.join(", ", ids.subList(0, Math.min(3, ids.size()))) + (ids.size() > 3 ? ", …" : "");
    }
}
