package io.reelgate.home;

import java.util.List;

import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.reelgate.web.Forms;
import io.reelgate.identity.CurrentUser;
import io.reelgate.identity.User;
import io.reelgate.identity.UserDirectory;
import io.reelgate.notify.Postman;
import io.reelgate.team.TeamDirectory;
import io.reelgate.team.TeamMembership;
import io.reelgate.web.Flash;

/** The signed-in user's own page: profile from the IdP, team memberships, email check. */
@Path("/me")
public class ProfileResource {

    private static final Logger LOG = Logger.getLogger(ProfileResource.class);

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance profile(User user, List<TeamMembership> teams);
    }

    private final CurrentUser currentUser;
    private final TeamDirectory teams;
    private final Postman postman;
    private final UserDirectory users;

    ProfileResource(CurrentUser currentUser, TeamDirectory teams, Postman postman, UserDirectory users) {
        this.currentUser = currentUser;
        this.teams = teams;
        this.postman = postman;
        this.users = users;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance profile() {
        User user = currentUser.user();
        return Templates.profile(user, teams.teamsOf(user.id));
    }

    /** Mail preferences: threshold alerts below 100 % (opt-out) and the weekly digest (opt-in). */
    @POST
    @Path("mail")
    public Response mail(@FormParam("thresholdAlerts") String thresholdAlerts, @FormParam("weeklyDigest") String weeklyDigest) {
        users.setMailPreferences(currentUser.id(), Forms.checked(thresholdAlerts), Forms.checked(weeklyDigest));
        return Flash.success("Mail preferences saved.").redirectTo("/me#mail");
    }

    /** Sends a test email to the user's own address, so they know alerts will reach them. */
    @POST
    @Path("test-email")
    public Response sendTestEmail() {
        User user = currentUser.user();
        if (user.email == null || user.email.isBlank()) {
            return Flash.error("Your identity provider did not give us an email address, so there is nowhere to send it.")
                    .redirectTo("/me");
        }
        try {
            postman.sendTestMail(user.email, user.displayName);
        } catch (RuntimeException e) {
            LOG.warnf(e, "Test email to user %d failed", user.id);
            return Flash.error("The mail server did not accept the message: " + e.getMessage()
                    + ". Ask an operator to check the SMTP settings.").redirectTo("/me");
        }
        return Flash.success("Test email sent to " + user.email + ". It should arrive within a minute.").redirectTo("/me");
    }
}
