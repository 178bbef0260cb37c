package io.reelgate.api;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * OpenAI's video object, as {@code /v1/videos} answers it: field order, snake_case names, nulls
 * written out and {@code seconds} as a string exactly as OpenAI's SDKs read them; Reelgate's own
 * {@code reelgate_extends} comes last and only on an extension.
 */
@Schema(name = "Video", description = "A video: what was asked for, where it stands, and why it failed if it did")
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({ "id", "object", "model", "status", "progress", "created_at", "completed_at", "expires_at", "size",
    "seconds", "quality", "prompt", "remixed_from_video_id", "error", "reelgate_extends" })
public record VideoObject(
        @Schema(required = true, description = "video_<n>", pattern = "^video_[1-9][0-9]{0,17}$", examples = "video_42")
        String id,
        @Schema(required = true, enumeration = "video")
        String object,
        @Schema(required = true, examples = "veo-3.1",
                description = "The model as asked: a model with routes by its id (veo-3.1), else its name at its provider")
        String model,
        @Schema(required = true, enumeration = { "queued", "in_progress", "completed", "failed" }, description = "queued "
                + "until the provider starts; in_progress while it generates and while Reelgate stores it and makes "
                + "previews; a canceled video is failed with error.code canceled")
        String status,
        @Schema(required = true, minimum = "0", maximum = "100", description = "0 while queued, 1–99 in progress, "
                + "100 when completed, 0 when failed")
        int progress,
        @Schema(required = true, description = "Unix seconds")
        @JsonProperty("created_at") long createdAt,
        @Schema(required = true, nullable = true, description = "Unix seconds; null until completed")
        @JsonProperty("completed_at") Long completedAt,
        @Schema(required = true, nullable = true, type = SchemaType.INTEGER, description = "Always null: Reelgate's "
                + "copy does not expire while the video exists")
        @JsonProperty("expires_at") Long expiresAt,
        @Schema(required = true, description = "<width>x<height>", pattern = "^[1-9][0-9]*x[1-9][0-9]*$",
                examples = "1280x720")
        String size,
        @Schema(required = true, description = "Whole seconds, as a string; the actual length once known",
                pattern = "^[1-9][0-9]*$", examples = "8")
        String seconds,
        @Schema(required = true, enumeration = "standard")
        String quality,
        @Schema(required = true)
        String prompt,
        @Schema(required = true, nullable = true, description = "The video this one remixes")
        @JsonProperty("remixed_from_video_id") String remixedFromVideoId,
        @Schema(required = true, nullable = true, description = "Set when status is failed")
        VideoError error,
        @Schema(description = "Reelgate extension: the video this one extends; only on extensions (absent otherwise, "
                + "so other videos read byte for byte as OpenAI's)", pattern = "^video_[1-9][0-9]{0,17}$",
                examples = "video_42")
        @JsonProperty("reelgate_extends") @JsonInclude(JsonInclude.Include.NON_NULL) String reelgateExtends) {

    /** Why a video failed: Reelgate's codes for its own refusals and failures, the provider's otherwise. */
    @Schema(name = "VideoError")
    @JsonPropertyOrder({ "code", "message" })
    public record VideoError(
            @Schema(required = true, description = "canceled, unknown_outcome, model_retired, …; or the provider's, "
                    + "such as moderation_blocked", examples = "moderation_blocked")
            String code,
            @Schema(required = true)
            String message) {
    }
}
