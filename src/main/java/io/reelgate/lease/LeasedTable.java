package io.reelgate.lease;

/**
 * A table whose rows are worked on under a lease: its bigint key, the column naming the holding
 * instance and the column saying until when it holds the row (database time).
 */
public record LeasedTable(String table, String key, String owner, String until) {

    /** The usual columns: {@code id}, {@code lease_owner}, {@code lease_until}. */
    public static LeasedTable of(String table) {
        return new LeasedTable(table, "id", "lease_owner", "lease_until");
    }
}
