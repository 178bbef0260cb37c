package io.reelgate.provider.replicate;

import java.util.List;
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
 * reelgate.replicate.models."google/veo-3.1".reference-images=reference_images
 * reelgate.replicate.models."google/veo-3.1".reference-aspect-ratios=16:9
 * </pre>
 * The creative inputs (last frame, reference images and their limits) are what the adapter
 * declares for the model ({@code VideoProvider.creative}); combinations the schema does not show
 * are overridden under {@code reelgate.providers.replicate.creative."<model>".*}.
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

        /** The input for a last-frame image (a {@code data:} URI); none when the model cannot end on an image. */
        Optional<String> lastFrame();

        /** The input for reference images (a list of {@code data:} URIs); none when the model takes none. */
        Optional<String> referenceImages();

        /** How many reference images the model takes ({@code google/veo-3.1}: 1–3). */
        @WithDefault("3")
        int maxReferences();

        /** The only aspect ratios a video with references may have ({@code google/veo-3.1}: 16:9); none: any. */
        Optional<List<String>> referenceAspectRatios();

        /** The only lengths a video with references may have ({@code google/veo-3.1}: 8); none: any. */
        Optional<List<Integer>> referenceSeconds();

        Optional<String> negativePrompt();

        /** The boolean input that switches sound on or off. */
        Optional<String> audio();

        /** Inputs sent as they are with every request ({@code true}/{@code false} and numbers as JSON values). */
        Map<String, String> fixed();
    }
}
