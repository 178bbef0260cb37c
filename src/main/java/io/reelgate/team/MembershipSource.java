package io.reelgate.team;

/** Who owns a membership row: the IdP groups sync, or the app (invitations, admins, seeds). */
public enum MembershipSource {
    IDP,
    APP
}
