package io.reelgate.team;

/** A user's role in one team. */
public enum TeamRole {
    MEMBER,
    ADMIN;

    public String label() {
        return this == ADMIN ? "Admin" : "Member";
    }

    public boolean isAdmin() {
        return this == ADMIN;
    }
}
