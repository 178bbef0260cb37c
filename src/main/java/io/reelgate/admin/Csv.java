package io.reelgate.admin;

/**
 * CSV cells per RFC 4180 (quoted when they hold a comma, quote, CR or LF; quotes doubled; records
 * end in CRLF) and safe to open in spreadsheets: a text cell starting with {@code =}, {@code +},
 * {@code -}, {@code @}, tab or CR is prefixed with an apostrophe so it is never run as a formula.
 */
public final class Csv {

    private Csv() {
    }

    /** A text cell: formula-safe, quoted as needed; null is empty. */
    public static String text(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        char first = value.charAt(0);
        String safe = first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
                ? "'" + value : value;
        return quote(safe);
    }

    /** A cell this code formatted itself (numbers, ISO times): only quoted if it must be. */
    public static String raw(String value) {
        return value == null ? "" : quote(value);
    }

    private static String quote(String value) {
        boolean needs = value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0
                || value.indexOf('\r') >= 0;
        return needs ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }

    /** One record, CRLF-terminated. */
    public static String row(String... cells) {
        return String.join(",", cells) + "\r\n";
    }
}
