package io.reelgate.home;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.reelgate.identity.CurrentUser;
import io.reelgate.team.CurrentTeam;
import io.reelgate.team.Team;
import io.reelgate.team.TeamDirectory;
import io.reelgate.team.TeamRole;
import io.reelgate.team.TierConfig;

/**
 * The team's home ({@code /t/{team}}), where a member lands after signing in: money left, running
 * jobs, latest videos, a way into the studio, and the team's tier and people.
 */
@Path("/t/{team}")
public class TeamHomeResource {

    /** How many people the page names before "and N more". */
    static final int PEOPLE = 6;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance home(Team team, TeamRole role, String firstName, TeamHome.Summary home,
                TierConfig.Limits limits, List<TeamDirectory.Person> people, int memberCount, long admins);
    }

    private final CurrentTeam currentTeam;
    private final CurrentUser user;
    private final TeamDirectory teams;
    private final TierConfig tiers;
    private final TeamHome home;

    TeamHomeResource(CurrentTeam currentTeam, CurrentUser user, TeamDirectory teams, TierConfig tiers, TeamHome home) {
        this.currentTeam = currentTeam;
        this.user = user;
        this.teams = teams;
        this.tiers = tiers;
        this.home = home;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance home(@PathParam("team") String slug) {
        Team team = currentTeam.team();
        List<TeamDirectory.Person> people = teams.people(team.id);
        long admins = people.stream().filter(p -> p.role().isAdmin()).count();
        TeamHome.Summary summary = home.of(team, user.id(), currentTeam.admin());
        return Templates.home(team, currentTeam.role(), firstName(user.user().displayName), summary, tiers.of(team.tier),
                people.subList(0, Math.min(PEOPLE, people.size())), people.size(), admins);
    }

    private static String firstName(String displayName) {
        if (displayName == null || displayName.isBlank()) {
            return null;
        }
        String first = displayName.trim().split("\\s+")[0];
        return first.contains("@") ? null : first;
    }
}
