package io.reelgate.admin;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.reelgate.identity.CurrentUser;
import io.reelgate.team.CurrentTeam;
import io.reelgate.team.Team;
import io.reelgate.team.TeamAdminOnly;
import io.reelgate.team.TeamUrls;
import io.reelgate.web.Flash;

/**
 * Routes for team admins ({@code /t/{team}/admin/routes}): how the team's jobs of each model sold
 * by several providers pick their provider, and which providers the team may not use (data
 * residency, contracts). One form per model; {@link RouteSettings} checks and stores it.
 */
@Path("/t/{team}/admin/routes")
@TeamAdminOnly
public class RoutesResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance routes(Team team, List<RouteSettings.Card> models, String error);
    }

    private final CurrentTeam currentTeam;
    private final CurrentUser currentUser;
    private final RouteSettings settings;

    RoutesResource(CurrentTeam currentTeam, CurrentUser currentUser, RouteSettings settings) {
        this.currentTeam = currentTeam;
        this.currentUser = currentUser;
        this.settings = settings;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance page() {
        Team team = currentTeam.team();
        return Templates.routes(team, settings.cards(team.id), null);
    }

    @POST
    @Produces(MediaType.TEXT_HTML)
    public Response save(@FormParam("model") String model, @FormParam("policy") String policy,
            @FormParam("pin") String pin, @FormParam("route") List<String> routes) {
        Team team = currentTeam.team();
        RouteSettings.Form form = new RouteSettings.Form(model, policy, pin, routes);
        Map<String, String> errors = settings.save(team.id, currentUser.id(), form);
        if (errors.isEmpty()) {
            return Flash.success("Routes saved. New jobs follow them now.")
                    .redirectTo(TeamUrls.url(team, "admin", "routes"));
        }
        String error = errors.containsKey("model") ? errors.get("model")
                : "Nothing was saved. Fix the highlighted choice below.";
        return Response.status(400).entity(Templates.routes(team, settings.cards(team.id, form, errors), error)).build();
    }
}
