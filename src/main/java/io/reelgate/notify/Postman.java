package io.reelgate.notify;

import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.mailer.MailTemplate.MailTemplateInstance;
import io.reelgate.web.WebConfig;

/** Sends Reelgate's emails. */
@ApplicationScoped
public class Postman {

    private static final Logger LOG = Logger.getLogger(Postman.class);

    private final WebConfig web;

    Postman(WebConfig web) {
        this.web = web;
    }

    /** What an invitation mail says; {@code link} carries the single-use token. */
    public record Invitation(String email, String team, String inviter, String role, String link, String expires,
            boolean anyoneWithLink) {
    }

    /** Sends an invitation at once; failures surface to the caller (the admin can resend). */
    public void sendInvitation(Invitation invitation) {
        deliver(() -> MailTemplates.invitation(invitation)
                .to(invitation.email())
                .subject(invitation.inviter() + " invited you to " + invitation.team() + " on Reelgate"));
    }

    /** A short mail that proves delivery works end to end; sent at once, failures surface to the caller. */
    public void sendTestMail(String to, String name) {
        deliver(() -> MailTemplates.testMail(name, web.baseUrlOrLocal())
                .to(to)
                .subject("Reelgate can reach you"));
    }

    /**
     * Sends a mail, again (up to three tries) when the server answered with a transient 4xx reply
     * or dropped the connection: the mail client reuses pooled SMTP connections, and one the
     * server has meanwhile timed out answers {@code 421} (RFC 5321: try again). Each retry takes a
     * fresh connection. Other failures, and the third one, surface to the caller.
     */
    static void deliver(Supplier<MailTemplateInstance> mail) {
        for (int attempt = 1;; attempt++) {
            try {
                mail.get().sendAndAwait();
                return;
            } catch (RuntimeException e) {
                if (attempt == 3 || !transientFailure(e)) {
                    throw e;
                }
                LOG.infof("SMTP answered %s; trying again", e.getMessage());
            }
        }
    }

    static boolean transientFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof io.vertx.ext.mail.SMTPException smtp) {
                return smtp.isTransient();
            }
            if (t instanceof java.nio.channels.ClosedChannelException) {
                return true;
            }
        }
        return false;
    }
}
