package io.reelgate.studio;

import java.util.LinkedHashMap;
import java.util.Map;

import io.reelgate.team.Team;
import io.reelgate.team.TeamUrls;

/**
 * The composer as the page shows it: the fields as typed, the problems found with them and a
 * notice above the form; {@code model} is the choice's form value ({@code provider/model});
 * {@code composed}: the prompt was just composed with the five-part builder (which stays open).
 */
public record Composer(String prompt, String negativePrompt, String model, String size, String seconds,
        boolean batch, boolean audio, Long remixOf, String frameKey, Map<String, String> errors, String notice,
        boolean composed) {

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    public String error(String field) {
        return errors.getOrDefault(field, null);
    }

    public boolean remix() {
        return remixOf != null;
    }

    public int promptLength() {
        return prompt == null ? 0 : prompt.length();
    }

    public String frameUrl(Team team) {
        return frameKey == null ? null : TeamUrls.url(team, "studio", "frame") + "?key=" + frameKey;
    }

    Composer with(Map<String, String> moreErrors, String notice) {
        Map<String, String> all = new LinkedHashMap<>(errors);
        all.putAll(moreErrors);
        return new Composer(prompt, negativePrompt, model, size, seconds, batch, audio, remixOf, frameKey, all, notice, composed);
    }

    /** The same fields with another model, size and length (as normalising chooses them). */
    Composer choosing(String model, String size, String seconds, boolean audio) {
        return new Composer(prompt, negativePrompt, model, size, seconds, batch, audio, remixOf, frameKey, errors, notice, composed);
    }

    /** The same form, marked as just composed with the builder. */
    Composer composedWithBuilder() {
        return new Composer(prompt, negativePrompt, model, size, seconds, batch, audio, remixOf, frameKey, errors, notice,
                true);
    }

    static Composer of(String prompt, String model, String size, String seconds, String notice) {
        return new Composer(prompt, null, model, size, seconds, false, false, null, null, Map.of(), notice, false);
    }

    /** Only the choices that decide what a video costs (for the options and estimate fragments). */
    static Composer choices(String negativePrompt, String model, String size, String seconds, boolean batch,
            boolean audio, Long remixOf) {
        return new Composer(null, negativePrompt, model, size, seconds, batch, audio, remixOf, null, Map.of(), null, false);
    }
}
