package io.reelgate.outbox;

import io.reelgate.lease.LeasedTable;

/**
 * The shape of one outbox table, for {@link Outbox}: its rows have the leased columns
 * ({@code id}, {@code lease_owner}, {@code lease_until}) and {@code attempts},
 * {@code next_attempt_at} and {@code last_error}; the rest is the table's own, said here in SQL
 * (conditions and {@code set} lists over the table's columns, unqualified or qualified by the table
 * name). Built with {@link #of} and the withers, which name every part.
 *
 * @param name the outbox's name in metrics ({@code outbox} tag) and logs: {@code alert-mails}
 * @param owed which rows are still owed (neither delivered nor given up), e.g. {@code delivered_at is null}
 * @param ready what else a due row must meet to be claimed (its endpoint enabled), or {@code true}
 * @param order the claiming order within a due batch
 * @param batch how many rows one claim takes at most
 * @param delivered what marks a row delivered, a {@code set} list: {@code delivered_at = now()}
 * @param gaveUp what marks a row given up, a {@code set} list; {@code null}: retried for ever
 * @param done which rows are finished, delivered or given up (what a purge may delete)
 * @param bornAt the column saying when the row was owed: the age for giving up and purging
 */
public record OutboxTable(String name, String table, String owed, String ready, String order, int batch,
        String delivered, String gaveUp, String done, String bornAt) {

    /** An outbox over {@code table} owing rows while {@code owed}, done by {@code delivered}; claimed by id, 50 at a time. */
    public static OutboxTable of(String name, String table, String owed, String delivered) {
        return new OutboxTable(name, table, owed, "true", "id", 50, delivered, null, "not (" + owed + ")", "created_at");
    }

    public OutboxTable ready(String condition) {
        return new OutboxTable(name, table, owed, condition, order, batch, delivered, gaveUp, done, bornAt);
    }

    public OutboxTable order(String by) {
        return new OutboxTable(name, table, owed, ready, by, batch, delivered, gaveUp, done, bornAt);
    }

    public OutboxTable batch(int rows) {
        return new OutboxTable(name, table, owed, ready, order, rows, delivered, gaveUp, done, bornAt);
    }

    public OutboxTable gaveUp(String sets) {
        return new OutboxTable(name, table, owed, ready, order, batch, delivered, sets, done, bornAt);
    }

    public OutboxTable bornAt(String column) {
        return new OutboxTable(name, table, owed, ready, order, batch, delivered, gaveUp, done, column);
    }

    LeasedTable leased() {
        return LeasedTable.of(table);
    }
}
