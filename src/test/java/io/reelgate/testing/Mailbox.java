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

    /** The decoded plain-text part of a message (what a text mail client shows). */
    public static String text(MimeMessage message) {
        try {
            return text((jakarta.mail.Part) message);
        } catch (MessagingException | java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(jakarta.mail.Part part) throws MessagingException, java.io.IOException {
        if (part.isMimeType("text/plain")) {
            return (String) part.getContent();
        }
        if (part.getContent() instanceof jakarta.mail.Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                String text = text(multipart.getBodyPart(i));
                if (text != null) {
                    return text;
                }
            }
        }
        return null;
    }

    /** The first link in the message's text part that contains {@code fragment}. */
    public static String link(MimeMessage message, String fragment) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("https?://\\S+").matcher(text(message));
        while (m.find()) {
            if (m.group().contains(fragment)) {
                return m.group();
            }
        }
        throw new IllegalStateException("No link with " + fragment + " in: " + text(message));
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
