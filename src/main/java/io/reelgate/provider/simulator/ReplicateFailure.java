package io.reelgate.provider.simulator;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** An error answer of the simulated Replicate API: {@code {"title": …, "detail": …, "status": …}}. */
final class ReplicateFailure extends RuntimeException {

    final int status;
    final String title;
    final Map<String, String> headers = new LinkedHashMap<>();

    private ReplicateFailure(int status, String title, String detail) {
        super(detail);
        this.status = status;
        this.title = title;
    }

    static ReplicateFailure of(int status, String title, String detail) {
        return new ReplicateFailure(status, title, detail);
    }

    /** 422 as Replicate answers invalid inputs. */
    static ReplicateFailure validation(String detail) {
        return new ReplicateFailure(422, "Input validation failed", "- " + detail);
    }

    ReplicateFailure header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    Response toResponse() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", title);
        body.put("detail", getMessage());
        body.put("status", status);
        Response.ResponseBuilder builder = Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body);
        headers.forEach(builder::header);
        return builder.build();
    }
}
