package io.reelgate.provider;

import java.math.BigDecimal;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What one provider offers: models, their sizes and durations, and the price per second of video
 * by size (in micro-dollars, exact). Validation messages name the offending parameter and what
 * would be accepted instead.
 */
public final class ModelCatalog {

    /** One model. {@code microsPerSecond} maps each size to its price per second of video. */
    public record Model(String name, List<String> sizes, List<Integer> seconds, Map<String, Long> microsPerSecond) {

        public boolean offers(String size) {
            return size != null && sizes.contains(size);
        }

        public long microsPerSecond(String size) {
            Long price = microsPerSecond.get(size);
            if (price == null) {
                throw new IllegalArgumentException(name + " does not offer " + size);
            }
            return price;
        }
    }

    /** Why a combination is not offered: the parameter to change and a sentence for people. */
    public record Problem(String param, String message) {
    }

    private final String name;
    private final Map<String, Model> models;

    public ModelCatalog(String name, List<Model> models) {
        this.name = name;
        this.models = models.stream().sorted(Comparator.comparing(Model::name))
                .collect(Collectors.toMap(Model::name, m -> m, (a, b) -> a, LinkedHashMap::new));
    }

    /** Builds a catalog from configuration, refusing sizes without a price or prices finer than a micro-dollar. */
    public static ModelCatalog from(String name, CatalogsConfig.Catalog config) {
        List<Model> models = config.models().entrySet().stream().map(e -> {
            CatalogsConfig.Model m = e.getValue();
            Map<String, Long> prices = new LinkedHashMap<>();
            for (String size : m.sizes()) {
                BigDecimal usd = m.usdPerSecond().get(size);
                if (usd == null) {
                    throw new IllegalStateException("Catalog " + name + ": model " + e.getKey() + " offers " + size
                            + " but has no reelgate.catalogs." + name + ".models." + e.getKey() + ".usd-per-second." + size);
                }
                if (usd.signum() < 0 || usd.scale() > 6) {
                    throw new IllegalStateException("Catalog " + name + ": price " + usd + " for " + e.getKey() + " " + size
                            + " must be a non-negative amount with at most 6 decimal places");
                }
                prices.put(size, usd.movePointRight(6).longValueExact());
            }
            return new Model(e.getKey(), List.copyOf(m.sizes()), m.seconds().stream().sorted().toList(), prices);
        }).toList();
        return new ModelCatalog(name, models);
    }

    public String name() {
        return name;
    }

    public List<Model> models() {
        return List.copyOf(models.values());
    }

    public Optional<Model> model(String model) {
        return Optional.ofNullable(models.get(model));
    }

    /** Empty when the provider renders this combination; otherwise what to change. */
    public Optional<Problem> check(String model, String size, int seconds) {
        Model m = model == null ? null : models.get(model);
        if (m == null) {
            return Optional.of(new Problem("model", "Unknown model '" + model + "'; choose " + or(models.keySet())));
        }
        if (size == null || size.isBlank()) {
            return Optional.of(new Problem("size", "Choose a size: " + or(m.sizes())));
        }
        if (!m.offers(size)) {
            return Optional.of(new Problem("size", m.name() + " does not offer " + size + "; choose " + or(m.sizes())));
        }
        if (!m.seconds().contains(seconds)) {
            return Optional.of(new Problem("seconds", m.name() + " does not render " + seconds + " s; choose "
                    + or(m.seconds().stream().map(s -> s + " s").toList())));
        }
        return Optional.empty();
    }

    /** "a, b or c". */
    static String or(java.util.Collection<?> values) {
        List<String> list = values.stream().map(String::valueOf).toList();
        if (list.size() <= 1) {
            return String.join("", list);
        }
        return String.join(", ", list.subList(0, list.size() - 1)) + " or " + list.get(list.size() - 1);
    }
}
