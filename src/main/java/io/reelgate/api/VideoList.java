package io.reelgate.api;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** One page of {@code GET /v1/videos}, OpenAI's list shape: follow {@code last_id} while {@code has_more}. */
@Schema(name = "VideoList")
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({ "object", "data", "first_id", "last_id", "has_more" })
public record VideoList(
        @Schema(required = true, enumeration = "list")
        String object,
        @Schema(required = true)
        List<VideoObject> data,
        @Schema(required = true, nullable = true, description = "null on an empty page")
        @JsonProperty("first_id") String firstId,
        @Schema(required = true, nullable = true, description = "Pass as after= for the next page")
        @JsonProperty("last_id") String lastId,
        @Schema(required = true)
        @JsonProperty("has_more") boolean hasMore) {

    static VideoList of(List<VideoObject> data, boolean hasMore) {
        return new VideoList("list", data, data.isEmpty() ? null : data.get(0).id(),
                data.isEmpty() ? null : data.get(data.size() - 1).id(), hasMore);
    }
}
