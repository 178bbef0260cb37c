package io.reelgate.provider;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.reelgate.provider.ModelCatalog.Dimensions;

/**
 * Reads one model's prices from its catalog configuration, in exactly one of the ways video is sold:
 * USD per second, USD per video (flat, whatever the length), or provider credits per second or per
 * video at the catalog's {@code usd-per-credit}. Credits become micro-dollars here, once per unit
 * (second or video): credits × {@code usd-per-credit}, rounded half up to the micro-dollar.
 */
final class CatalogPrices {

    /**
     * One model's prices by size, in micro-dollars per second or per video (the other maps empty),
     * and the credits per the same unit where the model is priced in credits (empty otherwise).
     */
    record Prices(Map<String, Long> perSecond, Map<String, Long> perSecondWithAudio, Map<String, Long> perVideo,
            Map<String, Long> perVideoWithAudio, Map<String, Integer> credits, Map<String, Integer> creditsWithAudio) {
    }

    private static final String PER_SECOND = "usd-per-second";
    private static final String PER_VIDEO = "usd-per-video";
    private static final String CREDITS_PER_SECOND = "credits-per-second";
    private static final String CREDITS_PER_VIDEO = "credits-per-video";

    private CatalogPrices() {
    }

    /**
     * The prices of model {@code model} ({@code key} is its configuration prefix) for every size in
     * {@code dims}, refusing a model priced more than one way, a size without a price, a dollar price
     * finer than a micro-dollar, negative prices, and credits without the catalog's {@code usd-per-credit}.
     */
    static Prices of(String catalog, String model, String key, CatalogsConfig.Model m, List<Dimensions> dims,
            BigDecimal usdPerCredit) {
        List<String> ways = new ArrayList<>();
        if (!m.usdPerSecond().isEmpty() || !m.usdPerSecondWithAudio().isEmpty()) {
            ways.add(PER_SECOND);
        }
        if (!m.usdPerVideo().isEmpty() || !m.usdPerVideoWithAudio().isEmpty()) {
            ways.add(PER_VIDEO);
        }
        if (!m.creditsPerSecond().isEmpty() || !m.creditsPerSecondWithAudio().isEmpty()) {
            ways.add(CREDITS_PER_SECOND);
        }
        if (!m.creditsPerVideo().isEmpty() || !m.creditsPerVideoWithAudio().isEmpty()) {
            ways.add(CREDITS_PER_VIDEO);
        }
        if (ways.size() > 1) {
            throw new IllegalStateException("Catalog " + catalog + ": model " + model + " is priced both by " + key + "."
                    + ways.get(0) + " and by " + key + "." + ways.get(1) + "; a model has one kind of price: per second "
                    + "(usd-per-second), per video (usd-per-video) or in credits (credits-per-second or credits-per-video)");
        }
        String way = ways.isEmpty() ? PER_SECOND : ways.get(0);
        boolean optional = m.audio() == CatalogsConfig.Audio.OPTIONAL;
        return switch (way) {
            case PER_SECOND -> new Prices(usd(catalog, model, key + "." + PER_SECOND, dims, m.usdPerSecond(), true),
                    optional ? usd(catalog, model, key + "." + PER_SECOND + "-with-audio", dims, m.usdPerSecondWithAudio(),
                            false) : Map.of(), Map.of(), Map.of(), Map.of(), Map.of());
            case PER_VIDEO -> new Prices(Map.of(), Map.of(), usd(catalog, model, key + "." + PER_VIDEO, dims, m.usdPerVideo(),
                    true), optional ? usd(catalog, model, key + "." + PER_VIDEO + "-with-audio", dims, m.usdPerVideoWithAudio(),
                            false) : Map.of(), Map.of(), Map.of());
            default -> credits(catalog, model, key, way, dims, m, optional, usdPerCredit);
        };
    }

