package io.reelgate.admin;

import java.time.InstantSource;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.reelgate.audit.AuditTrail;
import io.reelgate.team.CurrentTeam;
import io.reelgate.team.Team;
import io.reelgate.team.TeamAdminOnly;

/**
 * The team admin console's front page ({@code /t/{team}/admin}): the usage dashboard, which
 * answers "how much have we spent, who spent it, and when will we run out?"; and the change
 * history ({@code /t/{team}/admin/history}) from the audit trail.
 */
@Path("/t/{team}/admin")
@TeamAdminOnly
public class AdminResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance dashboard(Team team, Usage.Dashboard usage, List<AuditTrail.Entry> changes,
                String error);

        static native TemplateInstance history(Team team, List<AuditTrail.Entry> changes);
    }

    private final CurrentTeam team;
    private final Usage usage;
    private final AuditTrail audit;
    private final InstantSource clock;

    AdminResource(CurrentTeam team, Usage usage, AuditTrail audit, InstantSource clock) {
        this.clock = clock;
        this.team = team;
        this.usage = usage;
        this.audit = audit;
    }

    /** The current period, or with {@code period} (a period's first day) one of the last twelve. */
    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response dashboard(@QueryParam("period") String period) {
        Team t = team.team();
        LocalDate start = null;
        String error = null;
        if (period != null && !period.isBlank()) {
            try {
                start = LocalDate.parse(period.trim());
            } catch (DateTimeParseException e) {
                error = "'" + period + "' is not a date; periods are named by their first day, like 2026-10-01.";
            }
        }
        Usage.Dashboard shown = usage.dashboard(t, clock.instant(), start);
        String wanted = String.valueOf(start);
        if (start != null && shown.periods().stream().noneMatch(p -> p.start().equals(wanted))) {
            error = "No budget period of this team starts on " + start + "; choose one of the periods listed.";
        }
        return Response.status(error == null ? 200 : 400).entity(Templates.dashboard(t, shown, audit.recent(t.id, 5), error))
                .build();
    }

    @GET
    @Path("history")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance history() {
        Team t = team.team();
        return Templates.history(t, audit.recent(t.id, 500));
    }
}
