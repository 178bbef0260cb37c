package io.reelgate.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;

/**
 * A {@code /v1} request that declares a body over {@code quarkus.http.limits.max-body-size} is
 * refused from its header, as Quarkus refuses it (route order -2) — but with OpenAI's error body,
 * which Quarkus's own refusal (an empty 413) lacks. It runs just before Quarkus's check.
 */
@ApplicationScoped
public class BodyLimit {

    void install(@Observes Router router, @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize limit) {
        router.route("/v1/*").order(-3).handler(context -> {
            String declared = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (declared != null && declared.matches("[0-9]{1,18}") && Long.parseLong(declared) > limit.asLongValue()) {
                ApiException e = new ApiException(413, "invalid_request_error", "request_too_large", null, "The body is "
                        + "larger than Reelgate accepts (" + limit.asLongValue() / (1024 * 1024) + " MiB); nothing was read.");
                context.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .putHeader(HttpHeaders.CONNECTION, "close").end(e.json());
                return;
            }
            context.next();
        });
    }
}
