package io.reelgate.team;

import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.reelgate.identity.CurrentUser;

/**
 * Authorization for every team-scoped route, in one place: a request under {@code /t/{slug}/}
 * proceeds only for members of that team. Non-members get 404 whether or not the team exists,
 * so team names do not leak; members get 403 on {@link TeamAdminOnly} routes.
 */
public class TeamAccessFilter {

    private final CurrentUser currentUser;
    private final CurrentTeam currentTeam;
    private final TeamDirectory teams;

    TeamAccessFilter(CurrentUser currentUser, CurrentTeam currentTeam, TeamDirectory teams) {
        this.currentUser = currentUser;
        this.currentTeam = currentTeam;
        this.teams = teams;
    }

    @ServerRequestFilter(priority = Priorities.AUTHORIZATION)
    public void requireMembership(ContainerRequestContext request, ResourceInfo resource) {
        String slug = teamSlug(request.getUriInfo().getPath());
        if (slug == null) {
            return;
        }
        TeamMembership membership = teams.membership(slug, currentUser.id())
                .orElseThrow(() -> new NotFoundException("No team " + slug));
        currentTeam.enter(membership);
        boolean adminOnly = resource.getResourceMethod().isAnnotationPresent(TeamAdminOnly.class)
                || resource.getResourceClass().isAnnotationPresent(TeamAdminOnly.class);
        if (adminOnly && !membership.role().isAdmin()) {
            throw new ForbiddenException("Only admins of this team can do that.");
        }
    }

    /** The slug of a {@code /t/{slug}/...} path, or null for other paths. */
    static String teamSlug(String path) {
        if (!path.startsWith("/t/")) {
            return null;
        }
        int end = path.indexOf('/', 3);
        String slug = end < 0 ? path.substring(3) : path.substring(3, end);
        return slug.isEmpty() ? null : slug;
    }
}
