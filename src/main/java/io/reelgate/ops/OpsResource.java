package io.reelgate.ops;

import java.time.InstantSource;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
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
import io.reelgate.api.ApiKeys;
import io.reelgate.audit.AuditTrail;
import io.reelgate.budget.BudgetSettings;
import io.reelgate.budget.Ledger;
import io.reelgate.budget.Reconciliation;
import io.reelgate.budget.TeamSettings;
import io.reelgate.identity.CurrentUser;
import io.reelgate.notify.InvitationSender;
import io.reelgate.team.ChangeRefused;
import io.reelgate.team.Invitations;
import io.reelgate.team.Team;
import io.reelgate.team.TeamDirectory;
import io.reelgate.team.TeamRole;
import io.reelgate.team.Tier;
import io.reelgate.team.TierConfig;
import io.reelgate.web.Flash;

/**
 * The operator console ({@code /ops}, operators only, see {@link OperatorFilter}): every team with
 * tier, budget, spend and queue depth; creating a team with its first admin's invitation; per team
 * the tier, enterprise limits, budget, allowed models, people and admin invitations, archiving and
 * the audit trail; recent
 * failures by code, the routes of models sold by several providers (breakers, last 24 h) and the
 * ledger reconciliation status.
 */
@Path("/ops")
public class OpsResource {


    @CheckedTemplate
    static class Templates {
        static native TemplateInstance ops(List<Operations.TeamRow> teams, List<Operations.FailureRow> failures,
                NewTeam form, Map<String, String> errors, String created, List<Tier> tiers, List<String> zones,
                List<Operations.ProviderRow> providers, List<RouteHealth.ModelRow> routes);

        static native TemplateInstance team(Team team, TierConfig.Limits limits, String budget, List<Tier> tiers,
                List<Operations.ProviderModels> models, Set<String> allowed, List<TeamDirectory.Person> people,
                List<Invitations.Row> invitations, InvitationSender.Sent issued, List<AuditTrail.Entry> changes, String error);

        static native TemplateInstance reconciliation(Reconciliation result, io.reelgate.budget.BillingDrift drift);
    }

    /** The new-team form as typed. */
    public record NewTeam(String name, String slug, String tier, String timeZone, String adminEmail) {
        static final NewTeam EMPTY = new NewTeam("", "", "PLUS", "UTC", "");
    }

    private final Operations operations;
    private final TeamDirectory teams;
    private final TeamSettings settings;
    private final BudgetSettings budgets;
    private final AuditTrail audit;
    private final Ledger ledger;
    private final TierConfig tiers;
    private final CurrentUser currentUser;
    private final Invitations invitations;
    private final InvitationSender sender;
    private final ApiKeys apiKeys;
    private final RouteHealth routes;

    /** Business time: which budget period each team's spend is shown for. */
    private final InstantSource clock;

