package io.reelgate.provider;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Delivery of received webhook events to the pipeline ({@link WebhookInbox}). */
@ConfigMapping(prefix = "reelgate.webhooks")
public interface WebhooksConfig {

    /** {@code reelgate.webhooks.sweep-interval}: how often pending or failed events are retried (also after a crash). */
    @WithDefault("5s")
    String sweepInterval();

    /**
     * {@code reelgate.webhooks.retry-base}: first retry delay after a listener failed; doubles per
     * attempt, up to {@link #maxDelay()}.
     */
    @WithDefault("5S")
    Duration retryBase();

    /** {@code reelgate.webhooks.max-delay}: the longest delay between two hand-overs of an event. */
    @WithDefault("15M")
    Duration maxDelay();

    /**
     * {@code reelgate.webhooks.keep-for}: how long after it arrived a handed-over event is kept, so a
     * provider's repeated delivery of it is dropped (providers retry for up to 72 hours).
     */
    @WithDefault("7D")
    Duration keepFor();

    /**
     * A webhook secret fetched from a provider's API is fetched again when a delivery does not
     * verify (a rotation), at most this often.
     */
    @WithDefault("1M")
    Duration secretRefetchInterval();
}
