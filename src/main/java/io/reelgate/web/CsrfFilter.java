package io.reelgate.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.NewCookie;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import org.jboss.resteasy.reactive.server.WithFormRead;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveContainerRequestContext;

/**
 * Double-submit CSRF protection for every state-changing request: the token in the
 * {@value #COOKIE} cookie must come back in the {@value #HEADER} header (HTMX) or the
 * {@value #FIELD} form field (plain forms, also multipart). Resources marked {@link CsrfExempt}
 * are skipped. A rejected request changes nothing and gets a 403 page that says what to do.
 */
public class CsrfFilter {

    static final String COOKIE = "rg_csrf";
    static final String HEADER = "X-CSRF-Token";
    static final String FIELD = "_csrf";
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final CsrfToken csrf;

    CsrfFilter(CsrfToken csrf) {
        this.csrf = csrf;
    }

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    @WithFormRead
    public void verify(ResteasyReactiveContainerRequestContext request, ResourceInfo resource, HttpHeaders headers) {
        if (resource.getResourceClass() != null && resource.getResourceClass().isAnnotationPresent(CsrfExempt.class)) {
            return;
        }
        Cookie cookie = headers.getCookies().get(COOKIE);
        String expected = cookie == null || !wellFormed(cookie.getValue()) ? null : cookie.getValue();
        if (expected == null) {
            csrf.set(newToken(), true);
        } else {
            csrf.set(expected, false);
        }
        if (SAFE.contains(request.getMethod())) {
            return;
        }
        if (expected == null) {
            throw new CsrfRejected("The security cookie of this page is missing or expired.");
        }
        String sent = request.getHeaderString(HEADER);
        if (sent == null) {
            ResteasyReactiveRequestContext context = (ResteasyReactiveRequestContext) request.getServerRequestContext();
            Object field = context.getFormParameter(FIELD, true, false);
            sent = field == null ? null : field.toString();
        }
        if (sent == null || !MessageDigest.isEqual(sent.getBytes(StandardCharsets.US_ASCII),
                expected.getBytes(StandardCharsets.US_ASCII))) {
            throw new CsrfRejected("The form's security token is missing or does not match.");
        }
    }

    @ServerResponseFilter
    public void issue(ContainerResponseContext response) {
        if (csrf.fresh()) {
            response.getHeaders().add(HttpHeaders.SET_COOKIE, new NewCookie.Builder(COOKIE)
                    .value(csrf.token())
                    .path("/")
                    .httpOnly(true)
                    .sameSite(NewCookie.SameSite.LAX)
                    .build());
        }
    }

    private static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static boolean wellFormed(String token) {
        return token != null && token.length() == 43 && token.chars().allMatch(c -> Character.isLetterOrDigit(c)
                || c == '-' || c == '_');
    }
}
