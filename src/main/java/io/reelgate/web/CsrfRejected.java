package io.reelgate.web;

/** A state-changing request arrived without the matching CSRF token. */
public class CsrfRejected extends RuntimeException {
    public CsrfRejected(String message) {
        super(message);
    }
}
