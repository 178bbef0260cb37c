package io.reelgate.team;

import java.time.Instant;

/** A member of a team with the effective role and whether the IdP owns (part of) the membership. */
public record Member(long userId, TeamRole role, boolean fromIdp, Instant since) {
}
