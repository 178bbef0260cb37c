package io.reelgate.web;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** The web front. */
@ConfigMapping(prefix = "reelgate.web")
public interface WebConfig {

    /**
     * Public base URL of this Reelgate (e.g. {@code https://video.example.com}), used for links in
     * emails and the absolute URLs of share links and their OpenGraph tags (env
     * {@code REELGATE_WEB_BASE_URL}). Unset: pages take it from the request (with
     * {@code X-Forwarded-*} honoured when {@code quarkus.http.proxy.proxy-address-forwarding} is on);
     * emails fall back to {@code http://localhost:8080}.
     */
    Optional<String> baseUrl();

    /** The base URL for contexts without a request, without a trailing slash. */
    default String baseUrlOrLocal() {
        return baseUrl().map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u).orElse("http://localhost:8080");
    }
}
