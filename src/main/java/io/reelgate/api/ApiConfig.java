package io.reelgate.api;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The Reelgate Videos API ({@code /v1/videos}): keys, idempotency and outgoing webhooks. */
@ConfigMapping(prefix = "reelgate.api")
public interface ApiConfig {

    /** How long an {@code Idempotency-Key} is remembered. */
    @WithDefault("24H")
    Duration idempotencyTtl();

    /** Keys a member may hold in one team (active ones). */
    @WithDefault("25")
    int keysPerMember();

    /** A key's last use is recorded at most this often (a status poll every second writes nothing). */
    @WithDefault("60S")
    Duration lastUsedPrecision();

    Webhooks webhooks();

    /** Outgoing webhooks to the team's endpoints. */
    interface Webhooks {
        /**
         * Allow {@code http://} endpoints and private, loopback and link-local addresses (dev and
         * test, where receivers run on localhost). Off in production: endpoints must be
         * {@code https} and resolve to public addresses only (no requests into the private network).
         */
        @WithDefault("false")
        boolean allowPrivate();

        /**
         * {@code reelgate.api.webhooks.retry-for}: how long after its event a delivery is retried
         * (with doubling delays) before it is given up ({@code FAILED}).
         */
        @WithDefault("24H")
        Duration retryFor();

        /** {@code reelgate.api.webhooks.retry-base}: first retry delay; doubles per attempt, at most {@link #maxDelay()}. */
        @WithDefault("10S")
        Duration retryBase();

        /** {@code reelgate.api.webhooks.max-delay}: the longest delay between two attempts at a delivery. */
        @WithDefault("30M")
        Duration maxDelay();

        /**
         * {@code reelgate.api.webhooks.keep-for}: how long after its event a delivered or given-up
         * delivery stays in the log (the endpoint's page lists the latest), then it is deleted.
         */
        @WithDefault("30D")
        Duration keepFor();

        /** How often due deliveries are looked for (new events also wake the sender). */
        @WithDefault("2s")
        String interval();

        /** Time a receiver has to answer. */
        @WithDefault("10S")
        Duration timeout();

        /** After a rotation, the previous secret keeps signing (a second signature) this long. */
        @WithDefault("24H")
        Duration rotationOverlap();

        /** Endpoints one team may register. */
        @WithDefault("10")
        int endpointsPerTeam();
    }
}
