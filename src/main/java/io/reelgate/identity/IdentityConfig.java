package io.reelgate.identity;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How users and their teams are read from the identity provider's tokens. */
@ConfigMapping(prefix = "reelgate.identity")
public interface IdentityConfig {

    /**
     * Issuer name stored with each user instead of the token's {@code iss}. Pin it when the IdP's
     * URL changes but its users stay the same (dev: the OIDC dev service gets a new port each run).
     */
    Optional<String> issuer();

    /** Role (from {@code quarkus.oidc.roles.role-claim-path}) that makes a user a platform operator. */
    @WithDefault("operator")
    String operatorRole();

    /**
     * ID-token claim listing the user's IdP groups, e.g. {@code groups}. When set, team memberships
     * are synced from it at every sign-in (see {@code reelgate.teams.group-prefix}); when unset,
     * memberships come only from the app.
     */
    Optional<String> groupsClaim();

    /**
     * Treat the ID token's {@code email} as verified even without {@code email_verified: true}.
     * Only for IdPs that issue nothing but verified, organisation-owned addresses and omit the
     * claim (e.g. Microsoft Entra ID, and the dev/test OIDC service). Invitations bound to an
     * address are accepted only by a user whose address is verified (env
     * {@code REELGATE_IDENTITY_TRUST_EMAILS}).
     */
    @WithDefault("false")
    boolean trustEmails();
}
