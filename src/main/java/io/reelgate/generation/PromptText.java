package io.reelgate.generation;

import java.util.Optional;

/**
 * The one place for a prompt's rules, used by the studio, the API, storyboards and admission:
 * not empty, not longer than the limit (Reelgate's, or a provider's), and readable characters (no control
 * characters, which PostgreSQL cannot store or which only hide text, and no U+FFFD, which is what
 * invalid UTF-8 decodes to) and at least one visible character. Whitespace that Java does not call
 * whitespace (no-break spaces, zero-width spaces, joiners, bidi controls, lone combining marks) is
 * not something to generate a video from.
 */
public final class PromptText {

    private PromptText() {
    }

    /**
     * The first problem of a (stripped) prompt, in the order people fix them: empty (say
     * {@code whenEmpty}), longer than {@code maxLength}, unreadable.
     */
    public static Optional<String> check(String prompt, int maxLength, String whenEmpty) {
        if (prompt.isEmpty()) {
            return Optional.of(whenEmpty);
        }
        return tooLong(prompt, "prompt", maxLength, null).or(() -> problem(prompt, "prompt"));
    }

    /**
     * Whether {@code text} (the {@code what}: "prompt", "negative prompt") is longer than
     * {@code maxLength}: "The prompt is 4,200 characters long; the limit is 4,000." — or, for a
     * provider's own limit, "… long; Runway takes at most 1,000."
     */
    public static Optional<String> tooLong(String text, String what, int maxLength, String provider) {
        if (text == null || text.length() <= maxLength) {
            return Optional.empty();
        }
        return Optional.of("The " + what + " is " + text.length() + " characters long; "
                + (provider == null ? "the limit is " + maxLength : provider + " takes at most " + maxLength) + ".");
    }

    /** The problem with {@code text} as a prompt named {@code what} ("prompt", "negative prompt"), if any. */
    public static Optional<String> problem(String text, String what) {
        boolean visible = false;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '\t' || cp == '\n' || cp == '\r') {
                continue;
            }
            if (Character.isISOControl(cp)) {
                return Optional.of("The " + what + " contains a control character (U+" + String.format("%04X", cp)
                        + "); remove it and try again.");
            }
            if (cp == 0xFFFD || cp >= 0xD800 && cp <= 0xDFFF) {
                return Optional.of("The " + what + " contains characters that could not be read (the text was not "
                        + "valid UTF-8); paste it again as plain text.");
            }
            visible |= isVisible(cp);
        }
        return visible ? Optional.empty() : Optional.of("The " + what + " has no visible text; describe the video in words.");
    }

    private static boolean isVisible(int cp) {
        return switch (Character.getType(cp)) {
            case Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR, Character.CONTROL,
                    Character.FORMAT, Character.NON_SPACING_MARK, Character.ENCLOSING_MARK,
                    Character.COMBINING_SPACING_MARK, Character.UNASSIGNED, Character.PRIVATE_USE,
                    Character.SURROGATE -> false;
            default -> true;
        };
    }
}
