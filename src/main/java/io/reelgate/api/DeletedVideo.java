package io.reelgate.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The answer to {@code DELETE /v1/videos/{id}}, as OpenAI's. */
@Schema(name = "DeletedVideo")
@JsonPropertyOrder({ "id", "object", "deleted" })
public record DeletedVideo(
        @Schema(required = true, examples = "video_42")
        String id,
        @Schema(required = true, enumeration = "video.deleted")
        String object,
        @Schema(required = true)
        boolean deleted) {

    static DeletedVideo of(String id) {
        return new DeletedVideo(id, "video.deleted", true);
    }
}
