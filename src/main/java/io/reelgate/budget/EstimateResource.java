package io.reelgate.budget;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.reelgate.identity.CurrentUser;
import io.reelgate.provider.Providers;
import io.reelgate.team.CurrentTeam;

/**
 * The live estimate for a request the user is composing ({@code /t/{team}/estimate}): an HTML
 * fragment for HTMX, or JSON. Reads only; a refusal says why and, for rate limits, when it would fit.
 */
@Path("/t/{team}/estimate")
public class EstimateResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance estimate(Estimate e, String zone);
    }

    private final Admission admission;
    private final CurrentTeam team;
    private final CurrentUser user;
    private final Providers providers;

    EstimateResource(Admission admission, CurrentTeam team, CurrentUser user, Providers providers) {
        this.admission = admission;
        this.team = team;
        this.user = user;
        this.providers = providers;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance fragment(@QueryParam("provider") String provider, @QueryParam("model") String model,
            @QueryParam("size") String size, @QueryParam("seconds") @DefaultValue("0") String seconds) {
        return Templates.estimate(estimate(provider, model, size, seconds), team.team().timeZone);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> json(@QueryParam("provider") String provider, @QueryParam("model") String model,
            @QueryParam("size") String size, @QueryParam("seconds") @DefaultValue("0") String seconds) {
        Estimate e = estimate(provider, model, size, seconds);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("admissible", e.admissible());
        body.put("cost_usd", e.quote().cost().plain());
        body.put("cost_micros", e.quote().cost().micros());
        body.put("credits", e.quote().credits());
        body.put("priced_per", e.quote().perVideo() ? "video" : "second");
        body.put("budget_usd", e.budget().plain());
        body.put("spent_usd", e.spent().plain());
        body.put("reserved_usd", e.reserved().plain());
        body.put("remaining_after_usd", e.remainingAfter().plain());
        body.put("requests_per_minute", e.perMinute());
        body.put("requests_left_this_minute", e.requestsLeftThisMinute());
        body.put("requests_per_day", e.perDay());
        body.put("requests_left_today", e.requestsLeftToday());
        body.put("period_start", e.period().start().toString());
        body.put("period_end", e.period().end().toString());
        if (e.refusal() != null) {
            Map<String, Object> refusal = new LinkedHashMap<>();
            refusal.put("reason", e.refusal().reason().code());
            refusal.put("message", e.refusal().message());
            refusal.put("param", e.refusal().param());
            refusal.put("retry_after_seconds", e.refusal().retryAfter() == null ? null
                    : Math.max(1, (e.refusal().retryAfter().toMillis() + 999) / 1000));
            refusal.put("earliest_at", e.refusal().earliest() == null ? null : e.refusal().earliest().toString());
            refusal.put("resets_at", e.refusal().resetsAt() == null ? null : e.refusal().resetsAt().toString());
            refusal.put("remaining_usd", e.refusal().remaining() == null ? null : e.refusal().remaining().plain());
            refusal.put("needed_usd", e.refusal().needed() == null ? null : e.refusal().needed().plain());
            body.put("refusal", refusal);
        } else {
            body.put("refusal", null);
        }
        return body;
    }

    private Estimate estimate(String provider, String model, String size, String seconds) {
        int s;
        try {
            s = Integer.parseInt(seconds.trim());
        } catch (NumberFormatException e) {
            s = 0;
        }
        String p = provider == null || provider.isBlank() ? providers.defaultName() : provider;
        return admission.estimate(new AdmissionRequest(team.id(), user.id(), p, nullToEmpty(model), nullToEmpty(size), s,
                false));
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s.trim();
    }
}
