package io.reelgate.api;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A refusal of the Videos API in OpenAI's shape:
 * {@code {"error": {"message", "type", "param", "code"}}}, with its status and headers
 * ({@code Retry-After}, {@code x-ratelimit-*}).
 */
public final class ApiException extends RuntimeException {

    final int status;
    final String type;
    final String code;
    final String param;
    final Map<String, String> headers = new LinkedHashMap<>();

    ApiException(int status, String type, String code, String param, String message) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.code = code;
        this.param = param;
    }

    static ApiException invalid(String param, String code, String message) {
        return new ApiException(400, "invalid_request_error", code, param, message);
    }

    static ApiException notFound(String id) {
        return new ApiException(404, "invalid_request_error", "video_not_found", null,
                "Video with id '" + id + "' not found.");
    }

    static ApiException unauthorized(String message) {
        return new ApiException(401, "invalid_request_error", "invalid_api_key", null, message);
    }

    /** Whether a request path belongs to the Videos API (whose errors are JSON in OpenAI's shape). */
    public static boolean isApiPath(String path) {
        return path != null && (path.equals("/v1") || path.startsWith("/v1/"));
    }

    /** A framework refusal (no route, wrong method or type, unreadable body) of a {@code /v1} request. */
    public static Response forStatus(int status, String message) {
        String code = switch (status) {
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 413 -> "request_too_large";
            case 415 -> "unsupported_media_type";
            case 400 -> "invalid_request";
            default -> status >= 500 ? "internal_error" : "invalid_request";
        };
        String text = message != null ? message : switch (status) {
            case 404 -> "No such route; the Videos API is at /v1/videos.";
            case 405 -> "This route does not accept that HTTP method.";
            case 413 -> "The request is larger than Reelgate accepts (input_reference: at most 20 MB); nothing was changed.";
            case 415 -> "Send JSON (application/json) or multipart/form-data.";
            case 400 -> "The request body could not be read; send valid JSON or multipart/form-data.";
            default -> "The request could not be completed.";
        };
        return new ApiException(status, status >= 500 ? "server_error" : "invalid_request_error", code, null, text)
                .toResponse();
    }

    ApiException header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public Response toResponse() {
        Response.ResponseBuilder builder = Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorResponse(new ErrorResponse.Detail(getMessage(), type, param, code)));
        headers.forEach(builder::header);
        return builder.build();
    }

    /** The body alone, for refusals made before JAX-RS sees the request ({@link BodyLimit}). */
    String json() {
        try {
            return JSON.writeValueAsString(new ErrorResponse(new ErrorResponse.Detail(getMessage(), type, param, code)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /** Maps the refusals of every {@code /v1} resource and filter. */
    public static final class Mapper {
        @ServerExceptionMapper
        public Response map(ApiException e) {
            return e.toResponse();
        }
    }
}
