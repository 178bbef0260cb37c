package io.reelgate.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.lease.Leases;
import io.reelgate.testing.Fixtures;

/**
 * The outbox mechanism once, on a table of its own ({@code outbox_probe}, made here, shaped like
 * {@code webhook_delivery}): claims due rows once under a lease, batch after batch; backs off
 * {@code base · 2^(n-1)} up to the cap; gives up past the deadline; purges after the retention;
 * refuses to write a row taken over meanwhile; counts. Each test starts with an empty table and
 * claims only rows of its own {@code probe} (what {@link OutboxTable#ready} adds to a claim). "Now"
 * is the database's: rows are made due or old by moving their times, never by waiting.
 */
@QuarkusTest
class OutboxTest {

    private static final Retries RETRIES = Retries.backoff(Duration.ofSeconds(100), Duration.ofSeconds(300));

    @Inject
    Outbox outbox;
    @Inject
    Leases leases;
    @Inject
    DataSource dataSource;
    @Inject
    MeterRegistry metrics;

    private String probe;
    private OutboxTable table;

    @BeforeEach
    void probeTable() {
        sql("""
                create table if not exists outbox_probe (
                    id              bigint generated always as identity primary key,
                    probe           text        not null,
                    state           text        not null default 'PENDING',
                    attempts        int         not null default 0,
                    next_attempt_at timestamptz not null default now(),
                    lease_owner     text,
                    lease_until     timestamptz,
                    last_status     int,
                    last_error      text,
                    created_at      timestamptz not null default now(),
                    delivered_at    timestamptz)
                """);
        sql("delete from outbox_probe");
        probe = Fixtures.unique("probe");
        table = OutboxTable.of(probe, "outbox_probe", "state = 'PENDING'", "state = 'DELIVERED', delivered_at = now()")
                .ready("probe = '" + probe + "'").gaveUp("state = 'FAILED'").batch(3);
    }

    @Test
    void everyDueRowIsDeliveredOnceBatchAfterBatchAndReleased() {
        List<Long> due = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            due.add(row("now()", "now()"));
        }
        long notYetDue = row("now() + interval '1 hour'", "now()");
        long heldElsewhere = row("now()", "now()");
        sql("update outbox_probe set lease_owner = 'other-instance', lease_until = now() + interval '30 seconds' where id = "
                + heldElsewhere);
        List<Long> attempted = new ArrayList<>();

        int delivered = outbox.sweep(table, RETRIES, ids -> ids, List::of, id -> {
            attempted.add(id);
            return Attempt.delivered().with("last_status", 204);
        });