    private static Prices credits(String catalog, String model, String key, String way, List<Dimensions> dims,
            CatalogsConfig.Model m, boolean optional, BigDecimal usdPerCredit) {
        if (usdPerCredit == null) {
            throw new IllegalStateException("Catalog " + catalog + ": model " + model + " is priced in credits (" + key + "."
                    + way + ") but reelgate.catalogs." + catalog + ".usd-per-credit, what one credit costs, is not set");
        }
        if (usdPerCredit.signum() <= 0) {
            throw new IllegalStateException("Catalog " + catalog + ": usd-per-credit " + usdPerCredit.toPlainString()
                    + " must be a positive amount");
        }
        boolean perSecond = way.equals(CREDITS_PER_SECOND);
        Map<String, Integer> credits = credits(catalog, model, key + "." + way, dims,
                perSecond ? m.creditsPerSecond() : m.creditsPerVideo(), true);
        Map<String, Integer> withAudio = optional ? credits(catalog, model, key + "." + way + "-with-audio", dims,
                perSecond ? m.creditsPerSecondWithAudio() : m.creditsPerVideoWithAudio(), false) : Map.of();
        Map<String, Long> micros = toMicros(credits, usdPerCredit);
        Map<String, Long> microsWithAudio = toMicros(withAudio, usdPerCredit);
        return perSecond ? new Prices(micros, microsWithAudio, Map.of(), Map.of(), credits, withAudio)
                : new Prices(Map.of(), Map.of(), micros, microsWithAudio, credits, withAudio);
    }

    /** {@code credits} × {@code usdPerCredit} in micro-dollars, rounded half up to the micro-dollar. */
    static long micros(long credits, BigDecimal usdPerCredit) {
        return usdPerCredit.multiply(BigDecimal.valueOf(credits)).movePointRight(6).setScale(0, RoundingMode.HALF_UP)
                .longValueExact();
    }

    private static Map<String, Long> toMicros(Map<String, Integer> credits, BigDecimal usdPerCredit) {
        Map<String, Long> micros = new LinkedHashMap<>();
        credits.forEach((size, n) -> micros.put(size, micros(n, usdPerCredit)));
        return micros;
    }

    private static Map<String, Long> usd(String catalog, String model, String key, List<Dimensions> dims,
            Map<String, BigDecimal> configured, boolean required) {
        Map<String, Long> prices = new LinkedHashMap<>();
        bySize(catalog, model, key, dims, configured, required).forEach((size, usd) -> {
            if (usd.signum() < 0 || usd.scale() > 6) {
                throw new IllegalStateException("Catalog " + catalog + ": price " + usd + " for " + model + " " + size
                        + " must be a non-negative amount with at most 6 decimal places");
            }
            prices.put(size, usd.movePointRight(6).longValueExact());
        });
        return prices;
    }

    private static Map<String, Integer> credits(String catalog, String model, String key, List<Dimensions> dims,
            Map<String, Integer> configured, boolean required) {
        Map<String, Integer> credits = bySize(catalog, model, key, dims, configured, required);
        credits.forEach((size, n) -> {
            if (n < 0) {
                throw new IllegalStateException("Catalog " + catalog + ": " + n + " credits for " + model + " " + size
                        + " must not be negative");
            }
        });
        return credits;
    }

    /** The configured value for every size, looked up by size first and then by resolution. */
    private static <T> Map<String, T> bySize(String catalog, String model, String key, List<Dimensions> dims,
            Map<String, T> configured, boolean required) {
        Map<String, T> values = new LinkedHashMap<>();
        for (Dimensions d : dims) {
            T value = configured.get(d.size());
            if (value == null) {
                value = configured.get(d.resolution());
            }
            if (value == null) {
                if (!required) {
                    continue;
                }
                throw new IllegalStateException("Catalog " + catalog + ": model " + model + " offers " + d.size()
                        + " but has no " + key + "." + d.size() + " (or ." + d.resolution() + ")");
            }
            values.put(d.size(), value);
        }
        return values;
    }
}
