package io.reelgate.budget;

/** Hard cap: never past the budget. Soft cap: past it by an allowance percentage. */
public enum CapMode {
    HARD, SOFT
}
