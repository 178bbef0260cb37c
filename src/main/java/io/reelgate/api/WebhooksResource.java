package io.reelgate.api;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.reelgate.web.Forms;
import io.reelgate.team.TeamUrls;
import io.reelgate.identity.CurrentUser;
import io.reelgate.team.ChangeRefused;
import io.reelgate.team.CurrentTeam;
import io.reelgate.team.Team;
import io.reelgate.team.TeamAdminOnly;
import io.reelgate.web.Flash;

/**
 * Webhook endpoints for team admins ({@code /t/{team}/admin/webhooks}): register a URL for
 * {@code video.completed} and/or {@code video.failed}, switch it on and off, rotate its signing
 * secret (shown once, the old one keeps signing for the overlap), send a test event, and read the
 * delivery log (state, attempts, last answer).
 */
@Path("/t/{team}/admin/webhooks")
@TeamAdminOnly
public class WebhooksResource {

    private static final int LOG_ROWS = 25;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance webhooks(Team team, List<WebhookEndpoints.Endpoint> endpoints,
                Map<Long, List<WebhookEndpoints.Delivery>> deliveries, EndpointForm form, Secret secret, boolean allowHttp,
                String error);

        static native TemplateInstance webhooks$log(Team team, List<WebhookEndpoints.Delivery> log);
    }

    /** The register form as typed. */
    public record EndpointForm(String url, boolean completed, boolean failed, String error) {
        static final EndpointForm EMPTY = new EndpointForm("", true, true, null);
    }

    /** A secret to show once: for a new endpoint or after a rotation. */
    public record Secret(String url, String secret, boolean rotated) {
    }

    private final CurrentTeam currentTeam;
    private final CurrentUser currentUser;
    private final WebhookEndpoints endpoints;
    private final ApiConfig config;

    WebhooksResource(CurrentTeam currentTeam, CurrentUser currentUser, WebhookEndpoints endpoints, ApiConfig config) {
        this.currentTeam = currentTeam;
        this.currentUser = currentUser;
        this.endpoints = endpoints;
        this.config = config;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance page() {
        return render(EndpointForm.EMPTY, null, null);
    }

    @POST
    @Produces(MediaType.TEXT_HTML)
    public Response create(@FormParam("url") String url, @FormParam("event") List<String> events) {
        List<String> chosen = events == null ? List.of() : events;
        try {
            Map.Entry<Long, String> created = endpoints.create(currentTeam.id(), url, chosen, currentUser.id());
            String shown = endpoints.list(currentTeam.id()).stream().filter(e -> e.id() == created.getKey()).findFirst()
                    .map(WebhookEndpoints.Endpoint::url).orElse(url);
            return Response.ok(render(EndpointForm.EMPTY, new Secret(shown, created.getValue(), false), null))
                    .header("Cache-Control", "no-store").build();
        } catch (ChangeRefused e) {
            return Response.status(e.status()).entity(render(new EndpointForm(url, chosen.contains("video.completed"),
                    chosen.contains("video.failed"), e.getMessage()), null, null)).build();
        }
    }

    @POST
    @Path("{id}")
    @Produces(MediaType.TEXT_HTML)
    public Response update(@PathParam("id") long id, @FormParam("enabled") String enabled,
            @FormParam("event") List<String> events) {
        try {
            endpoints.update(currentTeam.id(), id, Forms.checked(enabled),
                    events == null ? List.of() : events, currentUser.id());
        } catch (ChangeRefused e) {
            return refused(e);
        }
        return Flash.success("Endpoint saved.").redirectTo(base());
    }

    @POST
    @Path("{id}/rotate")
    @Produces(MediaType.TEXT_HTML)
    public Response rotate(@PathParam("id") long id) {
        try {
            String secret = endpoints.rotate(currentTeam.id(), id, currentUser.id());
            String url = endpoints.list(currentTeam.id()).stream().filter(e -> e.id() == id).findFirst()
                    .map(WebhookEndpoints.Endpoint::url).orElse("");
            return Response.ok(render(EndpointForm.EMPTY, new Secret(url, secret, true), null))
                    .header("Cache-Control", "no-store").build();
        } catch (ChangeRefused e) {
            return refused(e);
        }
    }

    @POST
    @Path("{id}/test")
    @Produces(MediaType.TEXT_HTML)
    public Response test(@PathParam("id") long id) {
        try {
            endpoints.sendTest(currentTeam.id(), id);
        } catch (ChangeRefused e) {
            return refused(e);
        }
        return Flash.success("A webhook.test event is on its way; its delivery shows in the log below.").redirectTo(base());
    }

    @POST
    @Path("{id}/delete")
    @Produces(MediaType.TEXT_HTML)
    public Response delete(@PathParam("id") long id) {
        try {
            endpoints.delete(currentTeam.id(), id, currentUser.id());
        } catch (ChangeRefused e) {
            return refused(e);
        }
        return Flash.success("The endpoint was deleted; nothing more is sent to it.").redirectTo(base());
    }

    /** The delivery log of one endpoint as a fragment (refreshed by HTMX). */
    @GET
    @Path("{id}/deliveries")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance deliveries(@PathParam("id") long id, @QueryParam("limit") Integer limit) {
        if (endpoints.list(currentTeam.id()).stream().noneMatch(e -> e.id() == id)) {
            throw new jakarta.ws.rs.NotFoundException();
        }
        int rows = limit == null ? LOG_ROWS : Math.max(1, Math.min(limit, 200));
        return Templates.webhooks$log(currentTeam.team(), endpoints.deliveries(currentTeam.id(), id, rows));
    }

    private Response refused(ChangeRefused e) {
        return Response.status(e.status()).entity(render(EndpointForm.EMPTY, null, e.getMessage())).build();
    }

    private TemplateInstance render(EndpointForm form, Secret secret, String error) {
        Team team = currentTeam.team();
        List<WebhookEndpoints.Endpoint> list = endpoints.list(team.id);
        Map<Long, List<WebhookEndpoints.Delivery>> log = new java.util.LinkedHashMap<>();
        for (WebhookEndpoints.Endpoint e : list) {
            log.put(e.id(), endpoints.deliveries(team.id, e.id(), LOG_ROWS));
        }
        return Templates.webhooks(team, list, log, form, secret, config.webhooks().allowPrivate(), error);
    }

    private String base() {
        return TeamUrls.of(currentTeam.slug(), "admin", "webhooks");
    }
}
