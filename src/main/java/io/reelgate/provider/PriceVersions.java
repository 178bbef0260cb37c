package io.reelgate.provider;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;

import io.reelgate.web.SqlRow;

/**
 * Prices as dated versions (table {@code price_version}): an operator sets a model's USD per second
 * at one resolution or size from a chosen instant, for any provider; the history is kept, never
 * rewritten. The newest version in effect now is laid over the provider's catalog
 * ({@link Providers#usePrices}), so estimates and admissions price with it, and an admission names
 * it ({@link #inEffect}) on its reservation and RESERVE entry. A version set for a later instant
 * takes over at that instant on every instance: each quote first checks whether the next change is
 * due ({@link #current}).
 */
@ApplicationScoped
public class PriceVersions {

    /** One dated price; {@code withAudio} null where the model has no separate price with sound. */
    public record Version(long id, String provider, String model, String priceKey, long microsPerSecond, Long withAudio,
            Instant effectiveFrom, String note, String createdBy, Instant createdAt) {

        public String usdPerSecond() {
            return BigDecimal.valueOf(microsPerSecond, 6).stripTrailingZeros().toPlainString();
        }

        public String usdPerSecondWithAudio() {
            return withAudio == null ? null : BigDecimal.valueOf(withAudio, 6).stripTrailingZeros().toPlainString();
        }
    }

    /** How long teams see "price changed on …" on the model's menu entry. */
    public static final Duration SHOWN_FOR = Duration.ofDays(7);

    private final EntityManager em;
    private final InstantSource clock;
    private final Providers providers;
    private volatile List<Version> all = List.of();
    private volatile Instant nextChange;

    PriceVersions(EntityManager em, InstantSource clock, Providers providers) {
        this.em = em;
        this.clock = clock;
        this.providers = providers;
    }

    /** Reads every version and lays those in effect now over the catalogs ({@link ProviderReload} calls it). */
    public synchronized void reload() {
        this.all = read();
        apply();
    }

    /** Re-applies the prices when a version set for a later instant has come into effect since. */
    public void current() {
        Instant due = nextChange;
        if (due != null && !clock.instant().isBefore(due)) {
            synchronized (this) {
                apply();
            }
        }
    }

    private void apply() {
        Instant now = clock.instant();
        this.nextChange = all.stream().map(Version::effectiveFrom).filter(at -> at.isAfter(now)).min(Comparator.naturalOrder())
                .orElse(null);
        List<Version> effective = all.stream().filter(v -> !v.effectiveFrom().isAfter(now)).toList();
        providers.usePrices(effective.isEmpty() ? Providers.PriceOverlay.NONE : (provider, catalog) -> overlay(provider,
                catalog, effective));
    }

    /** The version pricing {@code size} of {@code model} at {@code at}, if an operator set one. */
    public Optional<Version> inEffect(String provider, String model, String size, Instant at) {
        String resolution = providers.tracking(provider).flatMap(p -> p.catalog().model(model))
                .flatMap(m -> m.dimensions(size)).map(ModelCatalog.Dimensions::resolution).orElse(null);
        return all.stream().filter(v -> v.provider().equals(provider) && v.model().equals(model)
                && (v.priceKey().equals(size) || v.priceKey().equals(resolution)) && !v.effectiveFrom().isAfter(at))
                .max(Comparator.comparing(Version::effectiveFrom).thenComparing(Version::id));
    }

    /** When a version of {@code model} last took effect within {@link #SHOWN_FOR} before now, if one did. */
    public Optional<Instant> changedRecently(String provider, String model) {
        Instant now = clock.instant();
        return all.stream().filter(v -> v.provider().equals(provider) && v.model().equals(model))
                .map(Version::effectiveFrom).filter(at -> !at.isAfter(now) && at.isAfter(now.minus(SHOWN_FOR)))
                .max(Comparator.naturalOrder());
    }

    /** Every version of the provider's models, newest first. */
    public List<Version> history(String provider) {
        return all.stream().filter(v -> v.provider().equals(provider))
                .sorted(Comparator.comparing(Version::effectiveFrom).thenComparing(Version::id).reversed()).toList();
    }

