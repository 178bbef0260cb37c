package io.reelgate.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import io.quarkus.qute.TemplateExtension;

/** How instants look on pages; the one place that turns {@link Instant} into text. */
@TemplateExtension
public final class Formats {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH);
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm", Locale.ENGLISH);

    private Formats() {
    }

    /** {@code 25 Nov 2026} in UTC. */
    public static String date(Instant instant) {
        return instant == null ? "" : DATE.format(instant.atZone(ZoneOffset.UTC));
    }

    /** {@code 25 Nov 2026} in the given zone. */
    public static String date(Instant instant, ZoneId zone) {
        return instant == null ? "" : DATE.format(instant.atZone(zone));
    }

    /** {@code 14:05} in the given zone. */
    public static String clock(Instant instant, ZoneId zone) {
        return instant == null ? "" : CLOCK.format(instant.atZone(zone));
    }

    /** {@code 25 Nov 2026, 14:05 UTC}. */
    public static String dateTime(Instant instant) {
        return instant == null ? "" : DATE_TIME.format(instant.atZone(ZoneOffset.UTC)) + " UTC";
    }

    /** {@code 25 Nov 2026, 14:05} in the given zone. */
    public static String dateTime(Instant instant, ZoneId zone) {
        return instant == null ? "" : DATE_TIME.format(instant.atZone(zone));
    }

    /** The text cut to at most {@code max} characters at a word boundary where possible, with an ellipsis. */
    public static String shorten(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        String cut = text.substring(0, max - 1);
        int space = cut.lastIndexOf(' ');
        if (space > max * 2 / 3) {
            cut = cut.substring(0, space);
        }
        return cut.stripTrailing() + "…";
    }

    /** The text as a URL query value. */
    public static String url(String text) {
        return text == null ? "" : URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** {@code 42 s}, {@code 3 min 5 s}, {@code 2 h 4 min}. */
    public static String duration(Duration d) {
        long seconds = Math.max(0, d.toSeconds());
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return seconds / 60 + " min " + seconds % 60 + " s";
        }
        return seconds / 3600 + " h " + (seconds % 3600) / 60 + " min";
    }
}
