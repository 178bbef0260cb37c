package io.reelgate.provider.openrouter;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

import io.reelgate.provider.CatalogUpdates.StoredModel;
import io.reelgate.provider.CatalogsConfig;
import io.reelgate.provider.ModelCatalog;

/**
 * A provider's catalog next to OpenRouter's list ({@code GET /videos/models}): the models only
 * OpenRouter lists, those only the catalog has, and for models in both what changed (old → new).
 * {@code proposed} is the catalog applying would store: every listed model with an exact price per
 * second ({@code duration_seconds_<resolution>}, or {@code duration_seconds} for all, at most six
 * decimals); the others are named in {@code unpriced} and not offered. {@code hash} fingerprints
 * both sides, so an apply can refuse a list (or a catalog) that changed since the operator looked.
 */
public record CatalogComparison(List<Listed> added, List<String> removed, List<Change> changes, List<String> unpriced,
        List<StoredModel> proposed, String hash) {

    /** A model only OpenRouter lists, as it would be offered. */
    public record Listed(String id, List<Integer> seconds, List<String> resolutions, boolean audio, String prices) {
    }

    /** One difference of a model in both: what, the catalog's value and OpenRouter's. */
    public record Change(String model, String what, String from, String to) {
    }

    public boolean same() {
        return added.isEmpty() && removed.isEmpty() && changes.isEmpty();
    }

    public static CatalogComparison of(ModelCatalog catalog, List<OpenRouterVideoModel> listed) {
        List<StoredModel> current = catalog.models().stream().map(CatalogComparison::stored).toList();
        List<StoredModel> proposed = new ArrayList<>();
        List<String> unpriced = new ArrayList<>();
        for (OpenRouterVideoModel m : listed.stream().sorted((a, b) -> a.id().compareTo(b.id())).toList()) {
            Optional<ModelCatalog.Model> old = catalog.model(m.id());
            Map<String, String> prices = new TreeMap<>();
            for (String resolution : m.supportedResolutions()) {
                perSecond(m, resolution).ifPresent(p -> prices.put(resolution, p.toPlainString()));
            }
            if (prices.isEmpty() || m.supportedDurations().isEmpty()) {
                unpriced.add(m.id());
                continue;
            }
            CatalogsConfig.Audio audio = !Boolean.TRUE.equals(m.generateAudio()) ? CatalogsConfig.Audio.NONE
                    : old.map(ModelCatalog.Model::audio).filter(a -> a == CatalogsConfig.Audio.OPTIONAL)
                            .orElse(CatalogsConfig.Audio.ALWAYS);
            List<String> ratios = m.supportedAspectRatios().isEmpty() ? List.of("16:9", "9:16") : m.supportedAspectRatios();
            proposed.add(new StoredModel(m.id(), old.map(ModelCatalog.Model::label).orElse(m.id()),
                    List.copyOf(prices.keySet()), ratios, m.supportedDurations().stream().sorted().toList(), audio,
                    old.map(ModelCatalog.Model::finalModel).orElse(null), prices));
        }
        List<Listed> added = new ArrayList<>();
        List<Change> changes = new ArrayList<>();
        for (StoredModel n : proposed) {
            Optional<StoredModel> o = current.stream().filter(c -> c.id().equals(n.id())).findFirst();
            if (o.isEmpty()) {
                added.add(new Listed(n.id(), n.seconds(), n.resolutions(), n.audio() != CatalogsConfig.Audio.NONE,
                        prices(n.usdPerSecond())));
                continue;
            }
            diff(changes, n.id(), "durations", o.get().seconds(), n.seconds());
            diff(changes, n.id(), "resolutions", o.get().resolutions(), n.resolutions());
            diff(changes, n.id(), "aspect ratios", o.get().aspectRatios(), n.aspectRatios());
            diff(changes, n.id(), "audio", o.get().audio() != CatalogsConfig.Audio.NONE ? "yes" : "no",
                    n.audio() != CatalogsConfig.Audio.NONE ? "yes" : "no");
            diff(changes, n.id(), "price", prices(o.get().usdPerSecond()), prices(n.usdPerSecond()));
        }
        List<String> removed = current.stream().map(StoredModel::id)
                .filter(id -> proposed.stream().noneMatch(n -> n.id().equals(id))).toList();
        String hash = sha256(current + "|" + proposed + "|" + unpriced);
        return new CatalogComparison(added, removed, changes, unpriced, proposed, hash);
    }

    /** A catalog's models as one line each, for the audit trail. */
    public static String text(List<StoredModel> models) {
        StringBuilder out = new StringBuilder();
        for (StoredModel m : models) {
            out.append(out.isEmpty() ? "" : "; ").append(m.id()).append(' ').append(m.seconds()).append(" s ")
                    .append(prices(m.usdPerSecond()));
        }
        return out.toString();
    }

    /** A configured model as it would be stored: its resolutions, ratios and USD per second (with sound, as listed). */
    public static StoredModel stored(ModelCatalog.Model m) {
        Map<String, String> prices = new TreeMap<>();
        List<String> resolutions = new ArrayList<>();
        List<String> ratios = new ArrayList<>();
        for (ModelCatalog.Dimensions d : m.dimensions()) {
            if (!resolutions.contains(d.resolution())) {
                resolutions.add(d.resolution());
            }
            if (!ratios.contains(d.aspectRatio())) {
                ratios.add(d.aspectRatio());
            }
            if (!m.perVideo()) {
                prices.putIfAbsent(d.resolution(), BigDecimal.valueOf(m.microsPerSecond(d.size(), m.hasAudio(true)), 6)
                        .stripTrailingZeros().toPlainString());
            }
        }
        return new StoredModel(m.name(), m.label(), resolutions.stream().sorted().toList(), ratios, m.seconds(),
                m.audio(), m.finalModel(), prices);
    }

    /** The exact USD per second OpenRouter lists for a resolution, if it lists one to the micro-dollar. */
    static Optional<BigDecimal> perSecond(OpenRouterVideoModel m, String resolution) {
        BigDecimal price = m.pricingSkus().get("duration_seconds_" + resolution);
        price = price != null ? price : m.pricingSkus().get("duration_seconds");
        if (price == null || price.signum() < 0 || price.stripTrailingZeros().scale() > 6) {
            return Optional.empty();
        }
        BigDecimal exact = price.stripTrailingZeros();
        return Optional.of(exact.scale() < 0 ? exact.setScale(0) : exact);
    }

    private static String prices(Map<String, String> usdPerSecond) {
        if (usdPerSecond.isEmpty()) {
            return "not per second";
        }
        Map<String, String> shown = new LinkedHashMap<>();
        usdPerSecond.forEach((res, usd) -> shown.put(res, "$" + usd + "/s"));
        return shown.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).reduce((a, b) -> a + ", " + b)
                .orElse("");
    }

    private static void diff(List<Change> changes, String model, String what, Object from, Object to) {
        if (!Objects.equals(String.valueOf(from), String.valueOf(to))) {
            changes.add(new Change(model, what, text(from), text(to)));
        }
    }

    private static String text(Object value) {
        return value instanceof List<?> list ? String.join(", ", list.stream().map(String::valueOf).toList())
                : String.valueOf(value);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
