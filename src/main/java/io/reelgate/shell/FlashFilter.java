package io.reelgate.shell;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.NewCookie;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import io.reelgate.web.Flash;
import io.reelgate.web.Htmx;

/**
 * Moves a pending flash message from its cookie into the page of the next full-page GET, and
 * clears the cookie in that response. HTMX fragment requests leave it for the next page.
 */
public class FlashFilter {

    private final PageContext page;

    FlashFilter(PageContext page) {
        this.page = page;
    }

    @ServerRequestFilter
    public void take(ContainerRequestContext request) {
        if (!"GET".equals(request.getMethod()) || Htmx.isFragmentRequest(request.getHeaders())) {
            return;
        }
        Cookie cookie = request.getCookies().get(Flash.COOKIE);
        if (cookie != null) {
            page.showFlash(Flash.parse(cookie.getValue()));
        }
    }

    @ServerResponseFilter
    public void clear(ContainerResponseContext response) {
        if (page.flashTaken()) {
            response.getHeaders().add(HttpHeaders.SET_COOKIE,
                    new NewCookie.Builder(Flash.COOKIE).value("").path("/").maxAge(0).build());
        }
    }
}
