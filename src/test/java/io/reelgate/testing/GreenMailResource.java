package io.reelgate.testing;

import java.util.Map;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** A real SMTP server (GreenMail) on a free port for every test; mails are read back from it. */
public class GreenMailResource implements QuarkusTestResourceLifecycleManager {

    private static GreenMail greenMail;

    public static synchronized GreenMail mail() {
        if (greenMail == null) {
            throw new IllegalStateException("GreenMail is not running");
        }
        return greenMail;
    }

    @Override
    public synchronized Map<String, String> start() {
        if (greenMail == null) {
            greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
            greenMail.start();
            // Connections the mailer's pool leaves idle are timed out by the server (as real SMTP
            // servers do) after 5 s instead of 30 s, so a stalled or stale connection costs seconds,
            // and the mailer retries a transient reply on a fresh one (see Postman.deliver).
            greenMail.getSmtp().setClientSocketTimeout(5_000);
        }
        return Map.of(
                "quarkus.mailer.mock", "false",
                "quarkus.mailer.host", "127.0.0.1",
                "quarkus.mailer.port", Integer.toString(greenMail.getSmtp().getPort()),
                "quarkus.mailer.start-tls", "DISABLED",
                "quarkus.mailer.tls", "false");
    }

    @Override
    public void stop() {
        // One server for the whole run; the JVM ends it.
    }
}
