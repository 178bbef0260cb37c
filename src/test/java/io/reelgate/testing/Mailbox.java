package io.reelgate.testing;

import org.awaitility.Awaitility;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import com.icegreen.greenmail.util.GreenMailUtil;

/** Reads mail back from the test SMTP server (GreenMail). */
public final class Mailbox {

    private Mailbox() {
    }

    /** Every message received so far for {@code address}. */
    public static List<MimeMessage> to(String address) {
        return Arrays.stream(GreenMailResource.mail().getReceivedMessages())
                .filter(m -> recipients(m).contains(address.toLowerCase()))
                .toList();
    }

    /** Waits (up to 15 s) until {@code count} messages have arrived for {@code address}, and returns them. */
    public static List<MimeMessage> await(String address, int count) {
        Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                .until(() -> to(address).size() >= count);
        return to(address);
    }

    public static String raw(MimeMessage message) {
        return GreenMailUtil.getWholeMessage(message);
    }

    private static List<String> recipients(MimeMessage m) {
        try {
            Address[] all = m.getAllRecipients();
            return all == null ? List.of() : Arrays.stream(all).map(a -> a.toString().toLowerCase()).toList();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
