package io.reelgate.team;

import jakarta.enterprise.context.RequestScoped;

/**
 * The team of a team-scoped request ({@code /t/{slug}/...}) and the user's role in it, set by
 * {@link TeamAccessFilter} before any resource method runs.
 */
@RequestScoped
public class CurrentTeam {

    private TeamMembership membership;

    void enter(TeamMembership membership) {
        this.membership = membership;
    }

    public boolean present() {
        return membership != null;
    }

    public Team team() {
        if (membership == null) {
            throw new IllegalStateException("Not a team-scoped request");
        }
        return membership.team();
    }

    public long id() {
        return team().id;
    }

    public String slug() {
        return team().slug;
    }

    public TeamRole role() {
        return membership.role();
    }

    public boolean admin() {
        return present() && membership.role().isAdmin();
    }
}
