package io.reelgate.notify;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.ClosedChannelException;
import java.util.List;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;

import io.vertx.ext.mail.SMTPException;

/** Which SMTP failures get the one retry: transient replies and dropped connections, not refusals. */
class PostmanTest {

    @Test
    void aTimedOutConnectionsReplyIsRetried() {
        SMTPException timedOut = new SMTPException("got error response", 421,
                List.of("421 Service shutting down and closing transmission channel"), false);
        assertTrue(Postman.transientFailure(new CompletionException(timedOut)));
        assertTrue(Postman.transientFailure(new CompletionException(new ClosedChannelException())));
    }

    @Test
    void aRefusedRecipientIsNot() {
        SMTPException refused = new SMTPException("got error response", 550, List.of("550 No such user"), false);
        assertFalse(Postman.transientFailure(new CompletionException(refused)));
        assertFalse(Postman.transientFailure(new IllegalStateException("template failed")));
    }
}
