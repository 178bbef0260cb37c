package io.reelgate.budget;

/** Kinds of ledger entries and what each does to the running totals. */
public enum LedgerKind {
    /** Holds an admitted request's estimate: reserved += amount. */
    RESERVE,
    /** Lets a reservation go at settlement: reserved -= amount. */
    RELEASE,
    /** What a request cost: spent += amount. */
    CHARGE,
    /** Money given back for a charge: spent -= amount. */
    REFUND,
    /** A signed correction by an operator or admin: spent += amount. */
    ADJUSTMENT
}
