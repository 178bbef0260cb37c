package io.reelgate.api;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.vertx.core.http.HttpServerRequest;

/**
 * Authentication of {@code /v1}, in one place: {@code Authorization: Bearer rg_…} must be a live
 * key ({@link ApiKeys#authenticate}); the request then acts as that key's member in that key's
 * team ({@link ApiCaller}). Anything else answers 401 in OpenAI's error shape.
 */
public class ApiKeyFilter {

    private final ApiKeys keys;
    private final ApiCaller caller;

    ApiKeyFilter(ApiKeys keys, ApiCaller caller) {
        this.keys = keys;
        this.caller = caller;
    }

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    public void authenticate(ContainerRequestContext request, HttpServerRequest http) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/v1/")) {
            return;
        }
        java.util.List<String> headers = request.getHeaders().get("Authorization");
        if (headers != null && headers.size() > 1) {
            // two keys, two teams: which one would pay?
            throw ApiException.unauthorized("Send one Authorization header, not " + headers.size() + ".");
        }
        String header = request.getHeaderString("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw ApiException.unauthorized("You didn't provide an API key. Send it as 'Authorization: Bearer rg_…'; "
                    + "keys are made on your team's API keys page.");
        }
        String secret = header.substring(7).trim();
        ApiKeys.Authenticated key = keys.authenticate(secret).orElseThrow(() -> ApiException.unauthorized(
                "Incorrect API key provided: " + mask(secret)
                        + ". It may be revoked or expired, or its member may have left the team."));
        if (key.touchDue()) {
            keys.touch(key.identity().keyId(), http.remoteAddress() == null ? null : http.remoteAddress().host());
        }
        caller.enter(key.identity());
    }

    private static String mask(String secret) {
        return secret.length() <= 10 ? "****" : secret.substring(0, 7) + "****" + secret.substring(secret.length() - 4);
    }
}
