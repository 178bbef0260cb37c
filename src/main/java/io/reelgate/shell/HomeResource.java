package io.reelgate.shell;

import java.net.URI;
import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.reelgate.identity.CurrentUser;
import io.reelgate.team.TeamUrls;
import io.reelgate.identity.User;
import io.reelgate.team.TeamDirectory;
import io.reelgate.team.TeamMembership;

/** The front door: a landing page for visitors, the first team for signed-in users. */
@Path("/")
public class HomeResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance landing();

        static native TemplateInstance noTeams(User user);
    }

    private final CurrentUser currentUser;
    private final TeamDirectory teams;

    HomeResource(CurrentUser currentUser, TeamDirectory teams) {
        this.currentUser = currentUser;
        this.teams = teams;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response home() {
        if (!currentUser.signedIn()) {
            return Response.ok(Templates.landing()).build();
        }
        List<TeamMembership> mine = teams.teamsOf(currentUser.id());
        if (mine.isEmpty()) {
            return Response.ok(Templates.noTeams(currentUser.user())).build();
        }
        return Response.seeOther(URI.create(TeamUrls.of(mine.get(0).team().slug))).build();
    }

    /** Protected by configuration: reaching it means the sign-in succeeded. */
    @GET
    @Path("login")
    public Response login() {
        currentUser.user();
        return Response.seeOther(URI.create("/")).build();
    }
}
