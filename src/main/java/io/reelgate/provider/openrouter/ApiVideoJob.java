package io.reelgate.provider.openrouter;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * OpenRouter's video job as sent on the wire (REFERENCE.md §9); every field may be missing, as the
 * API gained fields during 2026, and unknown ones are ignored. {@code error} is a plain string,
 * read as a node in case it ever becomes an object.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record ApiVideoJob(
        String id,
        @JsonProperty("polling_url") String pollingUrl,
        String status,
        @JsonProperty("generation_id") String generationId,
        String model,
        @JsonProperty("unsigned_urls") List<String> unsignedUrls,
        List<String> urls,
        Usage usage,
        JsonNode error) {

    /** {@code usage.cost} in USD as charged (null: not reported), {@code is_byok} for one's own upstream key. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Usage(BigDecimal cost, @JsonProperty("is_byok") Boolean isByok) {
    }

    /** {@code {"error":{"code":402,"message":"…","metadata":{…}}}}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Failure(Detail error) {
        @JsonIgnoreProperties(ignoreUnknown = true)
        record Detail(JsonNode code, String message, Map<String, JsonNode> metadata) {
        }
    }

    /** {@code GET /videos/models}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Models(List<Model> data) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Model(
            String id,
            @JsonProperty("supported_durations") List<Integer> supportedDurations,
            @JsonProperty("supported_resolutions") List<String> supportedResolutions,
            @JsonProperty("supported_aspect_ratios") List<String> supportedAspectRatios,
            @JsonProperty("supported_frame_images") List<String> supportedFrameImages,
            @JsonProperty("generate_audio") Boolean generateAudio,
            Boolean seed,
            @JsonProperty("pricing_skus") Map<String, String> pricingSkus) {
    }

    /** A time as OpenRouter sends it (ISO-8601 text, or Unix seconds); now when missing or unreadable. */
    static Instant instant(JsonNode value) {
        if (value.isNumber()) {
            return Instant.ofEpochSecond(value.asLong());
        }
        if (value.isTextual()) {
            try {
                return Instant.parse(value.asText());
            } catch (DateTimeParseException e) {
                try {
                    return java.time.OffsetDateTime.parse(value.asText()).toInstant();
                } catch (DateTimeParseException again) {
                    return Instant.now();
                }
            }
        }
        return Instant.now();
    }
}
