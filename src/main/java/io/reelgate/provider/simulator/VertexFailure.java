package io.reelgate.provider.simulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * An error answer of the simulated Google endpoints, in the shape each one uses: Vertex AI's
 * {@code {"error": {code, message, status, details}}}; the OAuth token endpoint's
 * {@code {"error": …, "error_description": …}}; Cloud Storage's {@code {"error": {code, message, errors}}}.
 */
final class VertexFailure extends RuntimeException {

    private enum Shape {
        RPC, OAUTH, STORAGE
    }

    final int code;
    /** The google.rpc status ({@code NOT_FOUND}), the OAuth error ({@code invalid_grant}) or the storage reason ({@code notFound}). */
    final String status;
    private final Shape shape;
    private final List<Map<String, Object>> details = new ArrayList<>();

    private VertexFailure(Shape shape, int code, String status, String message) {
        super(message);
        this.shape = shape;
        this.code = code;
        this.status = status;
    }

    static VertexFailure of(int code, String status, String message) {
        return new VertexFailure(Shape.RPC, code, status, message);
    }

    static VertexFailure invalid(String message) {
        return of(400, "INVALID_ARGUMENT", message);
    }

    static VertexFailure oauth(int code, String error, String description) {
        return new VertexFailure(Shape.OAUTH, code, error, description);
    }

    static VertexFailure storage(int code, String reason, String message) {
        return new VertexFailure(Shape.STORAGE, code, reason, message);
    }

    /** The google.rpc status name of an HTTP status, for injected server errors. */
    static String statusOf(int code) {
        return switch (code) {
            case 500 -> "INTERNAL";
            case 501 -> "UNIMPLEMENTED";
            case 504 -> "DEADLINE_EXCEEDED";
            default -> "UNAVAILABLE";
        };
    }

    VertexFailure detail(Map<String, Object> detail) {
        details.add(detail);
        return this;
    }

    Response toResponse() {
        Map<String, Object> body = new LinkedHashMap<>();
        switch (shape) {
            case OAUTH -> {
                body.put("error", status);
                body.put("error_description", getMessage());
            }
            case STORAGE -> {
                Map<String, Object> error = new LinkedHashMap<>();
                error.put("code", code);
                error.put("message", getMessage());
                error.put("errors", List.of(Map.of("message", getMessage(), "domain", "global", "reason", status)));
                body.put("error", error);
            }
            case RPC -> {
                Map<String, Object> error = new LinkedHashMap<>();
                error.put("code", code);
                error.put("message", getMessage());
                error.put("status", status);
                if (!details.isEmpty()) {
                    error.put("details", details);
                }
                body.put("error", error);
            }
        }
        Response.ResponseBuilder response = Response.status(code).type(MediaType.APPLICATION_JSON_TYPE).entity(body);
        if (code == 401 && shape != Shape.OAUTH) {
            response.header("WWW-Authenticate", "Bearer realm=\"https://accounts.google.com/\"");
        }
        return response.build();
    }
}
