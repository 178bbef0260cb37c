package io.reelgate.provider;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.Config;

/**
 * The catalogs shipped with Reelgate (application.properties, from REFERENCE.md's models, lengths,
 * sizes and dated list prices), offered per provider type in the console: an operator enables
 * models one by one and each enabled model's properties are copied into the provider's own catalog
 * ({@code reelgate.catalogs.<provider>.…}), where they can be edited.
 */
@ApplicationScoped
public class CatalogPresets {

    /** One type's preset: the shipped catalog's name, its dated models, and its properties by model. */
    public record Preset(ProvidersConfig.Type type, String catalog, ModelCatalog models, Map<String, String> catalogProperties,
            Map<String, Map<String, String>> modelProperties) {
    }

    private static final Map<ProvidersConfig.Type, String> CATALOG = Map.of(ProvidersConfig.Type.OPENAI, "sora",
            ProvidersConfig.Type.SIMULATOR, "sora", ProvidersConfig.Type.GEMINI, "veo", ProvidersConfig.Type.VERTEX, "vertex",
            ProvidersConfig.Type.REPLICATE, "replicate", ProvidersConfig.Type.FAL, "fal", ProvidersConfig.Type.OPENROUTER,
            "openrouter", ProvidersConfig.Type.RUNWAY, "runway", ProvidersConfig.Type.XAI, "xai");

    private final Config config;
    private final CatalogsConfig catalogs;

    CatalogPresets(Config config, CatalogsConfig catalogs) {
        this.config = config;
        this.catalogs = catalogs;
    }

    /** The preset of {@code type}; empty where this build ships no models for it (the Gemini API in production). */
    public Optional<Preset> of(ProvidersConfig.Type type) {
        String name = CATALOG.get(type);
        CatalogsConfig.Catalog catalog = name == null ? null : catalogs.catalogs().get(name);
        if (catalog == null || catalog.models().isEmpty()) {
            return Optional.empty();
        }
        String prefix = "reelgate.catalogs." + name + ".";
        Map<String, String> top = new TreeMap<>();
        Map<String, Map<String, String>> byModel = new TreeMap<>();
        for (String key : config.getPropertyNames()) {
            if (!key.startsWith(prefix)) {
                continue;
            }
            Optional<String> value = config.getOptionalValue(key, String.class);
            if (value.isEmpty()) {
                continue;
            }
            String rest = key.substring(prefix.length());
            if (rest.startsWith("models.")) {
                String[] idAndKey = modelKey(rest.substring("models.".length()));
                byModel.computeIfAbsent(idAndKey[0], k -> new TreeMap<>()).put(idAndKey[1], value.get());
            } else {
                top.put(rest, value.get());
            }
        }
        return Optional.of(new Preset(type, name, ModelCatalog.from(name, catalog), top, byModel));
    }

    /** The presets of every type that has one, in the enum's order. */
    public List<Preset> all() {
        List<Preset> all = new ArrayList<>();
        for (ProvidersConfig.Type t : ProvidersConfig.Type.values()) {
            of(t).ifPresent(all::add);
        }
        return all;
    }

    /**
     * The properties of provider {@code provider}'s catalog holding {@code models} of the preset
     * (catalog-level keys and each model's keys, under {@code reelgate.catalogs.<provider>.}).
     */
    public static Map<String, String> catalogProperties(String provider, Preset preset, List<String> models) {
        Map<String, String> out = new LinkedHashMap<>();
        String prefix = "reelgate.catalogs." + provider + ".";
        preset.catalogProperties().forEach((k, v) -> out.put(prefix + k, v));
        for (String model : models) {
            Map<String, String> keys = preset.modelProperties().get(model);
            if (keys != null) {
                keys.forEach((k, v) -> out.put(prefix + "models." + quoted(model) + "." + k, v));
            }
        }
        return out;
    }

    /** A model id as a property segment: quoted when it holds a dot or slash. */
    public static String quoted(String model) {
        return model.matches("[A-Za-z0-9_-]+") ? model : "\"" + model + "\"";
    }

    /** Splits {@code "id".rest} or {@code id.rest} into the model id and the rest of the key. */
    public static String[] modelKey(String s) {
        if (s.startsWith("\"")) {
            int end = s.indexOf('"', 1);
            return new String[] {s.substring(1, end), s.substring(Math.min(s.length(), end + 2))};
        }
        int dot = s.indexOf('.');
        return dot < 0 ? new String[] {s, ""} : new String[] {s.substring(0, dot), s.substring(dot + 1)};
    }
}
