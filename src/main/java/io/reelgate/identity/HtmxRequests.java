package io.reelgate.identity;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.oidc.JavaScriptRequestChecker;
import io.vertx.ext.web.RoutingContext;

/**
 * HTMX requests are script requests: when their session has expired, Quarkus OIDC answers them 499
 * (with {@code quarkus.oidc.authentication.java-script-auto-redirect=false}) instead of a redirect
 * to the IdP that an XHR cannot follow; {@code app.js} then keeps the draft and reloads the page,
 * which signs in again. A request that fails on the network is only retried.
 */
@ApplicationScoped
public class HtmxRequests implements JavaScriptRequestChecker {

    @Override
    public boolean isJavaScriptRequest(RoutingContext context) {
        return "true".equals(context.request().getHeader("HX-Request"));
    }
}
