package io.reelgate.provider;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How catalog updates an operator applied ({@link CatalogUpdates}) reach every instance. */
@ConfigMapping(prefix = "reelgate.catalog-updates")
public interface CatalogUpdatesConfig {

    /**
     * {@code reelgate.catalog-updates.check-every}: how often each instance reads the applied
     * catalogs (table {@code catalog_update}) and switches to them, or back to the configured
     * catalog after a revert. The instance where the operator applies or reverts switches at once;
     * the others within this interval. Default 30 s.
     */
    @WithDefault("30S")
    Duration checkEvery();

    /**
     * Whether this process reads applied catalogs at all: off in the standalone simulator profile,
     * which has no database.
     */
    @WithDefault("true")
    boolean enabled();
}
