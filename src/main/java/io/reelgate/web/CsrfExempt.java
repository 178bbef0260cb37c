package io.reelgate.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a resource that browsers never post to (provider webhooks, the simulator's API): such
 * requests authenticate with signatures or bearer keys instead of the CSRF token.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface CsrfExempt {
}
