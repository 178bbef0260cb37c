package io.reelgate.identity;

import java.util.List;

/**
 * Fired inside the sign-in transaction when a user signs in with a fresh token and a groups claim
 * is configured; the team feature syncs IdP memberships from it.
 */
public record UserSignedIn(long userId, List<String> groups) {
}
