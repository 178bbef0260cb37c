package io.reelgate.lease;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * The one lease keeper of every leased row (job steps, outgoing webhooks, provider events, alert
 * mails, stitches). A claim writes this instance's {@link #owner()} and {@code now() + duration}
 * into the row; the worker then {@linkplain #work holds} it here, and every {@code renew-every}
 * the keeper extends the leases of all rows held, in one statement per table, and only where the
 * row is still this instance's and not yet expired. A row the renewal does not find any more was
 * taken over: its holder is marked lost and its worker thread interrupted, and every final write is
 * {@linkplain #fence fenced} — it locks the row and proceeds only while this instance still holds
 * it, so a stolen job is never written (no double ingest, no double charge). On a graceful stop
 * (SIGTERM) every held row is released at once, so another instance carries on without waiting.
 * Lease times are the database's {@code now()}: one clock for every instance.
 */
@ApplicationScoped
public class Leases {

    private static final Logger LOG = Logger.getLogger(Leases.class);

    /** Who holds a lease, readable by an operator: {@code pid 4242@host/1a2b3c4d} (unique per process start). */
    private final String owner = "pid " + ProcessHandle.current().pid() + "@" + hostName() + "/"
            + UUID.randomUUID().toString().substring(0, 8);
    private final LeaseConfig config;
    private final DataSource dataSource;
    private final EntityManager em;
    private final Set<Held> held = ConcurrentHashMap.newKeySet();
    private final ThreadLocal<Held> working = new ThreadLocal<>();
    private volatile boolean closing;
    /** Steps running that a stop waits for ({@link #finishing}). */
    private final java.util.concurrent.atomic.AtomicInteger finishing = new java.util.concurrent.atomic.AtomicInteger();

    Leases(LeaseConfig config, DataSource dataSource, EntityManager em) {
        this.config = config;
        this.dataSource = dataSource;
        this.em = em;
    }

    /** The value claims write into the owner column. */
    public String owner() {
        return owner;
    }

    /** What claims add to {@code now()}: {@code make_interval(secs => ?)}. */
    public double seconds() {
        return config.duration().toMillis() / 1000.0;
    }

    public Duration duration() {
        return config.duration();
    }

    /** Whether this instance is stopping: it claims nothing more. */
    public boolean closing() {
        return closing;
    }

    /**
     * Holds a row just claimed, for the current thread: renewed until {@linkplain Held#close closed};
     * if it is lost, this thread is interrupted and {@linkplain #fenceIfWorking fenced} writes on it fail.
     */
    public Held work(LeasedTable table, long key) {
        Held h = hold(table, List.of(key), Thread.currentThread()).get(0);
        working.set(h);
        return h;
    }

    /** Holds a claimed batch that one thread sends row by row (check {@link Held#lost()} before each). */
    public List<Held> hold(LeasedTable table, Collection<Long> keys) {
        return hold(table, keys, null);
    }

    private List<Held> hold(LeasedTable table, Collection<Long> keys, Thread thread) {
        List<Held> out = new ArrayList<>();
        for (long key : keys) {
            Held h = new Held(table, key, thread);
            held.add(h);
            out.add(h);
        }
        if (closing) {
            out.forEach(Held::lose);
            release(table, keys);
        }
        return out;
    }

    /**
     * Works through a claimed batch row by row (one thread, as an outbox sends), under the rows'
     * leases: a row lost meanwhile is skipped (its new holder does it), a {@link LeaseLost} from a
     * fenced write ends only that row, and every lease is let go at the end.
     */
    public <T> void eachHeld(LeasedTable table, List<T> rows, ToLongFunction<T> key, BiConsumer<T, Held> work) {
        eachHeldGroup(table, rows, r -> List.of(key.applyAsLong(r)), (r, held) -> work.accept(r, held.get(0)));
    }

    /** Like {@link #eachHeld}, for items that stand for several rows each (one mail for several alert rows). */
    public <T> void eachHeldGroup(LeasedTable table, List<T> items, Function<T, List<Long>> keys,
            BiConsumer<T, List<Held>> work) {
        List<List<Held>> groups = items.stream().map(item -> hold(table, keys.apply(item))).toList();
        try {
            for (int i = 0; i < items.size(); i++) {
                List<Held> group = groups.get(i);
                if (group.stream().anyMatch(Held::lost)) {
                    continue;
                }
                try {
                    work.accept(items.get(i), group);
                } catch (LeaseLost e) {
                    LOG.infof("%s: stopped without writing", e.getMessage());
                }
            }
        } finally {
            groups.forEach(g -> g.forEach(Held::close));
        }
    }

    /**
     * In the caller's transaction, before a final write: locks the row and goes on only while this
     * instance still holds it; {@code releasing} when the write frees the row (the keeper stops
     * renewing it). Throws {@link LeaseLost} otherwise, so nothing is written.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void fence(Held h, boolean releasing) {
        LeasedTable t = h.table;
        if (h.lost() || em.createNativeQuery("select 1 from %s where %s = ?1 and %s = ?2 and %s > now() for update"
                .formatted(t.table(), t.key(), t.owner(), t.until())).setParameter(1, h.key).setParameter(2, owner)
                .getResultList().isEmpty()) {
            h.lose();
            throw new LeaseLost(t, h.key);
        }
        if (releasing) {
            h.done();
        }
    }

    /**
     * Fences the write when the current thread {@linkplain #work works} on this row under a lease;
     * writes from elsewhere (a user's cancel, a webhook's signal) are not fenced.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void fenceIfWorking(LeasedTable table, long key, boolean releasing) {
        Held h = working.get();
        if (h != null && h.table.equals(table) && h.key == key) {
            fence(h, releasing);
        }
    }

    /** Throws {@link LeaseLost} when the current thread's leased work was taken over: check before a costly side effect. */
    public void checkWorking() {
        Held h = working.get();
        if (h != null && h.lost()) {
            throw new LeaseLost(h.table, h.key);
        }
    }

    @Scheduled(every = "${reelgate.leases.renew-every:8S}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledRenew() {
        renew();
    }

    /** Extends every held lease that is still this instance's; marks the others lost. Returns how many were renewed. */
    public int renew() {
        int renewed = 0;
        for (Map.Entry<LeasedTable, List<Held>> e : byTable().entrySet()) {
            LeasedTable t = e.getKey();
            List<Held> rows = e.getValue();
            long started = System.nanoTime();
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                    update %1$s set %4$s = now() + make_interval(secs => ?)
                    where %2$s = any(?) and %3$s = ? and %4$s > now()
                    returning %2$s
                    """.formatted(t.table(), t.key(), t.owner(), t.until()))) {
                c.setAutoCommit(true);
                ps.setDouble(1, seconds());
                ps.setArray(2, keys(c, rows));
                ps.setString(3, owner);
                Set<Long> still = new HashSet<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        still.add(rs.getLong(1));
                    }
                }
                for (Held h : rows) {
                    if (still.contains(h.key)) {
                        h.renewedAt = started;
                        renewed++;
                    } else if (h.lose()) {
                        LOG.warnf("Lost the lease on %s %d (taken over or released); its work stops without writing",
                                t.table(), h.key);
                    }
                }
            } catch (SQLException ex) {
                LOG.warnf("Could not renew the leases on %s: %s", t.table(), ex.getMessage());
                // without a renewal, a lease is ours only as long as it lasts
                long now = System.nanoTime();
                rows.stream().filter(h -> now - h.renewedAt >= config.duration().toNanos()).forEach(Held::lose);
            }
        }
        return renewed;
    }

    void onStop(@Observes ShutdownEvent event) {
        releaseAll();
    }

    /**
     * Runs a step a graceful stop must not cut off: a provider create and the write of its answer
     * (interrupted in between, the create's outcome is unknown and another instance could only guess
     * it). A stop waits for such steps, up to {@link LeaseConfig#stopGrace()}, before it releases.
     */
    public <T> T finishing(java.util.function.Supplier<T> step) {
        finishing.incrementAndGet();
        try {
            return step.get();
        } finally {
            finishing.decrementAndGet();
        }
    }

    /**
     * A graceful stop: nothing more is claimed, steps {@linkplain #finishing finishing} are waited
     * for, then every held row's work is aborted and the row released, for another instance to take
     * at once.
     */
    public void releaseAll() {
        closing = true;
        long deadline = System.nanoTime() + config.stopGrace().toNanos();
        while (finishing.get() > 0 && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
        }
        if (finishing.get() > 0) {
            LOG.warnf("%d provider calls still running after %s; their jobs are released anyway", finishing.get(),
                    config.stopGrace());
        }
        Map<LeasedTable, List<Held>> rows = byTable();
        rows.values().forEach(list -> list.forEach(Held::lose));
        rows.forEach((t, list) -> release(t, list.stream().map(h -> h.key).toList()));
    }

    private void release(LeasedTable t, Collection<Long> keys) {
        if (keys.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "update %s set %s = null, %s = null where %s = any(?) and %s = ?".formatted(t.table(), t.owner(),
                        t.until(), t.key(), t.owner()))) {
            c.setAutoCommit(true);
            ps.setArray(1, c.createArrayOf("bigint", keys.toArray()));
            ps.setString(2, owner);
            int n = ps.executeUpdate();
            LOG.infof("Released %d leases on %s", n, t.table());
        } catch (SQLException e) {
            LOG.warnf("Could not release the leases on %s (they expire on their own): %s", t.table(), e.getMessage());
        }
    }

    private Map<LeasedTable, List<Held>> byTable() {
        return held.stream().filter(h -> h.state == State.HELD).collect(Collectors.groupingBy(h -> h.table));
    }

    private static Array keys(Connection c, List<Held> rows) throws SQLException {
        return c.createArrayOf("bigint", rows.stream().map(h -> h.key).toArray());
    }

    private enum State { HELD, LOST, DONE }

    /** One row this instance works on under a lease. */
    public final class Held implements AutoCloseable {

        private final LeasedTable table;
        private final long key;
        private final Thread thread;
        private volatile State state = State.HELD;
        private volatile long renewedAt = System.nanoTime();

        private Held(LeasedTable table, long key, Thread thread) {
            this.table = table;
            this.key = key;
            this.thread = thread;
        }

        public long key() {
            return key;
        }

        /** Taken over or released at shutdown: the work must stop, and its writes are refused. */
        public boolean lost() {
            return state == State.LOST;
        }

        /** Marks it lost and interrupts its worker; false when it was not held any more. */
        synchronized boolean lose() {
            if (state != State.HELD) {
                return false;
            }
            state = State.LOST;
            if (thread != null) {
                thread.interrupt();
            }
            return true;
        }

        /** The final write freed the row: nothing left to renew. */
        synchronized void done() {
            if (state == State.HELD) {
                state = State.DONE;
            }
        }

        /** The work is over: no more renewals (a row left held, as after a crash, expires on its own). */
        @Override
        public synchronized void close() {
            if (state == State.LOST && thread == Thread.currentThread()) {
                Thread.interrupted(); // the interrupt was for this work, not for the thread's next task
            }
            if (state == State.HELD) {
                state = State.DONE;
            }
            held.remove(this);
            if (working.get() == this) {
                working.remove();
            }
        }
    }

    private static String hostName() {
        String host = System.getenv("HOSTNAME");
        if (host != null && !host.isBlank()) {
            return host;
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "unknown-host";
        }
    }
}
