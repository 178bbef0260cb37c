package io.reelgate.studio;

import java.util.Map;

import jakarta.validation.constraints.NotBlank;

import io.reelgate.web.Forms;

/**
 * The composer as posted, before the catalog has looked at it: {@code prompt} is the text that
 * would be sent (stripped); checkboxes are read as {@link Forms#checked}. The constraints here are
 * the ones that need no catalog; {@link Composing#check} adds the model's own rules and the image.
 */
record ComposerForm(
        @NotBlank(message = "Describe the video you want.", groups = ComposerForm.New.class)
        @NotBlank(message = "Describe what the remix should change.", groups = ComposerForm.Remix.class)
        String prompt,
        String typedPrompt, String negativePrompt, String model, String size, String seconds, boolean batch,
        boolean audio, boolean schedule, Long remixOf, String frameKey, String submission) {

    /** Validation group of a new video. */
    interface New {
    }

    /** Validation group of a remix (the prompt says what to change). */
    interface Remix {
    }

    static ComposerForm of(String prompt, String negativePrompt, String model, String size, String seconds,
            String batch, String audio, String schedule, Long remixOf, String frameKey, String submission) {
        return new ComposerForm(prompt == null ? "" : prompt.strip(), prompt, Forms.blankToNull(negativePrompt), model,
                size, seconds, Forms.checked(batch), Forms.checked(audio), "true".equals(schedule), remixOf,
                Forms.blankToNull(frameKey), submission);
    }

    Class<?> group() {
        return remixOf == null ? New.class : Remix.class;
    }

    Composer composer() {
        return new Composer(typedPrompt, negativePrompt, model, size, seconds, batch, audio, remixOf, frameKey,
                Map.of(), null, false);
    }
}
