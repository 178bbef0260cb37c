package io.reelgate.provider;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.reelgate.web.SqlRow;

/**
 * Catalogs an operator applied from a provider's own models endpoint, stored in
 * {@code catalog_update} and used by every instance instead of the configured catalog: read at
 * start, every {@link CatalogUpdatesConfig#checkEvery()} and at once where applied or reverted.
 * Applying never reprices admitted work: a reservation keeps the price per second it was admitted at.
 */
@ApplicationScoped
public class CatalogUpdates {

    /**
     * One model as applied: what it renders (resolutions × aspect ratios, seconds, audio) and its
     * exact USD per second by resolution.
     */
    public record StoredModel(String id, String label, List<String> resolutions, List<String> aspectRatios,
            List<Integer> seconds, CatalogsConfig.Audio audio, String finalModel, Map<String, String> usdPerSecond) {
    }

    /** The catalog in use for a provider, where an operator applied one. */
    public record Applied(String provider, List<StoredModel> models, Instant fetchedAt, String appliedBy,
            Instant appliedAt) {
    }

    private final EntityManager em;
    private final Providers providers;
    private final ObjectMapper json;
    private final CatalogUpdatesConfig config;
    /** What this instance uses per provider: the applied_at of the row it switched to. */
    private final Map<String, Instant> inUse = new HashMap<>();

    CatalogUpdates(EntityManager em, Providers providers, ObjectMapper json, CatalogUpdatesConfig config) {
        this.em = em;
        this.providers = providers;
        this.json = json;
        this.config = config;
    }

    public CatalogUpdatesConfig config() {
        return config;
    }

    /** Builds the catalog a provider uses from the applied models (resolutions the app cannot size are left out). */
    public static ModelCatalog catalogOf(String name, List<StoredModel> models, Instant fetchedAt, String note) {
        List<ModelCatalog.Model> built = new ArrayList<>();
        for (StoredModel m : models) {
            List<ModelCatalog.Dimensions> dims = new ArrayList<>();
            Map<String, Long> prices = new LinkedHashMap<>();
            for (String resolution : m.resolutions()) {
                String usd = m.usdPerSecond().get(resolution);
                for (String ratio : m.aspectRatios()) {
                    Optional<String> size = sizeOf(resolution, ratio);
                    if (usd != null && size.isPresent() && !prices.containsKey(size.get())) {
                        dims.add(new ModelCatalog.Dimensions(size.get(), resolution, ratio));
                        prices.put(size.get(), new BigDecimal(usd).movePointRight(6).longValueExact());
                    }
                }
            }
            if (!dims.isEmpty() && !m.seconds().isEmpty()) {
                built.add(new ModelCatalog.Model(m.id(), m.label(), List.copyOf(dims), m.seconds().stream().sorted().toList(),
                        prices, Map.of(), m.audio(), null));
            }
        }
        List<String> names = built.stream().map(ModelCatalog.Model::name).toList();
        List<ModelCatalog.Model> withFinals = built.stream().map(b -> models.stream()
                .filter(s -> s.id().equals(b.name()) && s.finalModel() != null && names.contains(s.finalModel()))
                .findFirst().map(s -> new ModelCatalog.Model(b.name(), b.label(), b.dimensions(), b.seconds(),
                        b.microsPerSecond(), b.microsPerSecondWithAudio(), b.audio(), s.finalModel()))
                .orElse(b)).toList();
        return new ModelCatalog(name, withFinals, Map.of(), fetchedAt.toString().substring(0, 10), note);
    }

    /** The {@code WIDTHxHEIGHT} of a resolution and aspect ratio, empty where the app cannot size it. */
    public static Optional<String> sizeOf(String resolution, String aspectRatio) {
        try {
            return Optional.of(ModelCatalog.sizeOf(resolution, aspectRatio));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The applied catalog of a provider, if any. */
    @Transactional
    public Optional<Applied> applied(String provider) {
        return rows().stream().filter(a -> a.provider().equals(provider)).findFirst();
    }

    /** Stores {@code models} as the provider's catalog, in the caller's transaction (which audits it). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void apply(String provider, List<StoredModel> models, Instant fetchedAt, long actorId) {
        em.createNativeQuery("""
                insert into catalog_update (provider, models, fetched_at, applied_by, applied_at)
                values (?1, ?2, ?3, ?4, now())
                on conflict (provider) do update set models = excluded.models, fetched_at = excluded.fetched_at,
                    applied_by = excluded.applied_by, applied_at = excluded.applied_at
                """).setParameter(1, provider).setParameter(2, write(models)).setParameter(3, fetchedAt)
                .setParameter(4, actorId).executeUpdate();
    }

    /** Removes the provider's applied catalog (back to configuration), in the caller's transaction; false if there was none. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean revert(String provider) {
        return em.createNativeQuery("delete from catalog_update where provider = ?1").setParameter(1, provider)
                .executeUpdate() > 0;
    }

    void onStart(@Observes StartupEvent started) {
        if (config.enabled()) {
            refresh();
        }
    }

    /** Switches each provider to its applied catalog, or back to its configured one, where this instance lags. */
    @Scheduled(every = "${reelgate.catalog-updates.check-every:30S}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public synchronized void refresh() {
        List<Applied> rows = QuarkusTransaction.requiringNew().call(this::rows);
        Map<String, Applied> byProvider = new HashMap<>();
        rows.forEach(a -> byProvider.put(a.provider(), a));
        for (VideoProvider p : providers.all()) {
            Applied a = byProvider.get(p.name());
            Instant version = a == null ? null : a.appliedAt();
            if (java.util.Objects.equals(version, inUse.get(p.name()))) {
                continue;
            }
            providers.useCatalog(p.name(), a == null ? null : catalogOf(p.catalog().name(), a.models(), a.fetchedAt(),
                    "list prices from the provider's models endpoint, applied by " + a.appliedBy()));
            inUse.put(p.name(), version);
        }
    }

    private List<Applied> rows() {
        return SqlRow.list(em.createNativeQuery("""
                select c.provider, c.models, c.fetched_at, coalesce(u.display_name, 'an operator') as actor, c.applied_at
                from catalog_update c left join app_user u on u.id = c.applied_by
                """, Tuple.class)).stream().map(r -> new Applied(r.string("provider"), read(r.string("models")),
                r.instant("fetched_at"), r.string("actor"), r.instant("applied_at"))).toList();
    }

    private String write(List<StoredModel> models) {
        try {
            return json.writeValueAsString(models);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<StoredModel> read(String text) {
        try {
            return json.readValue(text, new TypeReference<List<StoredModel>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("catalog_update holds unreadable models", e);
        }
    }
}
