package io.reelgate.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** Every refusal of {@code /v1}, in OpenAI's error shape; docs/api.md lists the codes by status. */
@Schema(name = "ErrorResponse")
public record ErrorResponse(@Schema(required = true) Detail error) {

    @Schema(name = "Error")
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({ "message", "type", "param", "code" })
    public record Detail(
            @Schema(required = true, description = "What was wrong and what to do, for people")
            String message,
            @Schema(required = true, enumeration = { "invalid_request_error", "insufficient_quota", "requests",
                "server_error" })
            String type,
            @Schema(required = true, nullable = true, description = "The field, form part, query parameter or header "
                    + "at fault (input_reference.image_url for a nested field), else null", examples = "seconds")
            String param,
            @Schema(required = true, description = "For programs: missing_required_parameter, unknown_parameter, "
                    + "invalid_value, invalid_type, invalid_image_format, file_too_large, invalid_json, invalid_request, "
                    + "invalid_multipart, invalid_idempotency_key, request_too_large, invalid_api_key, team_archived, "
                    + "video_not_found, video_not_ready, variant_not_available, not_found, method_not_allowed, "
                    + "unsupported_media_type, idempotency_key_reused, video_in_progress, insufficient_quota, "
                    + "rate_limit_exceeded, internal_error", examples = "unknown_parameter")
            String code) {
    }
}
