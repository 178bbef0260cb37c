package io.reelgate.admin;

import java.util.List;
import java.util.Locale;

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
import io.reelgate.web.Forms;
import io.reelgate.team.TeamUrls;
import io.reelgate.identity.CurrentUser;
import io.reelgate.identity.UserDirectory;
import io.reelgate.notify.InvitationSender;
import io.reelgate.team.ChangeRefused;
import io.reelgate.team.CurrentTeam;
import io.reelgate.team.Invitations;
import io.reelgate.team.MemberAdmin;
import io.reelgate.team.Team;
import io.reelgate.team.TeamAdminOnly;
import io.reelgate.team.TeamDirectory;
import io.reelgate.team.TeamRole;
import io.reelgate.web.Flash;

/**
 * Members and invitations of a team, for its admins: change roles, remove people (never the last
 * admin), invite by email with a single-use link, resend and revoke invitations.
 */
@Path("/t/{team}/admin/members")
@TeamAdminOnly
public class MembersResource {


    @CheckedTemplate
    static class Templates {
        static native TemplateInstance members(Team team, List<TeamDirectory.Person> members, long admins, long me,
                List<Invitations.Row> invitations, InviteForm form, InvitationSender.Sent issued, String error);
    }

    /** The invite form as typed. */
    public record InviteForm(String email, String role, boolean anyone, String error) {
        static final InviteForm EMPTY = new InviteForm("", "MEMBER", false, null);
    }

    private final CurrentTeam currentTeam;
    private final CurrentUser currentUser;
    private final TeamDirectory teams;
    private final UserDirectory users;
    private final MemberAdmin admin;
    private final Invitations invitations;
    private final InvitationSender sender;

    MembersResource(CurrentTeam currentTeam, CurrentUser currentUser, TeamDirectory teams, UserDirectory users,
            MemberAdmin admin, Invitations invitations, InvitationSender sender) {
        this.currentTeam = currentTeam;
        this.currentUser = currentUser;
        this.teams = teams;
        this.users = users;
        this.admin = admin;
        this.invitations = invitations;
        this.sender = sender;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance page() {
        return render(InviteForm.EMPTY, null, null);
    }

    @POST
    @Path("{userId}/role")
    @Produces(MediaType.TEXT_HTML)
    public Response role(@PathParam("userId") long userId, @FormParam("role") String role) {
        TeamRole wanted;
        try {
            wanted = TeamRole.valueOf(String.valueOf(role).trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return refused("Choose the role Member or Admin.", 400);
        }
        try {
            admin.changeRole(team().id, userId, wanted, currentUser.id());
        } catch (ChangeRefused e) {
            return refused(e.getMessage(), e.status());
        }
        if (userId == currentUser.id() && !wanted.isAdmin()) {
            return Flash.success("You are now a member of " + team().name + "; the admin pages are for its admins.")
                    .redirectTo(TeamUrls.of(team().slug));
        }
        return Flash.success(name(userId) + " is now " + (wanted.isAdmin() ? "an admin." : "a member."))
                .redirectTo(base());
    }

    @POST
    @Path("{userId}/remove")
    @Produces(MediaType.TEXT_HTML)
    public Response remove(@PathParam("userId") long userId) {
        String name = name(userId);
        try {
            admin.remove(team().id, userId, currentUser.id());
        } catch (ChangeRefused e) {
            return refused(e.getMessage(), e.status());
        }
        if (userId == currentUser.id()) {
            return Flash.success("You left " + team().name + ".").redirectTo("/");
        }
        return Flash.success(name + " was removed from the team.").redirectTo(base());
    }

    @POST
    @Path("invitations")
    @Produces(MediaType.TEXT_HTML)
    public Response invite(@FormParam("email") String email, @FormParam("role") String role,
            @FormParam("anyone") String anyone, @Context UriInfo uri) {
        boolean anyoneWithLink = Forms.checked(anyone);
        String roleName = role == null || role.isBlank() ? "MEMBER" : role.trim().toUpperCase(Locale.ROOT);
        if (!roleName.equals("ADMIN") && !roleName.equals("MEMBER")) {
            return Response.status(400).entity(render(new InviteForm(email, TeamRole.MEMBER.name(), anyoneWithLink,
                    "Choose the role Member or Admin."), null, null)).build();
        }
        TeamRole wanted = TeamRole.valueOf(roleName);
        Invitations.Issued issued;
        try {
            issued = invitations.invite(team().id, email, wanted, anyoneWithLink, currentUser.id());
        } catch (ChangeRefused e) {
            return Response.status(e.status() == 429 ? 429 : 400).entity(render(new InviteForm(email, wanted.name(), anyoneWithLink, e.getMessage()),
                    null, null)).build();
        }
        InvitationSender.Sent shown = sender.send(issued, team(), currentUser.user().displayName, uri);
        return Response.ok(render(InviteForm.EMPTY, shown, null)).build();
    }

    @POST
    @Path("invitations/{id}/resend")
    @Produces(MediaType.TEXT_HTML)
    public Response resend(@PathParam("id") long id, @Context UriInfo uri) {
        Invitations.Issued issued;
        try {
            issued = invitations.resend(team().id, id, currentUser.id());
        } catch (ChangeRefused e) {
            return refused(e.getMessage(), e.status());
        }
        InvitationSender.Sent shown = sender.send(issued, team(), currentUser.user().displayName, uri);
        return Response.ok(render(InviteForm.EMPTY, shown, null)).build();
    }

    @POST
    @Path("invitations/{id}/revoke")
    @Produces(MediaType.TEXT_HTML)
    public Response revoke(@PathParam("id") long id) {
        try {
            invitations.revoke(team().id, id, currentUser.id());
        } catch (ChangeRefused e) {
            return refused(e.getMessage(), e.status());
        }
        return Flash.success("The invitation was revoked; its link no longer works.").redirectTo(base());
    }

    private Response refused(String message, int status) {
        return Response.status(status).entity(render(InviteForm.EMPTY, null, message)).build();
    }

    private TemplateInstance render(InviteForm form, InvitationSender.Sent issued, String error) {
        Team team = team();
        List<TeamDirectory.Person> rows = teams.people(team.id);
        long admins = rows.stream().filter(r -> r.role().isAdmin()).count();
        return Templates.members(team, rows, admins, currentUser.id(), invitations.list(team.id), form, issued, error);
    }

    private String name(long userId) {
        return users.find(userId).map(u -> u.displayName).orElse("That person");
    }

    private Team team() {
        return currentTeam.team();
    }

    private String base() {
        return TeamUrls.of(team().slug, "admin", "members");
    }

}
