package io.reelgate.shell;

import java.util.List;
import java.util.UUID;

import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.ForbiddenException;
import io.reelgate.api.ApiException;
import io.reelgate.web.CsrfRejected;
import io.reelgate.web.Htmx;

/**
 * Every error gets a page in the app's look (or, for HTMX, an alert swapped into the flash region;
 * for JSON clients, an OpenAI-style error body). Messages say what happened and what to do; 404
 * never reveals whether another team's page exists.
 */
public class ErrorMapper {

    private static final Logger LOG = Logger.getLogger(ErrorMapper.class);
    private static final String NOT_FOUND = "We couldn't find that page. It may have been deleted, or it belongs "
            + "to a team you are not in.";

    @CheckedTemplate(basePath = "Errors")
    static class Templates {
        static native TemplateInstance page(int status, String title, String message, String reference);

        static native TemplateInstance page$alert(int status, String title, String message, String reference);
    }

    @ServerExceptionMapper
    public Response csrf(CsrfRejected e, HttpHeaders headers) {
        return render(headers, 403, "This form has expired",
                e.getMessage() + " Reload the page and try again; nothing was changed.", null);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, HttpHeaders headers) {
        return render(headers, 403, "You can't do that here", "Your role in this team does not allow it.", null);
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e, HttpHeaders headers) {
        String details = String.join("; ", e.getConstraintViolations().stream().map(v -> v.getMessage()).toList());
        return render(headers, 400, "That request was not valid", details, null);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, HttpHeaders headers, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (status < 400) {
            return e.getResponse();
        }
        if (ApiException.isApiPath(uri.getPath())) {
            return ApiException.forStatus(status, ownMessage(e, null));
        }
        return switch (status) {
            case 404 -> render(headers, 404, "Page not found", NOT_FOUND, null);
            case 403 -> render(headers, 403, "You can't do that here", ownMessage(e, "Your role does not allow it."), null);
            case 405 -> render(headers, 405, "That action is not available here", "The page does not accept this kind of request.", null);
            case 406 -> render(headers, 406, "That format is not available", "This address serves web pages only.", null);
            case 415, 400 -> render(headers, status, "That request was not valid", ownMessage(e,
                    "The form was incomplete or malformed; nothing was changed."), null);
            default -> status >= 500 ? unexpected(e, headers, null)
                    : render(headers, status, "That didn't work", ownMessage(e, "The request could not be completed."), null);
        };
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, HttpHeaders headers, UriInfo uri) {
        if (unstorableText(e)) {
            // the transaction that hit it rolled back: nothing was written
            String message = "It contains a NUL character or text that is not UTF-8, which Reelgate does not store; "
                    + "nothing was changed.";
            if (uri != null && ApiException.isApiPath(uri.getPath())) {
                return ApiException.forStatus(400, "The request was not valid. " + message);
            }
            return render(headers, 400, "That request was not valid", message, null);
        }
        String detail = String.valueOf(e.getMessage());
        if (e instanceof IllegalArgumentException && detail.startsWith("Failed to decode URL")) {
            // a form body with a broken %-escape: the body could not even be read
            return clientError(headers, uri, 400, "The form's data is malformed (a broken %-escape); nothing was changed.");
        }
        if (e instanceof java.io.IOException && detail.contains("Request too large")) {
            return clientError(headers, uri, 413, "The upload is larger than Reelgate accepts; nothing was changed.");
        }
        String reference = UUID.randomUUID().toString().substring(0, 8);
        LOG.errorf(e, "Unexpected error, reference %s", reference);
        if (uri != null && ApiException.isApiPath(uri.getPath())) {
            return ApiException.forStatus(500, "Something went wrong on our side (reference " + reference
                    + "); try again in a moment.");
        }
        return render(headers, 500, "Something went wrong on our side",
                "The error was logged. Try again in a moment; if it keeps happening, give an operator the reference below.",
                reference);
    }

    private static Response clientError(HttpHeaders headers, UriInfo uri, int status, String message) {
        if (uri != null && ApiException.isApiPath(uri.getPath())) {
            return ApiException.forStatus(status, message);
        }
        return render(headers, status, "That request was not valid", message, null);
    }

    /**
     * PostgreSQL refused a text it cannot store in UTF-8 (SQLSTATE 22021: a NUL byte or an invalid
     * sequence; 22P05: untranslatable). Every field that takes text from people checks what it can;
     * this is the backstop for the rest, so such input is the client's error, never a 500.
     */
    static boolean unstorableText(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            // the JDBC driver refuses a NUL itself, as 22023 "Zero bytes may not occur in string parameters"
            if (t instanceof java.sql.SQLException sql && ("22021".equals(sql.getSQLState())
                    || "22P05".equals(sql.getSQLState()) || "22023".equals(sql.getSQLState())
                    && String.valueOf(sql.getMessage()).contains("Zero bytes"))) {
                return true;
            }
        }
        return false;
    }

    /** Our own exceptions carry a sentence for people; JAX-RS defaults ("HTTP 400 Bad Request") do not. */
    private static String ownMessage(WebApplicationException e, String fallback) {
        String message = e.getMessage();
        return message == null || message.startsWith("HTTP ") ? fallback : message;
    }

    static Response render(HttpHeaders headers, int status, String title, String message, String reference) {
        if (Htmx.isFragmentRequest(headers)) {
            return Response.status(status)
                    .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                    .header("HX-Retarget", "#flash-region")
                    .header("HX-Reswap", "innerHTML")
                    .entity(Templates.page$alert(status, title, message, reference))
                    .build();
        }
        if (wantsJson(headers.getAcceptableMediaTypes())) {
            return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(new ErrorBody(new ErrorBody.Detail(title + ". " + message, errorType(status), reference)))
                    .build();
        }
        return Response.status(status)
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(Templates.page(status, title, message, reference))
                .build();
    }

    private static boolean wantsJson(List<MediaType> accepted) {
        for (MediaType type : accepted) {
            if (type.isCompatible(MediaType.TEXT_HTML_TYPE) && !type.isWildcardType()) {
                return false;
            }
            if (type.isCompatible(MediaType.APPLICATION_JSON_TYPE) && !type.isWildcardType()) {
                return true;
            }
        }
        return false;
    }

    private static String errorType(int status) {
        return status >= 500 ? "server_error" : "invalid_request_error";
    }

    /** The JSON error shape, as OpenAI's API uses it. */
    public record ErrorBody(Detail error) {
        public record Detail(String message, String type, String code) {
        }
    }
}
