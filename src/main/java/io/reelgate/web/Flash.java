package io.reelgate.web;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

/**
 * A one-shot message shown on the page a redirect leads to (post/redirect/get), carried in a
 * short-lived cookie and cleared by {@link FlashFilter} once shown.
 */
public record Flash(Kind kind, String message) {

    public static final String COOKIE = "rg_flash";

    public enum Kind {
        SUCCESS, INFO, WARNING, ERROR;

        public String css() {
            return name().toLowerCase();
        }
    }

    public static Flash success(String message) {
        return new Flash(Kind.SUCCESS, message);
    }

    public static Flash error(String message) {
        return new Flash(Kind.ERROR, message);
    }

    /** A 303 redirect to {@code location} that shows this message there. */
    public Response redirectTo(String location) {
        return Response.seeOther(URI.create(location)).cookie(cookie()).build();
    }

    NewCookie cookie() {
        String value = Base64.getUrlEncoder().withoutPadding()
                .encodeToString((kind.name() + ":" + message).getBytes(StandardCharsets.UTF_8));
        return new NewCookie.Builder(COOKIE).value(value).path("/").maxAge(120).httpOnly(true)
                .sameSite(NewCookie.SameSite.LAX).build();
    }

    public static Flash parse(String cookieValue) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(cookieValue), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return new Flash(Kind.valueOf(decoded.substring(0, colon)), decoded.substring(colon + 1));
        } catch (RuntimeException e) {
            return null;
        }
    }
}
