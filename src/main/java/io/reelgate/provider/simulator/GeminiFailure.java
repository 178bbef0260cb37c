package io.reelgate.provider.simulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** An error answer of the simulated Gemini API: {@code {"error": {code, message, status, details}}}. */
final class GeminiFailure extends RuntimeException {

    final int code;
    final String status;
    final List<Map<String, Object>> details = new ArrayList<>();

    private GeminiFailure(int code, String status, String message) {
        super(message);
        this.code = code;
        this.status = status;
    }

    static GeminiFailure of(int code, String status, String message) {
        return new GeminiFailure(code, status, message);
    }

    static GeminiFailure invalid(String message) {
        return new GeminiFailure(400, "INVALID_ARGUMENT", message);
    }

    GeminiFailure detail(Map<String, Object> detail) {
        details.add(detail);
        return this;
    }

    Response toResponse() {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", getMessage());
        error.put("status", status);
        if (!details.isEmpty()) {
            error.put("details", details);
        }
        return Response.status(code).type(MediaType.APPLICATION_JSON_TYPE).entity(Map.of("error", error)).build();
    }
}
