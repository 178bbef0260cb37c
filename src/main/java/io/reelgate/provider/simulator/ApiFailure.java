package io.reelgate.provider.simulator;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** An error answer of the simulated API, in OpenAI's {@code {"error":{...}}} shape. */
final class ApiFailure extends RuntimeException {

    final int status;
    final String type;
    final String code;
    final String param;
    final Map<String, String> headers = new LinkedHashMap<>();
    private boolean plainDetail;

    ApiFailure(int status, String type, String code, String param, String message) {
        super(message);
        this.status = status;
        this.type = type;
        this.code = code;
        this.param = param;
    }

    static ApiFailure invalid(String param, String code, String message) {
        return new ApiFailure(400, "invalid_request_error", code, param, message);
    }

    static ApiFailure notFound(String code, String message) {
        return new ApiFailure(404, "invalid_request_error", code, null, message);
    }

    /** A path the server does not have, answered as FastAPI servers (vLLM-Omni) do: {@code {"detail":"Not Found"}}. */
    static ApiFailure routeNotFound() {
        ApiFailure failure = new ApiFailure(404, null, null, null, "Not Found");
        failure.plainDetail = true;
        return failure;
    }

    ApiFailure header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    Response toResponse() {
        if (plainDetail) {
            return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(Map.of("detail", getMessage()))
                    .build();
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("message", getMessage());
        detail.put("type", type);
        detail.put("param", param);
        detail.put("code", code);
        Response.ResponseBuilder builder = Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Map.of("error", detail));
        headers.forEach(builder::header);
        return builder.build();
    }
}
