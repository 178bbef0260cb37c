package io.reelgate.provider.vertex;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.reelgate.provider.ModelCatalog;
import io.reelgate.provider.ProviderError;
import io.reelgate.provider.ProviderError.Kind;
import io.reelgate.provider.ProviderHttp;
import io.reelgate.provider.ProviderResult;

/**
 * "Test connection" for Vertex AI: an access token for the service account (the key is checked by
 * Google's token endpoint), then one cheap authenticated GET of the first catalog model's publisher
 * model, {@code GET /{version}/publishers/google/models/{model}}, the call python-genai's
 * {@code models.get()} makes on Vertex (a GET of {@code publishers/…} goes without project and
 * location: {@code _api_client.py}; {@code PublisherModel}: {@code name}, {@code launchStage}). It
 * proves the key and the model's existence, not the project's permission to predict (only a create does).
 */
final class VertexConnection {

    /** The token endpoint's own words in the library's message: {@code "error_description":"Invalid JWT Signature."}. */
    private static final java.util.regex.Pattern DESCRIPTION = java.util.regex.Pattern.compile(
            "\"error_description\"\\s*:\\s*\"([^\"]{1,200})\"");

    /** Asked for when the catalog names no model. */
    static final String FALLBACK_MODEL = "veo-3.1-generate-001";

    private VertexConnection() {
    }

    static ProviderResult<String> test(VertexCredentials credentials, ProviderHttp api, ObjectMapper json, String base,
            Duration timeout, ModelCatalog catalog, String project, String location) {
        String token;
        try {
            token = credentials.token();
        } catch (IOException e) {
            String problem = credentials.refreshProblem() != null ? credentials.refreshProblem() : String.valueOf(e.getMessage());
            String message = String.valueOf(e.getMessage());
            if (message.contains("invalid_grant") || message.contains("invalid_client") || message.contains("unauthorized_client")
                    || message.contains("Invalid JWT")) {
                java.util.regex.Matcher said = DESCRIPTION.matcher(message);
                return ProviderResult.failed(new ProviderError(Kind.UNAUTHORIZED, "credentials_invalid",
                        "Google refused the service-account key: " + problem + (said.find() ? " (" + said.group(1) + ")" : ""),
                        null, null, 401));
            }
            return ProviderResult.failed(ProviderHttp.unavailable("No access token from Google: " + problem));
        }
        String model = catalog.models().isEmpty() ? FALLBACK_MODEL : catalog.models().get(0).name();
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/publishers/google/models/"
                + URLEncoder.encode(model, StandardCharsets.UTF_8))).timeout(timeout)
                .header("Authorization", "Bearer " + token).header("Accept", "application/json")
                .header("User-Agent", "reelgate/1").GET().build();
        return api.json(ProviderHttp.Call.RETRIEVE, request, body -> {
            JsonNode publisherModel = json.readTree(body);
            if (!publisherModel.path("name").isTextual()) {
                throw new IOException("no name in the publisher model");
            }
            String stage = publisherModel.path("launchStage").asText("");
            return "signed in as " + credentials.identity() + " · project " + project + " (" + location + ") · " + model
                    + (stage.isBlank() ? "" : " " + stage);
        });
    }
}
