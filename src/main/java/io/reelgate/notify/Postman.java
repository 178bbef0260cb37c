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

    /** A short mail that proves delivery works end to end; sent at once, failures surface to the caller. */
    public void sendTestMail(String to, String name) {
        MailTemplates.testMail(name, web.baseUrlOrLocal())
                .to(to)
                .subject("Reelgate can reach you")
                .sendAndAwait();
    }
}
