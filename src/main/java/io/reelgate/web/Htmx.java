package io.reelgate.web;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;

/**
 * One template serves both a full page and its HTMX fragment: a resource renders the fragment
 * when {@link #isFragmentRequest} is true (an HTMX request that is not a boosted navigation).
 */
public final class Htmx {

    public static final String REQUEST = "HX-Request";

    private Htmx() {
    }

    public static boolean isFragmentRequest(HttpHeaders headers) {
        return isFragmentRequest(headers.getRequestHeaders());
    }

    public static boolean isFragmentRequest(MultivaluedMap<String, String> headers) {
        return "true".equals(headers.getFirst(REQUEST)) && !"true".equals(headers.getFirst("HX-Boosted"));
    }
}
