package io.reelgate.provider;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithParentName;

/**
 * Model catalogs with their price books, by catalog name; a provider names the catalog it offers
 * ({@code reelgate.providers.<name>.catalog}). Defaults (SPEC §2) are in application.properties;
 * an operator adds models, sizes or durations there without code changes, e.g.
 * <pre>
 * reelgate.catalogs.sora.models.sora-2-pro.sizes=1280x720,720x1280,1792x1024,1024x1792,1920x1080,1080x1920
 * reelgate.catalogs.sora.models.sora-2-pro.usd-per-second.1920x1080=0.70
 * </pre>
 */
@ConfigMapping(prefix = "reelgate.catalogs")
public interface CatalogsConfig {

    @WithParentName
    Map<String, Catalog> catalogs();

    interface Catalog {
        /** Models by API name. */
        Map<String, Model> models();
    }

    interface Model {
        /** Sizes ({@code WIDTHxHEIGHT}) the model renders, in the order the studio offers them. */
        List<String> sizes();

        /** Durations in seconds the model renders. */
        List<Integer> seconds();

        /** Price in USD per second of video, by size; every size needs one. Exact decimals (up to 6 places). */
        Map<String, BigDecimal> usdPerSecond();
    }
}
