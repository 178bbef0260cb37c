package io.reelgate.provider;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.reelgate.provider.fal.FalConfig;
import io.reelgate.provider.replicate.ReplicateConfig;

/**
 * The providers teams can use: those of {@link ProvidersConfig} (fixed at start) and those an
 * operator added in the console ({@link ConsoleProviders}, swapped in live by {@link ProviderReload}),
 * each built with the adapter of its wire format ({@link Adapters}), with its catalog (configured,
 * applied from the provider's list, then overlaid with the dated prices in effect) and whether its
 * webhooks reach this Reelgate. A console provider that is disabled or removed stays known to
 * {@link #tracking} so the jobs it already accepted finish; it takes no new work.
 */
@ApplicationScoped
public class Providers {

    /** Where a provider's settings come from. */
    public enum Origin {
        /** application.properties or the environment: read-only in the console. */
        CONFIGURATION,
        /** Added in the operator console and stored in the database. */
        CONSOLE
    }

    /** A console provider's settings, mapped, with a fingerprint of everything they say (secrets included). */
    public record ConsoleEntry(String name, ConsoleSettings.Mapped settings, Optional<String> vertexKey, boolean enabled,
            String fingerprint) {
    }

    private record Entry(VideoProvider provider, String label, boolean webhooks, ProvidersConfig.Type type,
            ModelCatalog configured, Origin origin, String fingerprint, ProvidersConfig.Provider settings) {
    }

    /** A catalog with the dated prices in effect laid over it. */
    public interface PriceOverlay {
        ModelCatalog apply(String provider, ModelCatalog catalog);

        PriceOverlay NONE = (provider, catalog) -> catalog;
    }

    private final Adapters adapters;
    private final Map<String, Entry> fromConfig = new TreeMap<>();
    private volatile Map<String, Entry> enabled;
    private volatile Map<String, Entry> retired = Map.of();
    /** Catalogs an operator applied from a provider's list ({@link CatalogUpdates}), by provider. */
    private final Map<String, ModelCatalog> applied = new ConcurrentHashMap<>();
    private volatile PriceOverlay prices = PriceOverlay.NONE;
    private final String defaultName;

    Providers(ProvidersConfig providers, CatalogsConfig catalogs, ProviderConfig selection, Adapters adapters,
            ReplicateConfig replicate, FalConfig fal) {
        this.adapters = adapters;
        providers.providers().forEach((name, settings) -> {
            if (!settings.enabled()) {
                return;
            }
            CatalogsConfig.Catalog catalog = catalogs.catalogs().get(settings.catalog());
            if (catalog == null) {
                throw new IllegalStateException("Provider " + name + " names catalog '" + settings.catalog()
                        + "', which is not configured under reelgate.catalogs");
            }
            ModelCatalog models = ModelCatalog.from(settings.catalog(), catalog);
            Adapters.Built built = adapters.build(name, settings, models, replicate, fal, Optional.empty());
            fromConfig.put(name, new Entry(built.provider(), settings.label().orElse(name), built.webhooks(), settings.type(),
                    models, Origin.CONFIGURATION, "", settings));
        });
        this.enabled = Map.copyOf(fromConfig);
        this.defaultName = selection.defaultName();
        if (!fromConfig.containsKey(defaultName)) {
            throw new IllegalStateException("reelgate.provider.default-name=" + defaultName
                    + " is not an enabled provider; enabled: " + fromConfig.keySet());
        }
    }

    /**
     * Swaps in the console's providers: unchanged ones keep their adapter (tokens, counters), changed
     * ones get a new one, disabled and removed ones move to {@link #tracking} only.
     */
    synchronized void useConsole(List<ConsoleEntry> console) {
        Map<String, Entry> now = new TreeMap<>(fromConfig);
        Map<String, Entry> before = new TreeMap<>(retired);
        enabled.forEach((name, e) -> {
            if (e.origin() == Origin.CONSOLE) {
                before.put(name, e);
            }
        });
        Map<String, Entry> stopped = new TreeMap<>(before);
        for (ConsoleEntry c : console) {
            if (fromConfig.containsKey(c.name())) {
                continue;
            }
            Entry old = before.get(c.name());
            Entry entry = old != null && old.fingerprint().equals(c.fingerprint()) ? old : build(c);
            if (c.enabled()) {
                now.put(c.name(), entry);
                stopped.remove(c.name());
            } else {
                stopped.put(c.name(), entry);
            }
        }
        this.enabled = Map.copyOf(now);
        this.retired = Map.copyOf(stopped);
        now.keySet().forEach(this::recatalog);
    }

