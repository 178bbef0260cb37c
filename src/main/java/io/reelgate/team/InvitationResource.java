package io.reelgate.team;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.reelgate.identity.CurrentUser;
import io.reelgate.identity.User;
import io.reelgate.web.Flash;

/**
 * Where an invitation link leads ({@code /invitations/{token}}). Signing in comes first (the path
 * is protected, and OIDC brings the invitee back here); the page then shows the team and role and
 * accepting is a POST, so link scanners that fetch the URL never use up the invitation.
 */
@Path("/invitations/{token}")
public class InvitationResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance invitation(Invitations.Preview invitation, User user, String token, String error,
                boolean matches);
    }

    private final Invitations invitations;
    private final CurrentUser currentUser;

    InvitationResource(Invitations invitations, CurrentUser currentUser) {
        this.invitations = invitations;
        this.currentUser = currentUser;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response page(@PathParam("token") String token) {
        User user = currentUser.user();
        try {
            Invitations.Preview preview = invitations.preview(token);
            boolean matches = preview.anyoneWithLink()
                    || (user.emailVerified && user.email != null && user.email.equalsIgnoreCase(preview.email()));
            return Response.ok(Templates.invitation(preview, user, token, null, matches)).build();
        } catch (ChangeRefused e) {
            return Response.status(e.status()).entity(Templates.invitation(null, user, token, e.getMessage(), false)).build();
        }
    }

    @POST
    @Produces(MediaType.TEXT_HTML)
    public Response accept(@PathParam("token") String token) {
        User user = currentUser.user();
        try {
            Team team = invitations.accept(token, user);
            return Flash.success("Welcome to " + team.name + ".").redirectTo(TeamUrls.url(team));
        } catch (ChangeRefused e) {
            Invitations.Preview preview = null;
            try {
                preview = invitations.preview(token);
            } catch (ChangeRefused gone) {
                // the invitation itself is unusable: show only the reason
            }
            return Response.status(e.status()).entity(Templates.invitation(preview, user, token, e.getMessage(), false)).build();
        }
    }
}
