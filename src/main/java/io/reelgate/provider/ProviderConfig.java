package io.reelgate.provider;

import io.smallrye.config.ConfigMapping;

/** Which provider teams use unless the operator chose another for them. */
@ConfigMapping(prefix = "reelgate.provider")
public interface ProviderConfig {

    /** Name of the default provider under {@code reelgate.providers}. */
    String defaultName();
}