    /**
     * Adds a version in the caller's transaction (which audits it and bumps the revision); refuses a
     * model the provider does not sell, a key that is none of its resolutions or sizes, a model priced
     * per video, and a negative or sub-micro-dollar price.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public long add(String provider, String model, String priceKey, String usdPerSecond, String usdWithAudio,
            Instant effectiveFrom, String note, long actorId) {
        ModelCatalog catalog = providers.find(provider).map(VideoProvider::catalog)
                .orElseThrow(() -> new SetupRefused("No enabled provider " + provider));
        ModelCatalog.Model m = catalog.model(model)
                .orElseThrow(() -> new SetupRefused(provider + " does not sell a model " + model));
        if (m.perVideo()) {
            throw new SetupRefused(m.label() + " is priced per video; change its price in its catalog");
        }
        if (m.dimensions().stream().noneMatch(d -> d.size().equals(priceKey) || d.resolution().equals(priceKey))) {
            throw new SetupRefused(m.label() + " has no resolution or size " + priceKey + "; it offers "
                    + ModelCatalog.or(m.dimensions().stream().map(ModelCatalog.Dimensions::resolution).distinct().toList()));
        }
        long micros = micros(usdPerSecond, "The price per second");
        Long audio = usdWithAudio == null || usdWithAudio.isBlank() ? null : micros(usdWithAudio, "The price with sound");
        return ((Number) em.createNativeQuery("""
                insert into price_version (provider, model, price_key, micros_per_second, micros_per_second_with_audio,
                                           effective_from, note, created_by, created_at)
                values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) returning id
                """).setParameter(1, provider).setParameter(2, model).setParameter(3, priceKey).setParameter(4, micros)
                .setParameter(5, audio).setParameter(6, effectiveFrom).setParameter(7, note).setParameter(8, actorId)
                .setParameter(9, clock.instant()).getSingleResult()).longValue();
    }

    /** A USD amount as micro-dollars: refuses what is not a non-negative number with at most six decimals. */
    public static long micros(String usd, String what) {
        BigDecimal amount;
        try {
            amount = new BigDecimal(usd.strip());
        } catch (NumberFormatException | NullPointerException e) {
            throw new SetupRefused(what + " must be an amount in USD, like 0.40");
        }
        if (amount.signum() < 0) {
            throw new SetupRefused(what + " must not be negative");
        }
        if (amount.stripTrailingZeros().scale() > 6) {
            throw new SetupRefused(what + " has more than six decimal places (a micro-dollar is the smallest unit)");
        }
        return amount.movePointRight(6).longValueExact();
    }

    private static ModelCatalog overlay(String provider, ModelCatalog catalog, List<Version> effective) {
        List<ModelCatalog.Model> models = new ArrayList<>();
        boolean changed = false;
        for (ModelCatalog.Model m : catalog.models()) {
            List<Version> mine = effective.stream().filter(v -> v.provider().equals(provider) && v.model().equals(m.name()))
                    .toList();
            if (mine.isEmpty() || m.perVideo()) {
                models.add(m);
                continue;
            }
            Map<String, Long> perSecond = new LinkedHashMap<>(m.microsPerSecond());
            Map<String, Long> withAudio = new LinkedHashMap<>(m.microsPerSecondWithAudio());
            for (ModelCatalog.Dimensions d : m.dimensions()) {
                mine.stream().filter(v -> v.priceKey().equals(d.size()) || v.priceKey().equals(d.resolution()))
                        .max(Comparator.comparing(Version::effectiveFrom).thenComparing(Version::id)).ifPresent(v -> {
                            perSecond.put(d.size(), v.microsPerSecond());
                            if (v.withAudio() != null) {
                                withAudio.put(d.size(), v.withAudio());
                            }
                        });
            }
            // a dollar price replaces the model's credits: what it costs is now set in USD
            models.add(new ModelCatalog.Model(m.name(), m.label(), m.dimensions(), m.seconds(), perSecond, withAudio,
                    m.audio(), m.finalModel(), Map.of(), Map.of(), Map.of(), Map.of()));
            changed = true;
        }
        return changed ? catalog.withModels(models) : catalog;
    }

    private List<Version> read() {
        return SqlRow.list(em.createNativeQuery("""
                select p.id, p.provider, p.model, p.price_key, p.micros_per_second, p.micros_per_second_with_audio,
                       p.effective_from, p.note, coalesce(u.display_name, 'an operator') as actor, p.created_at
                from price_version p left join app_user u on u.id = p.created_by order by p.id
                """, Tuple.class)).stream().map(r -> new Version(r.longValue("id"), r.string("provider"), r.string("model"),
                r.string("price_key"), r.longValue("micros_per_second"),
                r.isNull("micros_per_second_with_audio") ? null : r.longValue("micros_per_second_with_audio"),
                r.instant("effective_from"), r.string("note"), r.string("actor"), r.instant("created_at"))).toList();
    }
}
