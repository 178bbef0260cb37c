package io.reelgate.team;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** The team's home page: who is in it, its tier and limits. */
@Path("/t/{team}")
public class TeamResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance home(Team team, TeamRole role, TierConfig.Limits limits,
                List<TeamDirectory.Person> members, long admins);
    }

    private final CurrentTeam currentTeam;
    private final TeamDirectory teams;
    private final TierConfig tiers;

    TeamResource(CurrentTeam currentTeam, TeamDirectory teams, TierConfig tiers) {
        this.currentTeam = currentTeam;
        this.teams = teams;
        this.tiers = tiers;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance home(@PathParam("team") String slug) {
        Team team = currentTeam.team();
        List<TeamDirectory.Person> people = teams.people(team.id);
        long admins = people.stream().filter(p -> p.role().isAdmin()).count();
        return Templates.home(team, currentTeam.role(), tiers.of(team.tier), people, admins);
    }
}
