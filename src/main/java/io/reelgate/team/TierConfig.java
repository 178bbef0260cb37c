package io.reelgate.team;

import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithParentName;

/**
 * Rate limits and queue priority per tier, keyed by {@link Tier#configKey()}, e.g.
 * {@code reelgate.tiers.plus.requests-per-minute=5}. Defaults (SPEC §2) are in application.properties;
 * enterprise teams may carry their own numbers on the team row.
 */
@ConfigMapping(prefix = "reelgate.tiers")
public interface TierConfig {

    @WithParentName
    Map<String, Limits> tiers();

    default Limits of(Tier tier) {
        Limits limits = tiers().get(tier.configKey());
        if (limits == null) {
            throw new IllegalStateException("No limits configured for tier " + tier.configKey());
        }
        return limits;
    }

    interface Limits {
        /** Generation requests (create, remix) per sliding 60 s window. */
        int requestsPerMinute();

        /** Generation requests per calendar day in the team's time zone. */
        int requestsPerDay();

        /** Queue priority of the tier's jobs. */
        QueuePriority priority();
    }
}