    OpsResource(Operations operations, TeamDirectory teams, TeamSettings settings, BudgetSettings budgets, AuditTrail audit,
            Ledger ledger, TierConfig tiers, CurrentUser currentUser, Invitations invitations, InvitationSender sender,
            ApiKeys apiKeys, InstantSource clock, RouteHealth routes) {
        this.apiKeys = apiKeys;
        this.routes = routes;
        this.clock = clock;
        this.operations = operations;
        this.teams = teams;
        this.settings = settings;
        this.budgets = budgets;
        this.audit = audit;
        this.ledger = ledger;
        this.tiers = tiers;
        this.currentUser = currentUser;
        this.invitations = invitations;
        this.sender = sender;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance console() {
        return render(NewTeam.EMPTY, Map.of(), null);
    }

    @POST
    @Path("teams")
    @Produces(MediaType.TEXT_HTML)
    public Response create(@FormParam("name") String name, @FormParam("slug") String slug, @FormParam("tier") String tier,
            @FormParam("timeZone") String timeZone, @FormParam("adminEmail") String adminEmail, @Context UriInfo uri) {
        Map<String, String> errors = new LinkedHashMap<>();
        Operations.Created created = operations.createTeam(name, slug, tier, timeZone, adminEmail, currentUser.id(), errors);
        if (created == null) {
            return Response.status(400).entity(render(new NewTeam(name, slug, tier, timeZone, adminEmail), errors, null)).build();
        }
        Team team = created.team();
        InvitationSender.Sent sent = sender.send(created.invitation(), team, currentUser.user().displayName, uri);
        String message = sent.mailed()
                ? team.name + " was created and " + sent.email() + " was invited as its first admin."
                : team.name + " was created, but the invitation mail to " + sent.email() + " failed. Send them this link: "
                        + sent.link();
        return Response.status(201).entity(render(NewTeam.EMPTY, Map.of(), message)).build();
    }

    @GET
    @Path("teams/{slug}")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance team(@PathParam("slug") String slug) {
        return renderTeam(find(slug), null, null);
    }

    /** Invites an admin by email (bound to that address): how an operator gives a team its first or next admin. */
    @POST
    @Path("teams/{slug}/invitations")
    @Produces(MediaType.TEXT_HTML)
    public Response inviteAdmin(@PathParam("slug") String slug, @FormParam("email") String email, @Context UriInfo uri) {
        Team team = find(slug);
        try {
            Invitations.Issued issued = invitations.invite(team.id, email, TeamRole.ADMIN, false, currentUser.id());
            return Response.ok(renderTeam(team, sender.send(issued, team, currentUser.user().displayName, uri), null)).build();
        } catch (ChangeRefused e) {
            return Response.status(e.status() == 429 ? 429 : 400).entity(renderTeam(team, null, e.getMessage())).build();
        }
    }

    @POST
    @Path("teams/{slug}/invitations/{id}/resend")
    @Produces(MediaType.TEXT_HTML)
    public Response resend(@PathParam("slug") String slug, @PathParam("id") long id, @Context UriInfo uri) {
        Team team = find(slug);
        try {
            Invitations.Issued issued = invitations.resend(team.id, id, currentUser.id());
            return Response.ok(renderTeam(team, sender.send(issued, team, currentUser.user().displayName, uri), null)).build();
        } catch (ChangeRefused e) {
            return Response.status(e.status()).entity(renderTeam(team, null, e.getMessage())).build();
        }
    }

    @POST
    @Path("teams/{slug}/tier")
    @Produces(MediaType.TEXT_HTML)
    public Response tier(@PathParam("slug") String slug, @FormParam("tier") String tier) {
        Team team = find(slug);
        return change(team, () -> operations.setTier(team.id, tier, currentUser.id()), "Tier saved.");
    }

    @POST
    @Path("teams/{slug}/limits")
    @Produces(MediaType.TEXT_HTML)
    public Response limits(@PathParam("slug") String slug, @FormParam("perMinute") String perMinute,
            @FormParam("perDay") String perDay) {
        Team team = find(slug);
        return change(team, () -> operations.setLimits(team.id, perMinute, perDay, currentUser.id()), "Limits saved.");
    }

    @POST
    @Path("teams/{slug}/budget")
    @Produces(MediaType.TEXT_HTML)
    public Response budget(@PathParam("slug") String slug, @FormParam("amount") String amount) {
        Team team = find(slug);
        return change(team, () -> {
            String problem = settings.setAmount(team.id, currentUser.id(), amount);
            if (problem != null) {
                throw new ChangeRefused(problem, 400);
            }
        }, "Budget saved.");
    }

    @POST
    @Path("teams/{slug}/models")
    @Produces(MediaType.TEXT_HTML)
    public Response models(@PathParam("slug") String slug, @FormParam("model") List<String> models) {
        Team team = find(slug);
        return change(team, () -> operations.setModels(team.id, models, currentUser.id()), "Allowed models saved.");
    }

    /** Switches every API key of the team off, or on again. */
    @POST
    @Path("teams/{slug}/api-keys")
    @Produces(MediaType.TEXT_HTML)
    public Response apiKeys(@PathParam("slug") String slug, @FormParam("enabled") String enabled) {
        Team team = find(slug);
        boolean on = "true".equals(enabled);
        return change(team, () -> apiKeys.setTeamKeysDisabled(team.id, !on, currentUser.id()),
                on ? "The API keys of " + team.name + " work again." : "Every API key of " + team.name
                        + " is switched off: programs get 401.");
    }

    @POST
    @Path("teams/{slug}/archive")
    @Produces(MediaType.TEXT_HTML)
    public Response archive(@PathParam("slug") String slug, @FormParam("confirm") String confirm) {
        Team team = find(slug);
        if (!team.slug.equals(confirm == null ? "" : confirm.trim())) {
            return Response.status(400).entity(renderTeam(team, null, "Type the team's address (" + team.slug
                    + ") to confirm archiving.")).build();
        }
        return change(team, () -> operations.setArchived(team.id, true, currentUser.id()),
                team.name + " is archived: its videos and ledger stay, nothing new can be submitted.");
    }

    @POST
    @Path("teams/{slug}/restore")
    @Produces(MediaType.TEXT_HTML)
    public Response restore(@PathParam("slug") String slug) {
        Team team = find(slug);
        return change(team, () -> operations.setArchived(team.id, false, currentUser.id()), team.name + " is active again.");
    }

    /** The reconciliation status and the billing drift, loaded after the page (it reads every running total). */
    @GET
    @Path("reconciliation-status")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance reconciliation() {
        return Templates.reconciliation(ledger.reconcile(), ledger.drift(30));
    }

    private Response change(Team team, Runnable change, String done) {
        try {
            change.run();
        } catch (ChangeRefused e) {
            return Response.status(e.status()).entity(renderTeam(find(team.slug), null, e.getMessage())).build();
        }
        return Flash.success(done).redirectTo("/ops/teams/" + team.slug);
    }

    private TemplateInstance render(NewTeam form, Map<String, String> errors, String created) {
        return Templates.ops(operations.teams(clock.instant()), operations.recentFailures(7), form, errors, created,
                Arrays.asList(Tier.values()), TeamSettings.zones(), operations.providers(clock.instant()), routes.models());
    }

    private TemplateInstance renderTeam(Team team, InvitationSender.Sent issued, String error) {
        Set<String> allowed = teams.allowedModels(team.id);
        List<Operations.ProviderModels> byProvider = operations.modelsByProvider();
        Set<String> everything = new java.util.HashSet<>();
        byProvider.forEach(p -> everything.add(p.all()));
        return Templates.team(team, tiers.of(team.tier), budgets.current(team.id).amount().plain(), Arrays.asList(Tier.values()),
                byProvider, allowed == null ? everything : allowed, teams.people(team.id), invitations.list(team.id), issued,
                audit.recent(team.id, 50), error);
    }

    private Team find(String slug) {
        return teams.bySlug(slug).orElseThrow(() -> new NotFoundException("No team " + slug));
    }
}
