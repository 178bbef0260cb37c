package io.reelgate.provider;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Keeps this instance's providers and prices in step with the database: at start, every
 * {@link ProviderConsoleConfig#checkEvery()} when the revision counter moved, and at once after a
 * change made here ({@link #now}). Console rows are opened ({@link SecretBox}), mapped like a
 * configuration file ({@link ConsoleSettings}) and swapped in ({@link Providers#useConsole}); a row
 * that cannot be built is left out with its problem, shown in the console, and never stops the others.
 */
@ApplicationScoped
public class ProviderReload {

    private static final Logger LOG = Logger.getLogger(ProviderReload.class);

    /** Properties that hold secrets: sealed at rest, never shown, logged, audited or exported. */
    public static boolean secret(String key) {
        return key.endsWith(".api-key") || key.endsWith(".webhook-secrets") || key.endsWith(".vertex.credentials-json");
    }

    private final ConsoleProviders store;
    private final Providers providers;
    private final PriceVersions prices;
    private final SecretBox box;
    private final ProviderConsoleConfig config;
    private final Map<String, String> problems = new ConcurrentHashMap<>();
    private volatile long seen = -1;

    ProviderReload(ConsoleProviders store, Providers providers, PriceVersions prices, SecretBox box,
            ProviderConsoleConfig config) {
        this.store = store;
        this.providers = providers;
        this.prices = prices;
        this.box = box;
        this.config = config;
    }

    void onStart(@Observes StartupEvent started) {
        if (config.enabled()) {
            now();
        }
    }

    /** Reloads when another instance changed something; brings due price versions into effect either way. */
    @Scheduled(every = "${reelgate.provider-console.check-every:2S}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void poll() {
        if (!config.enabled()) {
            return;
        }
        if (store.revision() != seen) {
            now();
        }
        prices.current();
    }

    /** Reloads console providers and prices now (after a change made on this instance, and at start). */
    public synchronized void now() {
        long revision = store.revision();
        List<Providers.ConsoleEntry> entries = new ArrayList<>();
        Map<String, String> found = new HashMap<>();
        for (ConsoleProviders.Row row : store.all()) {
            try {
                entries.add(entry(row));
            } catch (RuntimeException e) {
                String problem = e instanceof SetupRefused ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
                found.put(row.name(), problem);
                LOG.errorf("Console provider %s cannot be used: %s", row.name(), problem);
            }
        }
        providers.useConsole(entries);
        problems.clear();
        problems.putAll(found);
        prices.reload();
        seen = revision;
    }

    /** Why a console provider could not be built at the last reload, if it could not. */
    public Optional<String> problem(String name) {
        return Optional.ofNullable(problems.get(name));
    }

    /** The row's settings with its secrets opened, mapped; throws {@link SetupRefused} or {@link IllegalStateException}. */
    public Providers.ConsoleEntry entry(ConsoleProviders.Row row) {
        Map<String, String> all = new TreeMap<>(row.properties());
        row.sealed().forEach((key, sealed) -> all.put(key, box.open(row.name(), sealed)));
        String vertexKey = all.remove("reelgate.providers." + row.name() + ".vertex.credentials-json");
        ConsoleSettings.Mapped mapped = ConsoleSettings.map(row.name(), all);
        ModelCatalog.from(mapped.provider().catalog(), mapped.catalog()); // refuses a catalog a file would be refused for
        return new Providers.ConsoleEntry(row.name(), mapped, Optional.ofNullable(vertexKey), row.enabled(),
                fingerprint(row));
    }

    private static String fingerprint(ConsoleProviders.Row row) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((new TreeMap<>(row.properties()) + "|" + new TreeMap<>(row.sealed()) + "|" + row.enabled())
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
