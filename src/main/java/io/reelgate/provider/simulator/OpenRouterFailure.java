package io.reelgate.provider.simulator;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** An error answer of the simulated OpenRouter API: {@code {"error":{"code":402,"message":…,"metadata":{…}}}}. */
final class OpenRouterFailure extends RuntimeException {

    final int status;
    final Map<String, Object> metadata = new LinkedHashMap<>();
    final Map<String, String> headers = new LinkedHashMap<>();

    private OpenRouterFailure(int status, String message) {
        super(message);
        this.status = status;
    }

    static OpenRouterFailure of(int status, String message) {
        return new OpenRouterFailure(status, message);
    }

    /** 400, as OpenRouter answers a value outside the model's sets. */
    static OpenRouterFailure invalid(String message) {
        return new OpenRouterFailure(400, message);
    }

    static OpenRouterFailure notFound(String message) {
        return new OpenRouterFailure(404, message);
    }

    OpenRouterFailure header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    OpenRouterFailure meta(String name, Object value) {
        metadata.put(name, value);
        return this;
    }

    Response toResponse() {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", status);
        error.put("message", getMessage());
        if (!metadata.isEmpty()) {
            error.put("metadata", metadata);
        }
        Response.ResponseBuilder builder = Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Map.of("error", error));
        headers.forEach(builder::header);
        return builder.build();
    }
}
