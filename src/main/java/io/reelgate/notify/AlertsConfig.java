package io.reelgate.notify;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Delivery of spending alert mails from the {@code budget_alert} outbox, and of weekly digests. */
@ConfigMapping(prefix = "reelgate.alerts")
public interface AlertsConfig {

    /** How often pending alerts are looked for (also picks up what a crashed instance left). */
    @WithDefault("10s")
    String interval();

    /**
     * {@code reelgate.alerts.retry-base}: the delay after a failed send; doubles per further failed
     * attempt, up to {@link #maxDelay()}.
     */
    @WithDefault("30S")
    Duration retryBase();

    /** {@code reelgate.alerts.max-delay}: the longest delay between two attempts at an alert mail. */
    @WithDefault("1H")
    Duration maxDelay();

    /**
     * How often due weekly digests are looked for. A digest covers the last full week (Monday to
     * Sunday in the team's time zone) and goes out once it is over, to opted-in admins and alert
     * recipients. {@code off} disables digests.
     */
    @WithDefault("1h")
    String digestInterval();

    /**
     * Operators' addresses for billing-drift mails (a provider billing more or less than the price
     * book by more than {@code reelgate.budget.drift-alert-percent}); none: no such mail.
     */
    Optional<List<String>> operatorEmails();

    /** How often billing drift is checked for the operators' mail ({@code off} disables it). */
    @WithDefault("1h")
    String driftInterval();
}
