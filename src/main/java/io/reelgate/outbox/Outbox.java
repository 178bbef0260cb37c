package io.reelgate.outbox;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.reelgate.lease.LeaseLost;
import io.reelgate.lease.Leases;

/**
 * The one durable outbox of every feature that owes something to the outside (alert mails,
 * outgoing webhooks, provider events for the pipeline). A {@link #sweep} gives up rows owed for too
 * long, claims due rows ({@code FOR UPDATE SKIP LOCKED}) under a lease of {@code lease/Leases}
 * (renewed while the batch is worked through; every outcome's write fenced, so a row taken over is
 * never written by its old holder), lets the feature attempt each item, and writes the outcome:
 * delivered, or the next attempt after {@code least(cap, base · 2^(n-1))}, or given up once the next
 * attempt would come after the row's deadline. Claiming counts the attempt, so one that crashed
 * counts too. Finished rows are purged after their retention (at most once a minute per instance).
 * Times are the database's {@code now()}, as for leases: one clock for every instance.
 * <p>
 * Metrics, tagged {@code outbox=<name>}: {@code reelgate.outbox.attempts}, {@code .delivered} and
 * {@code .given.up} (rows), and the gauge {@code reelgate.outbox.backlog} (rows still owed, read
 * from the database when scraped, so every instance reports the same).
 */
@ApplicationScoped
public class Outbox {

    private static final Logger LOG = Logger.getLogger(Outbox.class);
    private static final long PURGE_EVERY = Duration.ofMinutes(1).toNanos();

    /** Claimed rows: their ids and attempts counted so far (this one included). */
    record Claimed(Map<Long, Integer> attempts) {
    }

    private final EntityManager em;
    private final Leases leases;
    private final DataSource dataSource;
    private final MeterRegistry metrics;
    private final Set<String> measured = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> purgedAt = new ConcurrentHashMap<>();

    Outbox(EntityManager em, Leases leases, DataSource dataSource, MeterRegistry metrics) {
        this.em = em;
        this.leases = leases;
        this.dataSource = dataSource;
        this.metrics = metrics;
    }

    /**
     * Works through everything due, batch after batch: claimed rows become items ({@code load}; an
     * item may stand for several rows, as one mail for several alert rows, and must name them in
     * {@code ids}), each item is attempted once on this thread ({@code attempt}; an exception is a
     * failed attempt) and its outcome written. Returns how many items were delivered.
     */
    public <T> int sweep(OutboxTable table, Retries retries, Function<List<Long>, List<T>> load,
            Function<T, List<Long>> ids, Function<T, Attempt> attempt) {
        measure(table);
        if (leases.closing()) {
            return 0;
        }
        if (table.gaveUp() != null && retries.giveUpAfter() != null) {
            giveUpOverdue(table, retries);
        }
        int delivered = 0;
        int claimed;
        do {
            Batch<T> batch = claim(table, load);
            claimed = batch.claimed().attempts().size();
            int[] done = {0};
            leases.eachHeldGroup(table.leased(), batch.items(), ids, (item, held) -> {
                Attempt outcome = attempt(table, item, attempt);
                record(table, retries, held, batch.claimed(), outcome);
                if (outcome.succeeded()) {
                    done[0]++;
                }
            });
            delivered += done[0];
        } while (claimed == table.batch() && !leases.closing());
        purgeIfDue(table, retries);
        return delivered;
    }

    private <T> Attempt attempt(OutboxTable table, T item, Function<T, Attempt> attempt) {
        try {
            return attempt.apply(item);
        } catch (LeaseLost e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.warnf(e, "%s: an attempt failed", table.name());
            return Attempt.failed(String.valueOf(e.getMessage()));
        }
    }

    /** What one claim took: its rows and the items made of them. */
    record Batch<T>(Claimed claimed, List<T> items) {
    }

