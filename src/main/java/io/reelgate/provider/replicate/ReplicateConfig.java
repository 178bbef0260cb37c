package io.reelgate.provider.replicate;

import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How Replicate models name their inputs: every model has its own schema
 * ({@code GET /v1/models/{owner}/{name}} → {@code openapi_schema}), so each model offered in a
 * Replicate catalog says which input carries the prompt, the length, the shape, the first frame,
 * the negative prompt and sound, e.g.
 * <pre>
 * reelgate.replicate.models."google/veo-3.1".duration=duration
 * reelgate.replicate.models."google/veo-3.1".first-frame=image
 * </pre>
 * Defaults for {@code google/veo-3.1}, a Kling and a Wan model are in application.properties
 * (from ../shared/providers/REFERENCE.md §2; docs/providers.md says which are unconfirmed).
 */
@ConfigMapping(prefix = "reelgate.replicate")
public interface ReplicateConfig {

    /** Input names by model ({@code owner/name}). */
    Map<String, ModelInputs> models();

    /**
     * Replicate reports refusals as a failed prediction with a free-form error; one that matches
     * this (case-insensitive) pattern is taken as a content refusal ({@code moderation_blocked}).
     */
    @WithDefault("flagged|sensitive|nsfw|safety|content policy|\\(E005\\)")
    String moderationPattern();

    /** How a model takes its length. */
    enum DurationFormat {
        /** A number: {@code 8}. */
        INTEGER,
        /** A string: {@code "8"}. */
        STRING,
        /** A string with a unit: {@code "8s"}. */
        SECONDS_SUFFIX
    }

    interface ModelInputs {
        /** A version id to run instead of the model's latest ({@code POST /v1/predictions} with {@code version}). */
        Optional<String> version();

        @WithDefault("prompt")
        String prompt();

        /** The input for the length in seconds; none when the model has one fixed length. */
        Optional<String> duration();

        @WithDefault("integer")
        DurationFormat durationFormat();

        /** The input for the aspect ratio ({@code 16:9}); none when the model has one shape. */
        Optional<String> aspectRatio();

        /** The input for the resolution ({@code 720p}). */
        Optional<String> resolution();

        /** The input for a first-frame image (sent as a {@code data:} URI); none when the model takes no image. */
        Optional<String> firstFrame();

        Optional<String> negativePrompt();

        /** The boolean input that switches sound on or off. */
        Optional<String> audio();

        /** Inputs sent as they are with every request ({@code true}/{@code false} and numbers as JSON values). */
        Map<String, String> fixed();
    }
}
