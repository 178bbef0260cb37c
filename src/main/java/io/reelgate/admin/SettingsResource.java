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
import io.reelgate.budget.BudgetSettings;
import io.reelgate.team.TeamUrls;
import io.reelgate.budget.Money;
import io.reelgate.budget.TeamSettings;
import io.reelgate.identity.CurrentUser;
import io.reelgate.team.CurrentTeam;
import io.reelgate.team.Team;
import io.reelgate.team.TeamAdminOnly;
import io.reelgate.team.TeamDirectory;
import io.reelgate.team.TierConfig;
import io.reelgate.web.Flash;

/**
 * Budget settings for team admins ({@code /t/{team}/admin/settings}): monthly amount, reset day,
 * time zone, hard or soft cap and allowance, default and per-member caps, alert thresholds and who
 * gets alerts. The tier and its limits are shown; only an operator changes them.
 */
@Path("/t/{team}/admin/settings")
@TeamAdminOnly
public class SettingsResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance settings(Team team, TierConfig.Limits limits, Values values, List<MemberRow> members,
                List<String> zones, Map<String, String> errors);
    }

    /** The form's values as shown (typed or stored). */
    public record Values(String amount, String resetDay, String timeZone, String capMode, String softAllowancePct,
            String memberCap, String thresholds) {
    }

    /** A member's row: their cap field and whether they get alerts. */
    public record MemberRow(long userId, String name, String email, boolean admin, String cap, boolean recipient) {

        /** The field name its cap's problem is reported under. */
        public String capKey() {
            return "cap-" + userId;
        }
    }

    private final CurrentTeam currentTeam;
    private final CurrentUser currentUser;
    private final BudgetSettings budgets;
    private final TeamSettings settings;
    private final TeamDirectory teams;
    private final TierConfig tiers;

    SettingsResource(CurrentTeam currentTeam, CurrentUser currentUser, BudgetSettings budgets, TeamSettings settings,
            TeamDirectory teams, TierConfig tiers) {
        this.currentTeam = currentTeam;
        this.currentUser = currentUser;
        this.budgets = budgets;
        this.settings = settings;
        this.teams = teams;
        this.tiers = tiers;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance page() {
        Team team = currentTeam.team();
        BudgetSettings.Settings s = budgets.current(team.id);
        Values values = new Values(s.amount().plain(), Integer.toString(s.resetDay()), team.timeZone, s.capMode().name(),
                Integer.toString(s.softAllowancePct()), s.memberCap() == null ? "" : s.memberCap().plain(),
                String.join(", ", s.thresholds().stream().map(String::valueOf).toList()));
        Map<Long, Money> caps = budgets.memberCaps(team.id);
        List<Long> recipients = settings.recipients(team.id);
        List<MemberRow> rows = rows(team, id -> caps.containsKey(id) ? caps.get(id).plain() : "", recipients);
        return Templates.settings(team, tiers.of(team.tier), values, rows, TeamSettings.zones(), Map.of());
    }

    @POST
    @Produces(MediaType.TEXT_HTML)
    public Response save(@FormParam("amount") String amount, @FormParam("resetDay") String resetDay,
            @FormParam("timeZone") String timeZone, @FormParam("capMode") String capMode,
            @FormParam("softAllowancePct") String allowance, @FormParam("memberCap") String memberCap,
            @FormParam("thresholds") String thresholds, @FormParam("capUser") List<Long> capUsers,
            @FormParam("cap") List<String> caps, @FormParam("recipient") List<Long> recipients) {
        Team team = currentTeam.team();
        List<Long> capUserList = capUsers == null ? List.of() : capUsers;
        List<String> capList = caps == null ? List.of() : caps;
        List<Long> recipientList = recipients == null ? List.of() : recipients;
        BudgetSettings.Form budget = new BudgetSettings.Form(amount, resetDay, capMode, allowance, memberCap, thresholds);
        Map<String, String> errors = settings.save(team.id, currentUser.id(),
                new TeamSettings.Form(budget, timeZone, capUserList, capList, recipientList));
        if (errors.isEmpty()) {
            return Flash.success("Settings saved.").redirectTo(TeamUrls.url(team, "admin", "settings"));
        }
        Values values = new Values(amount, resetDay, timeZone, capMode, allowance, memberCap, thresholds);
        List<MemberRow> rows = rows(team, id -> {
            int i = capUserList.indexOf(id);
            return i >= 0 && i < capList.size() ? capList.get(i) : "";
        }, recipientList);
        return Response.status(400)
                .entity(Templates.settings(team, tiers.of(team.tier), values, rows, TeamSettings.zones(), errors)).build();
    }

    private List<MemberRow> rows(Team team, java.util.function.LongFunction<String> cap, List<Long> recipients) {
        return teams.people(team.id).stream().map(p -> new MemberRow(p.userId(), p.name(), p.email(), p.role().isAdmin(),
                cap.apply(p.userId()), recipients.contains(p.userId()))).toList();
    }
}
