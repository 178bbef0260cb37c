package io.reelgate.api;

import java.util.List;

import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.reelgate.identity.CurrentUser;
import io.reelgate.team.TeamUrls;
import io.reelgate.videos.ModelMenu;
import io.reelgate.team.ChangeRefused;
import io.reelgate.team.CurrentTeam;
import io.reelgate.team.Team;
import io.reelgate.web.Flash;
import io.reelgate.web.PublicUrls;

/**
 * The team's API keys page ({@code /t/{team}/keys}): every member creates and revokes their own
 * keys (the secret is shown once, right after creating it); team admins also see and revoke every
 * key of the team. It says how to point an OpenAI SDK at Reelgate.
 */
@Path("/t/{team}/keys")
public class KeysResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance keys(Team team, boolean admin, boolean disabled, List<ApiKeys.Row> mine,
                List<ApiKeys.Row> others, KeyForm form, ApiKeys.Issued issued, String baseUrl, String exampleModel,
                String error);
    }

    /** The create form as typed. */
    public record KeyForm(String name, String validDays, String error) {
        static final KeyForm EMPTY = new KeyForm("", "90", null);
    }

    private final CurrentTeam currentTeam;
    private final CurrentUser currentUser;
    private final ApiKeys keys;
    private final PublicUrls urls;
    private final ModelMenu models;

    KeysResource(CurrentTeam currentTeam, CurrentUser currentUser, ApiKeys keys, PublicUrls urls, ModelMenu models) {
        this.models = models;
        this.currentTeam = currentTeam;
        this.currentUser = currentUser;
        this.keys = keys;
        this.urls = urls;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance page(@Context UriInfo uri) {
        return render(KeyForm.EMPTY, null, null, uri);
    }

    @POST
    @Produces(MediaType.TEXT_HTML)
    public Response create(@FormParam("name") String name, @FormParam("validDays") String validDays, @Context UriInfo uri) {
        Integer days;
        try {
            days = validDays == null || validDays.isBlank() || validDays.equals("never") ? null
                    : Integer.valueOf(validDays.trim());
        } catch (NumberFormatException e) {
            return Response.status(400).entity(render(new KeyForm(name, validDays, "Choose how long the key is valid."),
                    null, null, uri)).build();
        }
        ApiKeys.Issued issued;
        try {
            issued = keys.create(currentTeam.id(), currentUser.id(), name, days);
        } catch (ChangeRefused e) {
            return Response.status(e.status()).entity(render(new KeyForm(name, validDays, e.getMessage()), null, null, uri))
                    .build();
        }
        return Response.ok(render(KeyForm.EMPTY, issued, null, uri)).header("Cache-Control", "no-store").build();
    }

    @POST
    @Path("{id}/revoke")
    @Produces(MediaType.TEXT_HTML)
    public Response revoke(@PathParam("id") long id, @Context UriInfo uri) {
        try {
            keys.revoke(currentTeam.id(), id, currentUser.id(), currentTeam.admin());
        } catch (ChangeRefused e) {
            return Response.status(e.status()).entity(render(KeyForm.EMPTY, null, e.getMessage(), uri)).build();
        }
        return Flash.success("The key was revoked; programs using it now get 401.").redirectTo(TeamUrls.of(currentTeam.slug(), "keys"));
    }

    private TemplateInstance render(KeyForm form, ApiKeys.Issued issued, String error, UriInfo uri) {
        Team team = currentTeam.team();
        long me = currentUser.id();
        boolean admin = currentTeam.admin();
        List<ApiKeys.Row> mine = keys.ofMember(team.id, me);
        List<ApiKeys.Row> others = admin ? keys.ofTeam(team.id).stream().filter(r -> r.ownerId() != me).toList() : List.of();
        String base = urls.base(uri) + "/v1";
        ModelMenu.Menu menu = models.forTeam(team.id);
        String example = menu.values().isEmpty() ? "sora-2" : menu.first().value();
        return Templates.keys(team, admin, keys.teamKeysDisabled(team.id), mine, others, form, issued, base, example, error);
    }
}
