package io.reelgate.notify;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Delivery of spending alert mails from the {@code budget_alert} outbox. */
@ConfigMapping(prefix = "reelgate.alerts")
public interface AlertsConfig {

    /** How often pending alerts are looked for (also picks up what a crashed instance left). */
    @WithDefault("10s")
    String interval();

    /** How long a claimed alert is held by the instance sending it before another may retry it. */
    @WithDefault("2M")
    Duration lease();

    /** First retry delay after a failed send; doubles per attempt up to an hour. */
    @WithDefault("30S")
    Duration retryBase();
}
