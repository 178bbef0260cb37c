package io.reelgate.provider.simulator;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * An error answer with a flat body: Runway's {@code {"error": "…"}} and xAI's
 * {@code {"code": "…", "error": "…"}} (the code only where set).
 */
final class FlatFailure extends RuntimeException {

    final int status;
    final String code;
    final Map<String, String> headers = new LinkedHashMap<>();

    FlatFailure(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    static FlatFailure of(int status, String message) {
        return new FlatFailure(status, null, message);
    }

    FlatFailure header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    Response toResponse() {
        Map<String, Object> body = new LinkedHashMap<>();
        if (code != null) {
            body.put("code", code);
        }
        body.put("error", getMessage());
        Response.ResponseBuilder builder = Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body);
        headers.forEach(builder::header);
        return builder.build();
    }
}