    @Transactional
    <T> Batch<T> claim(OutboxTable t, Function<List<Long>, List<T>> load) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                update %1$s set lease_owner = ?1, lease_until = now() + make_interval(secs => ?2), attempts = attempts + 1
                where id in (select id from %1$s
                             where (%2$s) and (%3$s) and next_attempt_at <= now() and (lease_until is null or lease_until < now())
                             order by %4$s limit ?3 for update skip locked)
                returning id, attempts
                """.formatted(t.table(), t.owed(), t.ready(), t.order())).setParameter(1, leases.owner())
                .setParameter(2, leases.seconds()).setParameter(3, t.batch()).getResultList();
        Map<Long, Integer> attempts = new TreeMap<>();
        rows.forEach(r -> attempts.put(((Number) r[0]).longValue(), ((Number) r[1]).intValue()));
        metrics.counter("reelgate.outbox.attempts", "outbox", t.name()).increment(attempts.size());
        Claimed claimed = new Claimed(attempts);
        return new Batch<>(claimed, attempts.isEmpty() ? List.of() : load.apply(new ArrayList<>(attempts.keySet())));
    }

    /** Writes an item's outcome, only while this instance still holds every row of it. */
    @Transactional
    void record(OutboxTable t, Retries retries, List<Leases.Held> held, Claimed claimed, Attempt outcome) {
        held.forEach(h -> leases.fence(h, true));
        List<Long> ids = held.stream().map(Leases.Held::key).toList();
        if (outcome.succeeded()) {
            update(t, t.delivered() + ", last_error = ?2", ids, outcome); // no error: null
            metrics.counter("reelgate.outbox.delivered", "outbox", t.name()).increment(ids.size());
            return;
        }
        Map<Integer, List<Long>> byAttempts = new TreeMap<>();
        ids.forEach(id -> byAttempts.computeIfAbsent(claimed.attempts().getOrDefault(id, 1), a -> new ArrayList<>()).add(id));
        byAttempts.forEach((attempts, rows) -> {
            Duration delay = retries.delay(attempts);
            update(t, "next_attempt_at = now() + make_interval(secs => %s), last_error = ?2"
                    .formatted(delay.toMillis() / 1000.0), rows, outcome);
            LOG.debugf("%s %s: attempt %d failed, next in %s: %s", t.name(), rows, attempts, delay, outcome.error());
        });
        if (t.gaveUp() == null || retries.giveUpAfter() == null) {
            return;
        }
        @SuppressWarnings("unchecked")
        List<Object[]> gaveUp = em.createNativeQuery("""
                update %s set %s
                where id = any(?1) and %s + make_interval(secs => ?2) <= next_attempt_at
                returning id, attempts
                """.formatted(t.table(), t.gaveUp(), t.bornAt())).setParameter(1, ids.toArray(Long[]::new))
                .setParameter(2, retries.giveUpAfter().toMillis() / 1000.0).getResultList();
        for (Object[] row : gaveUp) {
            LOG.warnf("%s %s given up after %s attempts: %s", t.name(), row[0], row[1], outcome.error());
        }
        metrics.counter("reelgate.outbox.given.up", "outbox", t.name()).increment(gaveUp.size());
    }

    /**
     * {@code update <table> set <sets>, <the outcome's own columns>, the lease released where id = any(…)};
     * {@code ?2} in {@code sets} is the outcome's error.
     */
    private void update(OutboxTable t, String sets, List<Long> ids, Attempt outcome) {
        List<Object> values = new ArrayList<>();
        values.add(ids.toArray(Long[]::new));
        values.add(outcome.error());
        StringBuilder sql = new StringBuilder("update ").append(t.table()).append(" set ").append(sets);
        outcome.columns().forEach((column, value) -> {
            values.add(value);
            sql.append(", ").append(column).append(" = ?").append(values.size());
        });
        Query q = em.createNativeQuery(sql.append(", lease_owner = null, lease_until = null where id = any(?1)").toString());
        for (int i = 0; i < values.size(); i++) {
            q.setParameter(i + 1, values.get(i));
        }
        q.executeUpdate();
    }

    /**
     * Rows still owed past their deadline that no attempt is working on (their endpoint disabled,
     * say) are given up. Returns how many.
     */
    @Transactional
    public int giveUpOverdue(OutboxTable t, Retries retries) {
        Duration age = retries.giveUpAfter();
        int n = em.createNativeQuery("""
                update %1$s set %2$s, last_error = coalesce(last_error, ?2)
                where (%3$s) and %4$s < now() - make_interval(secs => ?1) and (lease_until is null or lease_until < now())
                """.formatted(t.table(), t.gaveUp(), t.owed(), t.bornAt())).setParameter(1, age.toMillis() / 1000.0)
                .setParameter(2, "not delivered within " + age.toString().substring(2).toLowerCase()).executeUpdate();
        metrics.counter("reelgate.outbox.given.up", "outbox", t.name()).increment(n);
        return n;
    }

    private void purgeIfDue(OutboxTable t, Retries retries) {
        if (retries.keepFor() == null) {
            return;
        }
        long now = System.nanoTime();
        Long last = purgedAt.get(t.name());
        if (last == null || now - last >= PURGE_EVERY) {
            purgedAt.put(t.name(), now);
            purge(t, retries);
        }
    }

    /** Deletes the finished rows owed longer ago than the retention. Returns how many. */
    @Transactional
    public int purge(OutboxTable t, Retries retries) {
        return em.createNativeQuery("delete from %s where (%s) and %s < now() - make_interval(secs => ?1)"
                .formatted(t.table(), t.done(), t.bornAt())).setParameter(1, retries.keepFor().toMillis() / 1000.0)
                .executeUpdate();
    }

    /** The rows still owed (delivered neither nor given up), due or not. */
    public double backlog(OutboxTable t) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from %s where %s".formatted(t.table(), t.owed()))) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            LOG.debugf("%s: backlog not counted: %s", t.name(), e.getMessage());
            return Double.NaN;
        }
    }

    private void measure(OutboxTable t) {
        if (measured.add(t.name())) {
            Gauge.builder("reelgate.outbox.backlog", () -> backlog(t)).description("Rows the outbox still owes")
                    .tag("outbox", t.name()).strongReference(true).register(metrics);
        }
    }
}
