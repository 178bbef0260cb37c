package io.reelgate.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;

/**
 * This request's CSRF token, for templates: {@code {inject:csrf.token}} in a hidden
 * {@code {inject:csrf.field}} input, and in the {@code X-CSRF-Token} header of HTMX requests.
 */
@Named("csrf")
@RequestScoped
public class CsrfToken {

    private String token;
    private boolean fresh;

    void set(String token, boolean fresh) {
        this.token = token;
        this.fresh = fresh;
    }

    public String token() {
        return token == null ? "" : token;
    }

    public String field() {
        return CsrfFilter.FIELD;
    }

    boolean fresh() {
        return fresh;
    }
}
