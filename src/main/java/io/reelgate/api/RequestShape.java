package io.reelgate.api;

import java.util.Locale;
import java.util.regex.Pattern;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * What a {@code /v1} request must look like before its body is read or anything runs: an Accept
 * that admits JSON (else the video would be made and charged, and only its answer refused with
 * 406), and for multipart a usable boundary (RFC 2046: 1–70 characters of a small set; the form
 * parser fails on an empty or unterminated one with an index error, a 500).
 */
public class RequestShape {

    /** RFC 2046's boundary characters, without the space it allows inside (parsers disagree on it). */
    private static final Pattern BOUNDARY = Pattern.compile("[0-9A-Za-z'()+_,./:=?-]{1,70}");

    @ServerRequestFilter
    public void check(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/v1/")) {
            return;
        }
        if (!path.endsWith("/content") && request.getAcceptableMediaTypes().stream()
                .noneMatch(t -> t.isCompatible(MediaType.APPLICATION_JSON_TYPE))) {
            throw new ApiException(406, "invalid_request_error", "not_acceptable", null, "The Videos API answers in JSON; "
                    + "send Accept: application/json (or leave Accept out).");
        }
        String type = request.getHeaderString("Content-Type");
        if (type == null
                || !type.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
            return;
        }
        String boundary = null;
        for (String parameter : type.split(";")) {
            String p = parameter.strip();
            if (p.regionMatches(true, 0, "boundary=", 0, 9)) {
                boundary = p.substring(9);
            }
        }
        if (boundary != null && boundary.startsWith("\"")) {
            boundary = boundary.length() >= 2 && boundary.endsWith("\"") ? boundary.substring(1, boundary.length() - 1) : "";
        }
        if (boundary == null || !BOUNDARY.matcher(boundary).matches()) {
            throw ApiException.invalid(null, "invalid_multipart", "The Content-Type names no usable multipart boundary "
                    + "(1 to 70 characters: letters, digits and '()+_,-./:=?); nothing was read.");
        }
    }
}
