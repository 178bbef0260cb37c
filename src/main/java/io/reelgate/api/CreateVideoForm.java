package io.reelgate.api;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The multipart form of {@code POST /v1/videos}, for the OpenAPI document: the parts
 * {@link VideoRequests#create(org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput)}
 * accepts, each at most once; any other part is refused.
 */
@Schema(name = "CreateVideoForm", additionalProperties = Schema.False.class)
public record CreateVideoForm(
        @Schema(description = "As in CreateVideoRequest") String model,
        @Schema(required = true, description = "As in CreateVideoRequest") String prompt,
        @Schema(description = "As in CreateVideoRequest", pattern = "^[1-9][0-9]*x[1-9][0-9]*$") String size,
        @Schema(description = "Whole seconds, digits without leading zeros", pattern = "^[1-9][0-9]{0,3}$",
                examples = "8") String seconds,
        @Schema(type = SchemaType.STRING, format = "binary", description = "A file part: PNG, JPEG or WebP, at most "
                + "20 MB") @JsonProperty("input_reference") byte[] inputReference,
        @Schema(description = "As in CreateVideoRequest (Reelgate extension)", pattern = "^video_[1-9][0-9]{0,17}$",
                examples = "video_42") @JsonProperty("reelgate_extends") String reelgateExtends) {
}
