package io.reelgate.provider.simulator;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * What every simulator shares: one scheduler, one render pool and clip renderer (its cache is
 * shared too: the same prompt renders once whichever API asked), and one {@link FaultPlan}, so
 * fault switches act on every wire format alike. Threads start on first use, so disabled
 * simulators cost nothing.
 */
@ApplicationScoped
public class SimulatorEngine {

    static final int KEPT_BODIES = 50;

    private final SimulatorConfig config;
    private final FaultPlan faults = new FaultPlan();
    private final Map<String, Deque<Long>> windows = new ConcurrentHashMap<>();
    private final Map<String, Deque<com.fasterxml.jackson.databind.JsonNode>> received = new ConcurrentHashMap<>();
    private volatile Threads threads;

    private record Threads(ScheduledExecutorService scheduler, ExecutorService renderPool, ClipRenderer renderer) {
    }

    SimulatorEngine(SimulatorConfig config) {
        this.config = config;
    }

    public FaultPlan faults() {
        return faults;
    }

    ScheduledExecutorService scheduler() {
        return threads().scheduler();
    }

    ExecutorService renderPool() {
        return threads().renderPool();
    }

    ClipRenderer renderer() {
        return threads().renderer();
    }

    private Threads threads() {
        Threads t = threads;
        if (t == null) {
            synchronized (this) {
                t = threads;
                if (t == null) {
                    ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, daemon("sim-scheduler"));
                    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, config.render().threads()),
                            daemon("sim-render"));
                    Path cache = Path.of(config.render().cacheDir().orElse("target/embedded/sim-cache"));
                    threads = t = new Threads(scheduler, pool,
                            new ClipRenderer(cache, config.render().maxDimension(), config.render().fps()));
                }
            }
        }
        return t;
    }

    @PreDestroy
    void stop() {
        Threads t = threads;
        if (t != null) {
            t.scheduler().shutdownNow();
            t.renderPool().shutdownNow();
        }
    }

    /**
     * Counts a generation request of {@code key} against the per-key limit of every simulated API
     * (a sliding minute) and the 429 fault: empty when it may go ahead, else how many
     * milliseconds until it would be allowed.
     */
    OptionalLong admit(String key) {
        return admit(key, null);
    }

    /** The same for the named simulated API, so a 429 fault can hit one of them ({@link FaultPlan#only}). */
    OptionalLong admit(String key, String simulator) {
        if (faults.takeRateLimit(simulator)) {
            return OptionalLong.of(Math.max(1, faults.retryAfterMs));
        }
        Deque<Long> window = windows.computeIfAbsent(key, k -> new ArrayDeque<>());
        long now = System.currentTimeMillis();
        synchronized (window) {
            while (!window.isEmpty() && window.peekFirst() <= now - 60_000) {
                window.pollFirst();
            }
            if (window.size() >= config.requestsPerMinute()) {
                return OptionalLong.of(Math.max(1, window.peekFirst() + 60_000 - now));
            }
            window.addLast(now);
        }
        return OptionalLong.empty();
    }

    /** Keeps a create (or extension) body as simulated API {@code api} received it: the last {@value #KEPT_BODIES}. */
    void receive(String api, com.fasterxml.jackson.databind.JsonNode body) {
        Deque<com.fasterxml.jackson.databind.JsonNode> bodies = received.computeIfAbsent(api, k -> new ArrayDeque<>());
        synchronized (bodies) {
            bodies.addLast(body == null ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : body.deepCopy());
            while (bodies.size() > KEPT_BODIES) {
                bodies.pollFirst();
            }
        }
    }

    /**
     * The create and extension bodies simulated API {@code api} ({@code gemini}, {@code vertex},
     * {@code replicate}, {@code fal}, {@code runway}, {@code xai}, {@code openrouter}) received,
     * oldest first: what tests assert the adapters' wire shapes on.
     */
    public List<com.fasterxml.jackson.databind.JsonNode> received(String api) {
        Deque<com.fasterxml.jackson.databind.JsonNode> bodies = received.getOrDefault(api, new ArrayDeque<>());
        synchronized (bodies) {
            return List.copyOf(bodies);
        }
    }

    /** The catalog a simulated API accepts and bills from, or an empty one when it is not configured. */
    static io.reelgate.provider.ModelCatalog catalog(io.reelgate.provider.CatalogsConfig catalogs, String name) {
        io.reelgate.provider.CatalogsConfig.Catalog source = catalogs.catalogs().get(name);
        return source == null ? new io.reelgate.provider.ModelCatalog(name, List.of())
                : io.reelgate.provider.ModelCatalog.from(name, source);
    }

    /** Whether the prompt mentions one of the trigger phrases (case-insensitive). */
    static boolean mentions(String prompt, List<String> phrases) {
        String lower = prompt.toLowerCase(Locale.ROOT);
        return phrases.stream().anyMatch(w -> !w.isBlank() && lower.contains(w.toLowerCase(Locale.ROOT)));
    }

    static ThreadFactory daemon(String name) {
        AtomicLong n = new AtomicLong();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
