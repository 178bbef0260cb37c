package io.reelgate.shell;

import java.util.List;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;

import io.quarkus.runtime.BlockingOperationControl;
import io.reelgate.identity.CurrentUser;
import io.reelgate.identity.User;
import io.reelgate.team.CurrentTeam;
import io.reelgate.team.Team;
import io.reelgate.team.TeamDirectory;
import io.reelgate.team.TeamMembership;
import io.reelgate.web.Flash;

/** What the shared layout shows on every page ({@code {inject:page.*}}): user, teams, current team, flash. */
@Named("page")
@RequestScoped
public class PageContext {

    private final CurrentUser currentUser;
    private final CurrentTeam currentTeam;
    private final TeamDirectory teams;
    private List<TeamMembership> myTeams;
    private Flash flash;
    private boolean flashTaken;

    PageContext(CurrentUser currentUser, CurrentTeam currentTeam, TeamDirectory teams) {
        this.currentUser = currentUser;
        this.currentTeam = currentTeam;
        this.teams = teams;
    }

    public boolean signedIn() {
        return currentUser.signedIn();
    }

    /**
     * The signed-in user, or null. Also null while rendering on an I/O thread (error pages for
     * requests that matched no route), where the database must not be touched.
     */
    public User user() {
        return currentUser.signedIn() && BlockingOperationControl.isBlockingAllowed() ? currentUser.user() : null;
    }

    public boolean operator() {
        User user = user();
        return user != null && user.operator;
    }

    /** The user's teams for the switcher. */
    public List<TeamMembership> teams() {
        if (myTeams == null) {
            User user = user();
            myTeams = user == null ? List.of() : teams.teamsOf(user.id);
        }
        return myTeams;
    }

    /** The team of a team-scoped page, or null. */
    public Team team() {
        return currentTeam.present() ? currentTeam.team() : null;
    }

    public boolean teamAdmin() {
        return currentTeam.admin();
    }

    public Flash flash() {
        return flash;
    }

    void showFlash(Flash flash) {
        this.flash = flash;
        this.flashTaken = true;
    }

    boolean flashTaken() {
        return flashTaken;
    }
}
