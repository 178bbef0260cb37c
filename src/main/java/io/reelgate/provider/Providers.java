package io.reelgate.provider;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.reelgate.provider.openai.OpenAiVideoProvider;
import io.reelgate.web.LocalServer;

/**
 * The enabled providers, built from {@link ProvidersConfig}, each with its catalog and
 * capabilities, and whether its webhooks reach this Reelgate (declared, and a secret configured).
 */
@ApplicationScoped
public class Providers {

    private final Map<String, VideoProvider> byName = new TreeMap<>();
    private final Map<String, String> labels = new TreeMap<>();
    private final Map<String, Boolean> webhooks = new TreeMap<>();
    private final String defaultName;

    Providers(ProvidersConfig providers, CatalogsConfig catalogs, ProviderConfig selection, LocalServer local,
            ObjectMapper json, ProviderMetrics metrics) {
        providers.providers().forEach((name, settings) -> {
            if (!settings.enabled()) {
                return;
            }
            CatalogsConfig.Catalog catalog = catalogs.catalogs().get(settings.catalog());
            if (catalog == null) {
                throw new IllegalStateException("Provider " + name + " names catalog '" + settings.catalog()
                        + "', which is not configured under reelgate.catalogs");
            }
            Supplier<String> baseUrl = switch (settings.type()) {
                case SIMULATOR -> () -> settings.baseUrl().orElseGet(() -> local.url() + "/sim/v1");
                case OPENAI -> {
                    String url = settings.baseUrl().orElseThrow(() -> new IllegalStateException(
                            "reelgate.providers." + name + ".base-url is required"));
                    String trimmed = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
                    yield () -> trimmed;
                }
            };
            byName.put(name, new OpenAiVideoProvider(name, settings, ModelCatalog.from(settings.catalog(), catalog),
                    baseUrl, json, Backoff.Sleeper.REAL, new Random(), metrics));
            labels.put(name, settings.label().orElse(name));
            boolean secrets = settings.webhookSecrets().orElse(List.of()).stream().anyMatch(x -> !x.isBlank());
            webhooks.put(name, secrets && byName.get(name).capabilities().webhooksSupported());
        });
        this.defaultName = selection.defaultName();
        if (!byName.containsKey(defaultName)) {
            throw new IllegalStateException("reelgate.provider.default-name=" + defaultName
                    + " is not an enabled provider; enabled: " + byName.keySet());
        }
    }

    public VideoProvider get(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("No enabled provider " + name));
    }

    public Optional<VideoProvider> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public VideoProvider defaultProvider() {
        return byName.get(defaultName);
    }

    public String defaultName() {
        return defaultName;
    }

    public List<VideoProvider> all() {
        return List.copyOf(byName.values());
    }

    public String label(String name) {
        return labels.getOrDefault(name, name);
    }

    /**
     * Whether this provider's completion webhooks reach Reelgate: it sends them and a signing
     * secret is configured. Otherwise its jobs are tracked by polling from the start.
     */
    public boolean webhooks(String name) {
        return webhooks.getOrDefault(name, false);
    }

    /** The provider's capabilities; a provider no longer enabled can do nothing. */
    public Optional<Capabilities> capabilities(String name) {
        return find(name).map(VideoProvider::capabilities);
    }
}
