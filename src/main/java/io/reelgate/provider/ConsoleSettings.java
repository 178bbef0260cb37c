package io.reelgate.provider;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.NoSuchElementException;

import org.eclipse.microprofile.config.ConfigProvider;

import io.quarkus.runtime.configuration.DurationConverter;
import io.reelgate.provider.fal.FalConfig;
import io.reelgate.provider.replicate.ReplicateConfig;
import io.smallrye.config.ConfigValidationException;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * A console provider's settings read exactly as a configuration file would be: its properties (with
 * its secrets opened) in a configuration of their own, over the shipped input mappings of Replicate
 * and fal.ai, mapped with the same interfaces ({@link ProvidersConfig}, {@link CatalogsConfig},
 * {@link ReplicateConfig}, {@link FalConfig}) — so defaults, conversions and checks are the ones a
 * file gets, and an export is the same properties.
 */
public final class ConsoleSettings {

    /** The settings of one provider, mapped. */
    public record Mapped(ProvidersConfig.Provider provider, CatalogsConfig.Catalog catalog, ReplicateConfig replicate,
            FalConfig fal) {
    }

    private ConsoleSettings() {
    }

    /**
     * Maps {@code properties} (full keys, {@code reelgate.providers.<name>.…} and
     * {@code reelgate.catalogs.<name>.…}, per-model input mappings); throws {@link SetupRefused}
     * with the first problem when a value does not convert or the catalog is missing.
     */
    public static Mapped map(String name, Map<String, String> properties) {
        Map<String, String> shipped = new HashMap<>();
        for (String key : ConfigProvider.getConfig().getPropertyNames()) {
            if (key.startsWith("reelgate.replicate.") || key.startsWith("reelgate.fal.")) {
                ConfigProvider.getConfig().getOptionalValue(key, String.class).ifPresent(v -> shipped.put(key, v));
            }
        }
        SmallRyeConfig config;
        try {
            config = new SmallRyeConfigBuilder()
                    .withSources(new PropertiesConfigSource(shipped, "shipped input mappings", 100))
                    .withSources(new PropertiesConfigSource(properties, "console provider " + name, 500))
                    .withConverter(Duration.class, 200, new DurationConverter())
                    .withMapping(ProvidersConfig.class)
                    .withMapping(CatalogsConfig.class)
                    .withMapping(ReplicateConfig.class)
                    .withMapping(FalConfig.class)
                    .withValidateUnknown(false)
                    .build();
        } catch (ConfigValidationException e) {
            throw new SetupRefused(firstProblem(e));
        } catch (IllegalArgumentException | NoSuchElementException e) {
            throw new SetupRefused(e.getMessage());
        }
        ProvidersConfig.Provider provider = config.getConfigMapping(ProvidersConfig.class).providers().get(name);
        if (provider == null) {
            throw new SetupRefused("No reelgate.providers." + name + ".* settings");
        }
        CatalogsConfig.Catalog catalog = config.getConfigMapping(CatalogsConfig.class).catalogs().get(provider.catalog());
        if (catalog == null || catalog.models().isEmpty()) {
            throw new SetupRefused("Provider " + name + " has no models: enable at least one model of its preset or add one");
        }
        return new Mapped(provider, catalog, config.getConfigMapping(ReplicateConfig.class),
                config.getConfigMapping(FalConfig.class));
    }

    private static String firstProblem(ConfigValidationException e) {
        return e.getProblemCount() > 0 ? e.getProblem(0).getMessage() : e.getMessage();
    }
}
