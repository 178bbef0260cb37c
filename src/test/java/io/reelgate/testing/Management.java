package io.reelgate.testing;

import org.eclipse.microprofile.config.ConfigProvider;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/** Requests to the management interface (health and metrics), which listens on its own port. */
public final class Management {

    private Management() {
    }

    /** The management interface's origin ({@code http://localhost:<port>}); paths keep their {@code /q/...}. */
    public static String baseUrl() {
        java.net.URI url = java.net.URI.create(ConfigProvider.getConfig().getValue("test.management.url", String.class));
        return url.getScheme() + "://" + url.getAuthority();
    }

    public static RequestSpecification given() {
        return RestAssured.given().baseUri(baseUrl());
    }
}
