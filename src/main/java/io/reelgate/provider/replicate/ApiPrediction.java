package io.reelgate.provider.replicate;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/** Replicate's prediction object as sent on the wire; unknown fields are ignored. */
@JsonIgnoreProperties(ignoreUnknown = true)
record ApiPrediction(
        String id,
        String model,
        String version,
        String status,
        Map<String, JsonNode> input,
        JsonNode output,
        String error,
        String logs,
        @JsonProperty("data_removed") Boolean dataRemoved,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("started_at") String startedAt,
        @JsonProperty("completed_at") String completedAt) {

    /** One page of {@code GET /v1/predictions}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Page(String next, String previous, List<ApiPrediction> results) {
    }

    /** {@code GET /v1/webhooks/default/secret}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Secret(String key) {
    }

    /** Replicate's error body (RFC 7807-like): {@code {"detail": "...", "title": "...", "status": 429}}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Problem(JsonNode detail, String title, Integer status) {
    }
}
