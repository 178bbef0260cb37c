package io.reelgate.web;

/**
 * How form values are read, the same in every resource: a checkbox is on when the browser sent
 * {@code on} (or a script sent {@code true}); optional text is trimmed and empty means absent; a
 * number that does not parse is 0, for the catalog's own check to name.
 */
public final class Forms {

    private Forms() {
    }

    public static boolean checked(String value) {
        return "on".equals(value) || "true".equals(value);
    }

    public static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    public static int intOrZero(String value) {
        try {
            return value == null ? 0 : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
