package io.reelgate.provider.gemini;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A {@code google.longrunning.Operation} of {@code predictLongRunning} as the Gemini API sends it
 * (REFERENCE.md §1.3); unknown fields are ignored.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record ApiOperation(String name, Boolean done, Status error, Response response, JsonNode metadata) {

    /** {@code google.rpc.Status}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Status(Integer code, String message, String status, List<JsonNode> details) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Response(GenerateVideoResponse generateVideoResponse) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record GenerateVideoResponse(List<Sample> generatedSamples, Integer raiMediaFilteredCount,
            List<String> raiMediaFilteredReasons) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Sample(Video video) {
    }

    /** A generated video: a URI to fetch with the API key, or the bytes inline. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Video(String uri, String encodedVideo, String encoding) {
    }

    /** An HTTP error body: {@code {"error": {code, message, status, details}}}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ErrorBody(Status error) {
    }

    /** The first generated video, if any. */
    Video firstVideo() {
        if (response == null || response.generateVideoResponse() == null
                || response.generateVideoResponse().generatedSamples() == null) {
            return null;
        }
        return response.generateVideoResponse().generatedSamples().stream().map(Sample::video)
                .filter(v -> v != null && (v.uri() != null || v.encodedVideo() != null)).findFirst().orElse(null);
    }
}
