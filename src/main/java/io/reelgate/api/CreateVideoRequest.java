package io.reelgate.api;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The JSON body of {@code POST /v1/videos}, as {@link VideoRequests} reads it: no other fields, and
 * {@code model}, {@code size}, {@code seconds} exactly as sent (never trimmed). Absent or null
 * fields are null here and take their defaults in {@link ApiVideos#create}. {@code reelgate_extends} is
 * Reelgate's own field (docs/api.md): OpenAI's API has no extension of a video.
 */
@Schema(name = "CreateVideoRequest", additionalProperties = Schema.False.class)
public record CreateVideoRequest(
        @Schema(description = "provider/model as the studio lists it, or a bare model name; left out: the team's first "
                + "model. No surrounding whitespace or control characters", examples = "simulator/sora-2")
        String model,
        @Schema(required = true, description = "Visible text without control characters")
        String prompt,
        @Schema(description = "<width>x<height>, one the model offers; left out: 720x1280, else the model's first",
                pattern = "^[1-9][0-9]*x[1-9][0-9]*$", examples = "1280x720")
        String size,
        @Schema(description = "Whole seconds the model offers: a string of digits without leading zeros (\"8\", as "
                + "OpenAI's SDKs send it) or a JSON integer (8); left out: 4, else the model's first",
                oneOf = { SecondsText.class, SecondsNumber.class })
        Integer seconds,
        @Schema(description = "A still to start from, inline as a data: URL (Reelgate fetches no remote URLs)")
        @JsonProperty("input_reference") ImageReference inputReference,
        @Schema(description = "Reelgate extension: the id of a completed video of your team (video_<n>) to extend. The new "
                + "video continues it on its provider, model and size (model and size may be left out, else must be "
                + "the source's), for the seconds it adds (left out: the least the provider adds), priced for those "
                + "seconds; no input_reference", pattern = "^video_[1-9][0-9]{0,17}$", examples = "video_42")
        @JsonProperty("reelgate_extends") String reelgateExtends) {

    /** {@code {"image_url": "data:image/png;base64,…"}}: the JSON form of an input reference. */
    @Schema(name = "ImageReference", additionalProperties = Schema.False.class)
    public record ImageReference(
            @Schema(required = true, description = "data:image/png|jpeg|webp;base64,…", pattern = "^data:[^;,]+;base64,")
            @JsonProperty("image_url") String imageUrl) {
    }

    @Schema(name = "SecondsText", type = SchemaType.STRING, pattern = "^[1-9][0-9]{0,3}$", examples = "8")
    interface SecondsText {
    }

    @Schema(name = "SecondsNumber", type = SchemaType.INTEGER, minimum = "1", maximum = "9999", examples = "8")
    interface SecondsNumber {
    }
}
