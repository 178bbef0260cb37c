package io.reelgate.identity;

import java.util.List;
import java.util.Optional;

/**
 * What Reelgate keeps from an IdP token at sign-in. {@code groups} is empty when no groups claim is
 * configured; {@code tokenHash} identifies the token, so a new sign-in (a new token) triggers a sync.
 */
public record SignInClaims(String issuer, String subject, String username, String email, boolean emailVerified,
        String displayName, boolean operator, Optional<List<String>> groups, String tokenHash) {
}
