package io.reelgate.admin;

import java.time.Instant;
import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

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
        static native TemplateInstance dashboard(Team team, Usage.Dashboard usage, List<AuditTrail.Entry> changes);

        static native TemplateInstance history(Team team, List<AuditTrail.Entry> changes);
    }

    private final CurrentTeam team;
    private final Usage usage;
    private final AuditTrail audit;

    AdminResource(CurrentTeam team, Usage usage, AuditTrail audit) {
        this.team = team;
        this.usage = usage;
        this.audit = audit;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance dashboard() {
        Team t = team.team();
        return Templates.dashboard(t, usage.dashboard(t, Instant.now()), audit.recent(t.id, 5));
    }

    @GET
    @Path("history")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance history() {
        Team t = team.team();
        return Templates.history(t, audit.recent(t.id, 500));
    }
}