        assertEquals(7, delivered, "delivered in three claims of at most three");
        assertThat(attempted).as("each due row attempted once").containsExactlyInAnyOrderElementsOf(due);
        for (long id : due) {
            assertEquals("DELIVERED 1 204 - -", describe(id), "row " + id);
        }
        assertEquals("PENDING 0 - - -", describe(notYetDue), "a row not due is left");
        assertEquals("PENDING 0 - - other-instance", describe(heldElsewhere), "a row another instance holds is left");
        assertEquals(0, outbox.sweep(table, RETRIES, ids -> ids, List::of, id -> Attempt.delivered()),
                "nothing is delivered twice");
    }

    @Test
    void aFailedRowWaitsTheBaseThenTwiceAsLongUpToTheCap() {
        long id = row("now()", "now()");
        List<Double> waits = new ArrayList<>();
        for (int attempt = 1; attempt <= 3; attempt++) {
            int delivered = outbox.sweep(table, RETRIES, ids -> ids, List::of,
                    row -> Attempt.failed("HTTP 503").with("last_status", 503));
            assertEquals(0, delivered);
            waits.add(secondsUntilDue(id));
            sql("update outbox_probe set next_attempt_at = now() where id = " + id); // its time has come
        }
        assertThat(waits.get(0)).as("seconds to the 2nd attempt").isBetween(98.0, 100.0);
        assertThat(waits.get(1)).as("seconds to the 3rd attempt").isBetween(198.0, 200.0);
        assertThat(waits.get(2)).as("seconds to the 4th attempt (capped)").isBetween(298.0, 300.0);
        assertEquals("PENDING 3 503 HTTP 503 -", describe(id));
    }

    @Test
    void anAttemptThatThrowsIsAFailedAttemptWithItsMessage() {
        long id = row("now()", "now()");
        outbox.sweep(table, RETRIES, ids -> ids, List::of, row -> {
            throw new IllegalStateException("SMTP said no");
        });
        assertEquals("PENDING 1 - SMTP said no -", describe(id));
        assertThat(secondsUntilDue(id)).isBetween(98.0, 100.0);
    }

    @Test
    void aRowIsGivenUpWhenItsNextAttemptWouldComeAfterItsDeadline() {
        Retries oneHour = RETRIES.givingUpAfter(Duration.ofHours(1));
        long late = row("now()", "now() - interval '59 minutes'"); // next attempt in 100 s: past the hour
        long inTime = row("now()", "now() - interval '50 minutes'");
        double before = count("reelgate.outbox.given.up");

        outbox.sweep(table, oneHour, ids -> ids, List::of, row -> Attempt.failed("HTTP 401").with("last_status", 401));

        assertEquals("FAILED 1 401 HTTP 401 -", describe(late));
        assertEquals("PENDING 1 401 HTTP 401 -", describe(inTime));
        assertEquals(1.0, count("reelgate.outbox.given.up") - before, "given up, counted");
    }

    @Test
    void rowsOwedPastTheirDeadlineAreGivenUpWithoutAnAttemptUnlessOneIsUnderWay() {
        long overdue = row("now() + interval '1 hour'", "now() - interval '2 hours'"); // its endpoint disabled, say
        long working = row("now() + interval '1 hour'", "now() - interval '2 hours'");
        sql("update outbox_probe set lease_owner = 'other-instance', lease_until = now() + interval '30 seconds' where id = "
                + working);

        assertEquals(1, outbox.giveUpOverdue(table, RETRIES.givingUpAfter(Duration.ofHours(1))));
        assertEquals("FAILED 0 - not delivered within 1h -", describe(overdue));
        assertEquals("PENDING 0 - - other-instance", describe(working), "the attempt under way decides");
    }

    @Test
    void finishedRowsArePurgedAfterTheRetentionAndOwedOnesNever() {
        long oldDelivered = row("now()", "now() - interval '8 days'");
        long oldFailed = row("now()", "now() - interval '8 days'");
        long oldOwed = row("now() + interval '1 day'", "now() - interval '8 days'");
        long recentDelivered = row("now()", "now() - interval '6 days'");
        sql("update outbox_probe set state = 'DELIVERED' where id in (" + oldDelivered + ", " + recentDelivered + ")");
        sql("update outbox_probe set state = 'FAILED' where id = " + oldFailed);

        assertEquals(2, outbox.purge(table, RETRIES.keepingFor(Duration.ofDays(7))));

        assertThat(describe(oldDelivered)).as("delivered 8 days ago").isNull();
        assertThat(describe(oldFailed)).as("given up 8 days ago").isNull();
        assertThat(describe(oldOwed)).as("still owed").startsWith("PENDING");
        assertThat(describe(recentDelivered)).as("delivered 6 days ago").startsWith("DELIVERED");
    }

    @Test
    void anItemOfSeveralRowsIsAttemptedOnceAndWrittenForAllOfThem() {
        long a = row("now()", "now()");
        long b = row("now()", "now()");
        AtomicInteger attempts = new AtomicInteger();

        int delivered = outbox.sweep(table, RETRIES, ids -> List.of(ids), ids -> ids, ids -> {
            attempts.incrementAndGet();
            return Attempt.delivered();
        });

        assertEquals(1, delivered);
        assertEquals(1, attempts.get(), "one attempt (one mail) for both rows");
        assertEquals(List.of("DELIVERED 1 - - -", "DELIVERED 1 - - -"), List.of(describe(a), describe(b)));
    }

    @Test
    void aRowTakenOverDuringItsAttemptIsNotWrittenByItsOldHolder() {
        long id = row("now()", "now()");

        int delivered = outbox.sweep(table, RETRIES, ids -> ids, List::of, row -> {
            sql("update outbox_probe set lease_owner = 'other-instance', lease_until = now() + interval '30 seconds' "
                    + "where id = " + row);
            return Attempt.delivered();
        });

        assertEquals(0, delivered);
        assertEquals("PENDING 1 - - other-instance", describe(id), "the new holder's row, unwritten");
    }

    @Test
    void attemptsDeliveriesAndTheBacklogAreCountedUnderOneName() {
        row("now()", "now()");
        row("now()", "now()");
        row("now() + interval '1 hour'", "now()");

        outbox.sweep(table, RETRIES, ids -> ids, List::of, id -> Attempt.delivered());

        assertEquals(2.0, count("reelgate.outbox.attempts"));
        assertEquals(2.0, count("reelgate.outbox.delivered"));
        assertEquals(1.0, metrics.get("reelgate.outbox.backlog").tag("outbox", probe).gauge().value(),
                "rows still owed, due or not");
    }

    private double count(String name) {
        var counter = metrics.find(name).tag("outbox", probe).counter();
        return counter == null ? 0 : counter.count();
    }

    /** A row of this test, due at {@code due} and owed since {@code created} (SQL expressions). */
    private long row(String due, String created) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "insert into outbox_probe (probe, next_attempt_at, created_at) values (?, %s, %s) returning id"
                        .formatted(due, created))) {
            ps.setString(1, probe);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code state attempts last_status last_error lease_owner}, {@code -} for null; null when the row is gone. */
    private String describe(long id) {
        Map<String, String> row = queryRow("select state, attempts, coalesce(last_status::text, '-') as status, "
                + "coalesce(last_error, '-') as error, coalesce(lease_owner, '-') as owner from outbox_probe where id = " + id);
        return row == null ? null
                : String.join(" ", row.get("state"), row.get("attempts"), row.get("status"), row.get("error"), row.get("owner"));
    }

    private double secondsUntilDue(long id) {
        return Double.parseDouble(queryRow("select extract(epoch from next_attempt_at - now()) as left from outbox_probe "
                + "where id = " + id).get("left"));
    }

    private Map<String, String> queryRow(String query) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(query);
                ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return null;
            }
            Map<String, String> row = new java.util.HashMap<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                row.put(rs.getMetaData().getColumnLabel(i), rs.getString(i));
            }
            return row;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void sql(String statement) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(statement)) {
            ps.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
