package io.reelgate.budget;

import java.math.BigDecimal;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Budgets, settlement policy and display units. */
@ConfigMapping(prefix = "reelgate.budget")
public interface BudgetConfig {

    /** Monthly budget in USD of a team whose admin has not set one yet. */
    @WithDefault("100")
    BigDecimal defaultAmountUsd();

    /** Largest budget or cap an admin may set, in USD (guards against typos and overflow). */
    @WithDefault("10000000")
    BigDecimal maxAmountUsd();

    /** Whether a job the provider failed with {@code moderation_blocked} is charged (the provider may bill it). */
    @WithDefault("true")
    boolean chargeModerationBlocked();

    /** Whether a completed job whose content expired before Reelgate copied it is charged. */
    @WithDefault("true")
    boolean chargeExpiredContent();

    /** Whether a job canceled after it reached the provider is charged. */
    @WithDefault("false")
    boolean chargeCanceledAfterSubmission();

    /**
     * Where providers report their bill (OpenRouter), the drift from the price book over the last 30
     * days beyond which the operator console warns, in per cent either way.
     */
    @WithDefault("10")
    int driftAlertPercent();
}
