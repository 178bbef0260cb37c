package io.reelgate.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code POST /v1/videos/{id}/remix}: a new prompt, nothing else. */
@Schema(name = "RemixVideoRequest", additionalProperties = Schema.False.class)
public record RemixVideoRequest(
        @Schema(required = true, description = "Visible text without control characters")
        String prompt) {
}
