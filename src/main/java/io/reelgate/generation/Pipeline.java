package io.reelgate.generation;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.reelgate.lease.Leases;
import io.reelgate.provider.Providers;
import io.reelgate.provider.ProvidersConfig;
import io.reelgate.provider.VideoProvider;

/**
 * The pipeline's engine in each instance: on every tick (and whenever something wakes it) it
 * claims due work from the {@link JobQueue} — fairly dispatched new jobs within each provider's
 * upstream limit, and jobs whose next step is due — and hands each claimed job to a
 * {@link JobWorker} thread. A job that is already being worked on elsewhere is never claimed:
 * claims skip locked rows and respect leases. The worker holds its job's lease with {@link Leases}
 * (renewed while it works, released when the instance stops); a crashed instance's leases expire
 * and another instance (or this one after its restart) carries on.
 *
 * <p>The pipeline's threads are its own, not {@code ManagedExecutor}'s, for one reason: they work
 * on one job for as long as it takes. A worker is sized to the pipeline's concurrency ({@code busy}
 * against {@code reelgate.generation.workers}) and is interrupted by the lease keeper when its lease
 * is lost; what it starts for its job ({@link ReadAhead}'s reader, {@link StallGuard}'s watcher)
 * blocks or waits for a whole download. On the shared pool that serves requests they would take
 * its threads for minutes, and an interrupt meant for a job could meet another task. The ticker
 * stops with this bean, so no claim starts after the instance stops.
 */
@ApplicationScoped
public class Pipeline {

    private static final Logger LOG = Logger.getLogger(Pipeline.class);

    private final GenerationConfig config;
    private final Leases leases;
    private final DataSource dataSource;
    private final Providers providers;
    private final Instance<JobWorker> worker;
    private final ExecutorService workers;
    private final ExecutorService ticker = Executors.newSingleThreadExecutor(r -> daemon(r, "pipeline-tick"));
    private final AtomicInteger busy = new AtomicInteger();
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    private final InstantSource clock;

    Pipeline(GenerationConfig config, DataSource dataSource, Providers providers, Instance<JobWorker> worker, InstantSource clock, Leases leases) {
        this.clock = clock;
        this.leases = leases;
        this.config = config;
        this.dataSource = dataSource;
        this.providers = providers;
        this.worker = worker;
        AtomicInteger n = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(config.workers(), config.workers(), 1, TimeUnit.MINUTES,
                new LinkedBlockingQueue<>(), r -> daemon(r, "pipeline-worker-" + n.incrementAndGet()));
    }

    @Scheduled(every = "${reelgate.generation.tick:1S}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledTick() {
        if (config.workersEnabled()) {
            tick();
        }
    }

    /** Looks for work soon, without waiting for the next tick (after a submission or a webhook). */
    public void wake() {
        if (config.workersEnabled() && !ticker.isShutdown() && wakeQueued.compareAndSet(false, true)) {
            try {
                ticker.execute(() -> {
                    wakeQueued.set(false);
                    tick();
                });
            } catch (RejectedExecutionException e) {
                wakeQueued.set(false); // shutting down; the lease sweep recovers anything left claimed
            }
        }
    }

    /** Claims what this instance has room for and starts working on it; returns how many jobs it claimed. */
    public synchronized int tick() {
        int room = config.workers() - busy.get();
        if (room <= 0 || leases.closing()) {
            return 0;
        }
        List<Long> claimed;
        try {
            claimed = claim(room);
        } catch (RuntimeException e) {
            LOG.warnf(e, "Could not claim pipeline work");
            return 0;
        }
        for (long id : claimed) {
            busy.incrementAndGet();
            try {
                workers.execute(() -> {
                    try (Leases.Held held = leases.work(JobQueue.LEASED, id)) {
                        worker.get().process(id, held);
                    } finally {
                        busy.decrementAndGet();
                        wake();
                    }
                });
            } catch (RejectedExecutionException e) {
                busy.decrementAndGet(); // shutting down; the claim lapses and another instance (or restart) resumes it
            }
        }
        return claimed.size();
    }

    private List<Long> claim(int room) {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                JobQueue queue = new JobQueue(c);
                Instant now = Instant.now();
                List<Long> ids = new ArrayList<>(queue.claimDue(leases.owner(), now, leases.duration(), room));
                // the off-peak window is a business rule (app clock); leases on the database's
                boolean offPeak = offPeak(clock.instant());
                for (VideoProvider p : providers.all()) {
                    int left = room - ids.size();
                    if (left <= 0) {
                        break;
                    }
                    int perMinute = providers.settings(p.name()).map(ProvidersConfig.Provider::upstreamRequestsPerMinute)
                            .orElse(50);
                    ids.addAll(queue.claimDispatch(p.name(), perMinute, leases.owner(), now, leases.duration(), offPeak,
                            left));
                }
                return ids;
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Whether {@code now} is in the off-peak window in which batch jobs are dispatched. */
    boolean offPeak(Instant now) {
        GenerationConfig.OffPeak window = config.offPeak();
        LocalTime t = now.atZone(ZoneId.of(window.zone())).toLocalTime();
        return window.start().isBefore(window.end())
                ? !t.isBefore(window.start()) && t.isBefore(window.end())
                : !t.isBefore(window.start()) || t.isBefore(window.end());
    }

    /** Jobs being worked on by this instance now. */
    public int busy() {
        return busy.get();
    }

    @PreDestroy
    void stop() {
        ticker.shutdownNow();
        workers.shutdownNow();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
