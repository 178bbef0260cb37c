package io.reelgate.provider;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Delivery of received webhook events to the pipeline ({@link WebhookInbox}). */
@ConfigMapping(prefix = "reelgate.webhooks")
public interface WebhooksConfig {

    /** How often pending or failed events are retried (also after a crash). */
    @WithDefault("5s")
    String sweepInterval();

    /** First retry delay after a listener failed; doubles per attempt up to 15 minutes. */
    @WithDefault("5S")
    Duration retryBase();

    /**
     * A webhook secret fetched from a provider's API is fetched again when a delivery does not
     * verify (a rotation), at most this often.
     */
    @WithDefault("1M")
    Duration secretRefetchInterval();
}
