package io.reelgate.lease;

/** The row is no longer held by this instance (taken over, released at shutdown): the work must stop without writing. */
public class LeaseLost extends RuntimeException {

    LeaseLost(LeasedTable table, long key) {
        super("the lease on " + table.table() + " " + key + " is no longer held by this instance");
    }
}
