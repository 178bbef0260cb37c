package io.reelgate.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.UriInfo;


/** Absolute URLs for links that leave the app (share links, OpenGraph tags). */
@ApplicationScoped
public class PublicUrls {

    private final WebConfig config;

    PublicUrls(WebConfig config) {
        this.config = config;
    }

    /** {@code https://host[:port]} without a trailing slash: configured, else as the request came in. */
    public String base(UriInfo uri) {
        return config.baseUrl().map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u).orElseGet(() -> {
            String base = uri.getBaseUri().toString();
            return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        });
    }
}
