package io.reelgate.provider;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;

/**
 * Model catalogs with their price books, by catalog name; a provider names the catalog it offers
 * ({@code reelgate.providers.<name>.catalog}). Defaults are in application.properties; an operator
 * adds models, sizes, durations or prices there without code changes, e.g.
 * <pre>
 * reelgate.catalogs.sora.models.sora-2-pro.sizes=1280x720,720x1280,1792x1024,1024x1792,1920x1080,1080x1920
 * reelgate.catalogs.sora.models.sora-2-pro.usd-per-second.1920x1080=0.70
 * reelgate.catalogs.veo.models.veo-3.1-fast-generate-001.resolutions=720p,1080p
 * reelgate.catalogs.veo.models.veo-3.1-fast-generate-001.aspect-ratios=16:9,9:16
 * reelgate.catalogs.veo.models.veo-3.1-fast-generate-001.usd-per-second.1080p=0.12
 * </pre>
 *
 * <p>A model is priced one way only, else start-up fails naming both keys:
 * <ul>
 * <li>per second of video: {@code models."<id>".usd-per-second.<size or resolution>} (and
 * {@code usd-per-second-with-audio.*} where the request chooses sound); the charge is the rate × the
 * seconds actually delivered;</li>
 * <li>per video, a flat price whatever the length (resellers of OpenAI-shaped endpoints):
 * {@code models."<id>".usd-per-video.<size or resolution>} (and {@code usd-per-video-with-audio.*}),
 * e.g. {@code reelgate.catalogs.proxy.models."veo-3.1-fast".usd-per-video.720p=0.35};</li>
 * <li>in provider credits: {@code models."<id>".credits-per-second.*} or {@code credits-per-video.*} (and
 * their {@code -with-audio} forms), whole credits, worth the catalog's {@code usd-per-credit} each, e.g.
 * {@code reelgate.catalogs.kling.usd-per-credit=0.0035} and
 * {@code reelgate.catalogs.kling.models."kling-v2".credits-per-video.1080p=100}. The dollar price of
 * one unit (a second, or a video) is credits × {@code usd-per-credit}, rounded half up to the micro-dollar
 * once at start-up; from then on the model is charged like a dollar-priced one, and the credits are
 * shown next to the dollars.</li>
 * </ul>
 * Dollar prices are exact decimals with at most 6 places (micro-dollars); {@code usd-per-credit} may
 * have more places, because only its product with the credits is rounded.
 */
@ConfigMapping(prefix = "reelgate.catalogs")
public interface CatalogsConfig {

    @WithParentName
    Map<String, Catalog> catalogs();

    interface Catalog {
        /** Models by API name. */
        Map<String, Model> models();

        /** The day the prices were read from the provider's price list (shown with them), e.g. {@code 2026-12-01}. */
        Optional<String> pricesAsOf();

        /** A short note shown with the prices, e.g. "list prices; check your contract". */
        Optional<String> priceNote();

        /**
         * Subscription credits per second of video by resolution class ({@code 480p}, {@code 720p},
         * {@code 1080p}, {@code 4k}), only for providers that sell credits; shown next to dollars.
         * Display only: it prices nothing (models priced in credits use {@link Model#creditsPerSecond()}).
         */
        Map<String, Integer> creditsPerSecond();

        /**
         * What one provider credit costs in USD, e.g. {@code 0.01}; required by a model priced in
         * credits ({@link Model#creditsPerSecond()}, {@link Model#creditsPerVideo()}). An exact decimal.
         */
        Optional<BigDecimal> usdPerCredit();
    }

    /** Whether a model's videos have sound, and whether the request chooses it. */
    enum Audio {
        /** Silent videos. */
        NONE,
        /** Always with sound (the price includes it). */
        ALWAYS,
        /** The request chooses; {@code usd-per-second-with-audio} prices the videos with sound. */
        OPTIONAL
    }

    interface Model {
        /** Name shown to people; default: the API name. */
        Optional<String> label();

        /** Sizes ({@code WIDTHxHEIGHT}) the model renders, in the order the studio offers them. */
        Optional<List<String>> sizes();

        /** Resolutions ({@code 480p}, {@code 720p}, {@code 1080p}, {@code 4k}), combined with {@link #aspectRatios()} into sizes. */
        Optional<List<String>> resolutions();

        /** Aspect ratios ({@code 16:9}, {@code 9:16}, {@code 1:1}, …) for {@link #resolutions()}. */
        Optional<List<String>> aspectRatios();

        /** Durations in seconds the model renders. */
        List<Integer> seconds();

        /**
         * Price in USD per second of video by size ({@code 1280x720}) or resolution ({@code 720p});
         * every size needs one, unless the model is priced per video or in credits. Exact decimals
         * (up to 6 places).
         */
        Map<String, BigDecimal> usdPerSecond();

        /** For {@code audio=optional}: the price per second of a video with sound, by size or resolution. */
        Map<String, BigDecimal> usdPerSecondWithAudio();

        /**
         * A flat price in USD per video by size or resolution, whatever its length: reserved at
         * admission and charged in full for a completed video. Instead of {@link #usdPerSecond()}.
         */
        Map<String, BigDecimal> usdPerVideo();

        /** For {@code audio=optional}: the flat price of a video with sound, by size or resolution. */
        Map<String, BigDecimal> usdPerVideoWithAudio();

        /**
         * Whole provider credits per second of video by size or resolution, worth the catalog's
         * {@link Catalog#usdPerCredit()} each. Instead of {@link #usdPerSecond()}.
         */
        Map<String, Integer> creditsPerSecond();

        /** For {@code audio=optional}: credits per second of a video with sound. */
        Map<String, Integer> creditsPerSecondWithAudio();

        /** Whole provider credits per video (flat, whatever its length) by size or resolution. */
        Map<String, Integer> creditsPerVideo();

        /** For {@code audio=optional}: credits per video with sound. */
        Map<String, Integer> creditsPerVideoWithAudio();

        @WithDefault("none")
        Audio audio();

        /** The model a draft made with this one is finished on ("make it final"), e.g. {@code sora-2-pro}. */
        Optional<String> finalModel();
    }
}
