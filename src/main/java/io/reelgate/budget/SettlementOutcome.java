package io.reelgate.budget;

/** How a reserved request ended, which decides what it costs (SPEC §2 and the charge policy). */
public enum SettlementOutcome {
    /** Delivered: charged for the seconds actually rendered. */
    COMPLETED,
    /** Prompt rejected before generation: never charged. */
    SENTINEL_BLOCKED,
    /** Output flagged during generation: charged per policy (default yes). */
    MODERATION_BLOCKED,
    /** Generated but its content expired before Reelgate could copy it: charged per policy (default yes). */
    CONTENT_EXPIRED,
    /** Canceled before reaching the provider: never charged. */
    CANCELED_BEFORE_SUBMISSION,
    /** Canceled after reaching the provider: charged per policy (default no). */
    CANCELED_AFTER_SUBMISSION,
    /** A storyboard's hold for a shot, released as the shot is admitted on its own: never charged. */
    SHOT_SUBMITTED,
    /** Any other failure (invalid parameters, provider errors): never charged. */
    FAILED
}
