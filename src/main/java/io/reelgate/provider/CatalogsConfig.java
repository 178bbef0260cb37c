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
         */
        Map<String, Integer> creditsPerSecond();
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
         * every size needs one. Exact decimals (up to 6 places).
         */
        Map<String, BigDecimal> usdPerSecond();

        /** For {@code audio=optional}: the price per second of a video with sound, by size or resolution. */
        Map<String, BigDecimal> usdPerSecondWithAudio();

        @WithDefault("none")
        Audio audio();

        /** The model a draft made with this one is finished on ("make it final"), e.g. {@code sora-2-pro}. */
        Optional<String> finalModel();
    }
}
