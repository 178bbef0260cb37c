package io.reelgate.provider;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How providers and prices changed in the operator console reach every instance ({@link ProviderReload}). */
@ConfigMapping(prefix = "reelgate.provider-console")
public interface ProviderConsoleConfig {

    /**
     * {@code reelgate.provider-console.check-every}: how often each instance reads the revision
     * counter ({@code provider_revision}, one row) and reloads console providers and dated prices when
     * it moved. The instance where the change is made reloads at once. Default 2 s.
     */
    @WithDefault("2S")
    Duration checkEvery();

    /** Whether this process reads console providers at all: off in the standalone simulator profile (no database). */
    @WithDefault("true")
    boolean enabled();
}