    /** Builds the adapter of {@code c} without using it: refuses what a restart would refuse. */
    public void check(ConsoleEntry c) {
        try {
            build(c);
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new SetupRefused(e.getMessage());
        }
    }

    private Entry build(ConsoleEntry c) {
        ConsoleSettings.Mapped m = c.settings();
        ModelCatalog models = ModelCatalog.from(m.provider().catalog(), m.catalog());
        Adapters.Built built = adapters.build(c.name(), m.provider(), models, m.replicate(), m.fal(), c.vertexKey());
        return new Entry(built.provider(), m.provider().label().orElse(c.name()), built.webhooks(), m.provider().type(),
                models, Origin.CONSOLE, c.fingerprint(), m.provider());
    }

    public VideoProvider get(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("No enabled provider " + name));
    }

    /** An enabled provider: one that takes new work. */
    public Optional<VideoProvider> find(String name) {
        return Optional.ofNullable(enabled.get(name)).map(Entry::provider);
    }

    /**
     * The provider a job that already reached it keeps talking to: an enabled one, or a console
     * provider disabled since, until its jobs have finished.
     */
    public Optional<VideoProvider> tracking(String name) {
        return find(name).or(() -> Optional.ofNullable(retired.get(name)).map(Entry::provider));
    }

    /** Whether {@code name} was disabled in the console (and so takes no new work). */
    public boolean disabled(String name) {
        return !enabled.containsKey(name) && retired.containsKey(name);
    }

    /**
     * The settings of a provider that takes work or still tracks jobs, from the configuration or
     * the console: the one place to read them (never {@code ProvidersConfig} by name, which knows no
     * console provider).
     */
    public Optional<ProvidersConfig.Provider> settings(String name) {
        return Optional.ofNullable(enabled.get(name)).or(() -> Optional.ofNullable(retired.get(name))).map(Entry::settings);
    }

    /** Where the provider's settings come from. */
    public Optional<Origin> origin(String name) {
        return Optional.ofNullable(enabled.get(name)).or(() -> Optional.ofNullable(retired.get(name))).map(Entry::origin);
    }

    public VideoProvider defaultProvider() {
        return enabled.get(defaultName).provider();
    }

    public String defaultName() {
        return defaultName;
    }

    public List<VideoProvider> all() {
        return enabled.values().stream().map(Entry::provider).toList();
    }

    public String label(String name) {
        Entry e = enabled.get(name);
        if (e == null) {
            e = retired.get(name);
        }
        return e == null ? name : e.label();
    }

    /** The wire format the provider speaks. */
    public Optional<ProvidersConfig.Type> type(String name) {
        return Optional.ofNullable(enabled.get(name)).or(() -> Optional.ofNullable(retired.get(name))).map(Entry::type);
    }

    /** The catalog as configured (in the file or the console), whatever an operator applied since. */
    public Optional<ModelCatalog> configuredCatalog(String name) {
        return Optional.ofNullable(enabled.get(name)).map(Entry::configured);
    }

    /** Switches the provider to {@code catalog}, or back to its configured one (null). */
    void useCatalog(String name, ModelCatalog catalog) {
        if (catalog == null) {
            applied.remove(name);
        } else {
            applied.put(name, catalog);
        }
        recatalog(name);
    }

    /** Lays {@code overlay} (the dated prices in effect now) over every provider's catalog. */
    synchronized void usePrices(PriceOverlay overlay) {
        this.prices = overlay;
        enabled.keySet().forEach(this::recatalog);
    }

    private void recatalog(String name) {
        Entry e = enabled.get(name);
        if (e != null && e.provider() instanceof AdapterBase adapter) {
            adapter.use(prices.apply(name, applied.getOrDefault(name, e.configured())));
        }
    }

    /**
     * Whether this provider's completion webhooks reach Reelgate: it sends them and a signing
     * secret is configured (or fetched from its API). Otherwise its jobs are polled from the start.
     */
    public boolean webhooks(String name) {
        Entry e = enabled.get(name);
        if (e == null) {
            e = retired.get(name);
        }
        return e != null && e.webhooks();
    }

    /** The provider's capabilities; a provider no longer enabled can do nothing. */
    public Optional<Capabilities> capabilities(String name) {
        return find(name).map(VideoProvider::capabilities);
    }
}
