package io.reelgate.notify;

import java.time.format.DateTimeFormatter;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;

import io.reelgate.team.Invitations;
import io.reelgate.team.Team;
import io.reelgate.web.PublicUrls;

/**
 * Mails a freshly issued invitation (from the team admin console or the operator console). A mail
 * failure keeps the invitation: the page shows the link once, and it can be resent.
 */
@ApplicationScoped
public class InvitationSender {

    private static final Logger LOG = Logger.getLogger(InvitationSender.class);
    private static final DateTimeFormatter EXPIRES = DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm z", Locale.ENGLISH);

    /** A link just issued, as the page shows it once. */
    public record Sent(String email, String link, boolean mailed, boolean anyone) {
    }

    private final Postman postman;
    private final Invitations invitations;
    private final PublicUrls urls;

    InvitationSender(Postman postman, Invitations invitations, PublicUrls urls) {
        this.postman = postman;
        this.invitations = invitations;
        this.urls = urls;
    }

    public Sent send(Invitations.Issued issued, Team team, String inviter, UriInfo uri) {
        String link = urls.base(uri) + "/invitations/" + issued.token();
        boolean mailed;
        try {
            postman.sendInvitation(new Postman.Invitation(issued.email(), team.name, inviter,
                    issued.role().isAdmin() ? "an admin" : "a member", link,
                    EXPIRES.format(issued.expiresAt().atZone(team.zone())), issued.anyoneWithLink()));
            invitations.sent(issued.id());
            mailed = true;
        } catch (RuntimeException e) {
            LOG.warnf(e, "Invitation mail to %s for team %s not sent", issued.email(), team.slug);
            mailed = false;
        }
        return new Sent(issued.email(), link, mailed, issued.anyoneWithLink());
    }
}
