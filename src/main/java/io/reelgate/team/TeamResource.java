package io.reelgate.team;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.reelgate.identity.User;
import io.reelgate.identity.UserDirectory;

/** The team's home page: who is in it, its tier and limits. */
@Path("/t/{team}")
public class TeamResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance home(Team team, TeamRole role, TierConfig.Limits limits, List<MemberRow> members,
                long admins);
    }

    /** A member as the page shows them. */
    public record MemberRow(String name, String email, String initials, TeamRole role, boolean fromIdp, Instant since) {
    }

    private final CurrentTeam currentTeam;
    private final TeamDirectory teams;
    private final UserDirectory users;
    private final TierConfig tiers;

    TeamResource(CurrentTeam currentTeam, TeamDirectory teams, UserDirectory users, TierConfig tiers) {
        this.currentTeam = currentTeam;
        this.teams = teams;
        this.users = users;
        this.tiers = tiers;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance home(@PathParam("team") String slug) {
        Team team = currentTeam.team();
        List<Member> members = teams.members(team.id);
        Map<Long, User> people = users.byIds(members.stream().map(Member::userId).toList());
        List<MemberRow> rows = members.stream()
                .map(m -> {
                    User u = people.get(m.userId());
                    return new MemberRow(u.displayName, u.email, u.initials(), m.role(), m.fromIdp(), m.since());
                })
                .sorted(Comparator.comparing((MemberRow r) -> !r.role().isAdmin())
                        .thenComparing(r -> r.name().toLowerCase()))
                .toList();
        long admins = rows.stream().filter(r -> r.role().isAdmin()).count();
        return Templates.home(team, currentTeam.role(), tiers.of(team.tier), rows, admins);
    }
}
