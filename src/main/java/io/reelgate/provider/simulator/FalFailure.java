package io.reelgate.provider.simulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * An error answer of the simulated fal API: {@code {"detail": "…"}} or, for the runner's input
 * and policy errors, {@code {"detail": [{"loc", "msg", "type"}]}}, with {@code X-Fal-Retryable}.
 */
final class FalFailure extends RuntimeException {

    final int status;
    final Object detail;
    final Map<String, String> headers = new LinkedHashMap<>();

    private FalFailure(int status, Object detail, String message) {
        super(message);
        this.status = status;
        this.detail = detail;
    }

    static FalFailure of(int status, String detail) {
        return new FalFailure(status, detail, detail);
    }

    /** 422 with one item, as fal's FastAPI-style runners answer invalid input. */
    static FalFailure item(String field, String type, String msg) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("loc", List.of("body", field));
        item.put("msg", msg);
        item.put("type", type);
        if ("content_policy_violation".equals(type)) {
            item.put("categories", List.of("violence"));
        }
        return new FalFailure(422, List.of(item), msg).header("X-Fal-Retryable", "false");
    }

    FalFailure header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    Response toResponse() {
        Response.ResponseBuilder builder = Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Map.of("detail", detail));
        headers.forEach(builder::header);
        return builder.build();
    }
}
