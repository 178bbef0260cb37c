package io.reelgate.provider.fal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How fal.ai endpoints name their inputs, and fal's other addresses (REFERENCE.md §3). Every
 * endpoint has its own schema, so each model offered in a fal catalog (its id is the text-to-video
 * endpoint, e.g. {@code fal-ai/veo3.1/fast}) says which endpoint takes a first frame and which
 * input carries the length (and in which format), the shape, the frames, the negative prompt, sound
 * and the seed, e.g.
 * <pre>
 * reelgate.fal.models."fal-ai/veo3.1".image-endpoint=fal-ai/veo3.1/image-to-video
 * reelgate.fal.models."fal-ai/veo3.1".duration-format=seconds-suffix
 * </pre>
 * Defaults for Veo 3.1, Kling 2.6 Pro and Seedance 2.0 are in application.properties
 * (docs/providers.md says which are unconfirmed).
 */
@ConfigMapping(prefix = "reelgate.fal")
public interface FalConfig {

    /** Input names by model (its text-to-video endpoint). */
    Map<String, EndpointInputs> models();

    /** fal's REST API, for storage uploads ({@code /storage/upload/initiate}); default {@code https://rest.fal.ai}. */
    Optional<String> restUrl();

    /**
     * The JWKS whose Ed25519 keys sign fal's webhooks. fal documents {@code rest.alpha.fal.ai}; many
     * integrations use {@code https://rest.fal.ai/.well-known/jwks.json} (which host is UNCONFIRMED).
     */
    @WithDefault("https://rest.alpha.fal.ai/.well-known/jwks.json")
    String jwksUrl();

    /** How long fetched webhook keys are trusted before they are fetched again (at most 24 h). */
    @WithDefault("24H")
    Duration jwksCacheTtl();

    /**
     * The least time between two fetches of the JWKS prompted by a delivery no cached key verifies
     * (so forged deliveries cannot make Reelgate hammer fal).
     */
    @WithDefault("30S")
    Duration jwksRefetchInterval();

    /** How far a webhook's {@code X-Fal-Webhook-Timestamp} may be from now. */
    @WithDefault("300S")
    Duration webhookTolerance();

    /**
     * How long fal keeps outputs and uploads ({@code X-Fal-Object-Lifecycle-Preference}); Reelgate
     * copies a video as soon as it is done. Zero: the account's default (UNCONFIRMED how long that is).
     */
    @WithDefault("24H")
    Duration objectExpiration();

    /** How an endpoint takes its length. */
    enum DurationFormat {
        /** A number: {@code 8}. */
        INTEGER,
        /** A string: {@code "5"} (Kling). */
        STRING,
        /** A string with a unit: {@code "8s"} (Veo). */
        SECONDS_SUFFIX
    }

    /** How images reach an endpoint. */
    enum ImageTransport {
        /** Inline as a {@code data:} URI (only "some models" take them, REFERENCE.md §3). */
        DATA_URI,
        /** Uploaded to fal's storage first; the endpoint gets the file URL. */
        UPLOAD
    }

    interface EndpointInputs {
        /** The image-to-video endpoint used when a request has a first frame; none: the model takes no image. */
        Optional<String> imageEndpoint();

        @WithDefault("prompt")
        String prompt();

        /** The input for the length; none when the endpoint has one fixed length. */
        Optional<String> duration();

        @WithDefault("seconds-suffix")
        DurationFormat durationFormat();

        /** The input for the aspect ratio ({@code 16:9}). */
        Optional<String> aspectRatio();

        /** The input for the resolution ({@code 720p}). */
        Optional<String> resolution();

        /** The image-to-video endpoint's input for the first frame ({@code image_url}, {@code start_image_url}). */
        Optional<String> firstFrame();

        /** The input for the last frame ({@code end_image_url}); none: the model cannot end on an image. */
        Optional<String> lastFrame();

        /**
         * The endpoint for a first and a last frame (Veo 3.1: {@code …/first-last-frame-to-video},
         * first frame in {@link #firstLastFirstFrame()}, last in {@link #lastFrame()}); none: the
         * image endpoint takes the last frame, where the model has one (Kling's {@code end_image_url}).
         */
        Optional<String> firstLastEndpoint();

        @WithDefault("first_frame_url")
        String firstLastFirstFrame();

        /** The endpoint for reference images (Veo 3.1: {@code …/reference-to-video}); none: the model takes none. */
        Optional<String> referenceEndpoint();

        /** The reference endpoint's list of image URLs. */
        @WithDefault("image_urls")
        String referenceImages();

        /** How many reference images the endpoint takes (UNCONFIRMED for Veo 3.1: Veo's own limit). */
        @WithDefault("3")
        int maxReferences();

        /** The only lengths a video with references may have (Veo: 8); none: any. */
        Optional<List<Integer>> referenceSeconds();

        /** The endpoint that extends a video this account made (Veo 3.1: {@code …/extend-video}); none: no extension. */
        Optional<String> extendEndpoint();

        /** The extend endpoint's input for the source video's URL. */
        @WithDefault("video_url")
        String extendVideo();

        /** How many seconds one extension adds (Veo: 7; UNCONFIRMED at fal). */
        @WithDefault("7")
        int extensionSeconds();

        Optional<String> negativePrompt();

        /** The boolean input that switches sound on or off ({@code generate_audio}). */
        Optional<String> audio();

        /** The integer input for a seed. */
        Optional<String> seed();

        @WithDefault("data-uri")
        ImageTransport imageTransport();

        /** Inputs sent as they are with every request ({@code true}/{@code false} and numbers as JSON values). */
        Map<String, String> fixed();
    }
}
