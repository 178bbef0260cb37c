package io.reelgate.team;

/**
 * A member was removed from a team by an admin, fired inside the removing transaction (so what
 * observers do commits with it): the Videos API revokes the member's keys in that team, the budget
 * settings drop them from the alert recipients.
 */
public record MemberRemoved(long teamId, long userId, long actorId) {
}
