package io.reelgate.team;

/** A team as one user sees it: the team and the user's effective role in it. */
public record TeamMembership(Team team, TeamRole role) {
}
