package io.reelgate.testing;

import java.util.Map;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/** A signed-in browser without a browser: its cookies (OIDC session, CSRF) for REST Assured. */
public record Session(String username, Map<String, String> cookies) {

    /** A request with this session's cookies that does not follow redirects. */
    public RequestSpecification given() {
        return RestAssured.given().cookies(cookies).redirects().follow(false);
    }

    /** A state-changing request carrying the CSRF token in the header, as HTMX sends it. */
    public RequestSpecification htmx() {
        return given().header("X-CSRF-Token", csrf()).header("HX-Request", "true");
    }

    /** A form post carrying the CSRF token as a form field, as a plain HTML form sends it. */
    public RequestSpecification form() {
        return given().contentType("application/x-www-form-urlencoded").formParam("_csrf", csrf());
    }

    public String csrf() {
        String token = cookies.get("rg_csrf");
        if (token == null) {
            throw new IllegalStateException("No CSRF cookie in session of " + username);
        }
        return token;
    }
}
