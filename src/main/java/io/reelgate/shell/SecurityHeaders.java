package io.reelgate.shell;

import java.net.URI;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.reelgate.storage.StorageConfig;

/**
 * Strict headers on every response. The CSP allows no inline script or style; media and images
 * may also come from the object store, whose presigned URLs the video player uses. Dev-mode tools
 * under {@code /q/} keep their own policy.
 */
@ApplicationScoped
class SecurityHeaders {

    void register(@Observes Filters filters, StorageConfig storage) {
        String store = origin(storage.publicEndpoint().orElse(storage.endpoint()));
        String csp = String.join("; ",
                "default-src 'self'",
                "script-src 'self'",
                "style-src 'self'",
                "img-src 'self' data: blob: " + store,
                "media-src 'self' blob: " + store,
                "connect-src 'self'",
                "font-src 'self'",
                "object-src 'none'",
                "base-uri 'none'",
                "form-action 'self'",
                "frame-ancestors 'none'");
        filters.register(rc -> {
            var headers = rc.response().headers();
            if (!rc.normalizedPath().startsWith("/q/")) {
                headers.set("Content-Security-Policy", csp);
            }
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("X-Frame-Options", "DENY");
            headers.set("Referrer-Policy", "strict-origin-when-cross-origin");
            headers.set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
            headers.set("Cross-Origin-Opener-Policy", "same-origin");
            rc.next();
        }, 100);
    }

    static String origin(String url) {
        URI uri = URI.create(url);
        return uri.getScheme() + "://" + uri.getAuthority();
    }
}
