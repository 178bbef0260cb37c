package io.reelgate.team;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Team membership: how IdP groups name teams (used when {@code reelgate.identity.groups-claim} is set) and invitations. */
@ConfigMapping(prefix = "reelgate.teams")
public interface TeamConfig {

    /** Group path prefix naming a team: {@code /teams/acme} makes the user a member of team {@code acme}. */
    @WithDefault("/teams/")
    String groupPrefix();

    /** Suffix that makes the group an admin group: {@code /teams/acme/admins}. */
    @WithDefault("/admins")
    String adminGroupSuffix();

    /** How long an invitation link stays valid; resending starts the time again. */
    @WithDefault("P7D")
    java.time.Duration invitationTtl();

    /** Invitations one team may send per hour (new and resent), so a console cannot be used to spam addresses. */
    @WithDefault("50")
    int invitationsPerHour();
}
