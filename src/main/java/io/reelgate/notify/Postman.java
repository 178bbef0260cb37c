package io.reelgate.notify;

import jakarta.enterprise.context.ApplicationScoped;

import io.reelgate.web.WebConfig;

/** Sends Reelgate's emails. */
@ApplicationScoped
public class Postman {

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
        MailTemplates.invitation(invitation)
                .to(invitation.email())
                .subject(invitation.inviter() + " invited you to " + invitation.team() + " on Reelgate")
                .sendAndAwait();
    }

    /** A short mail that proves delivery works end to end; sent at once, failures surface to the caller. */
    public void sendTestMail(String to, String name) {
        MailTemplates.testMail(name, web.baseUrlOrLocal())
                .to(to)
                .subject("Reelgate can reach you")
                .sendAndAwait();
    }
}
