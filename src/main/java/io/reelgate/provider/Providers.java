package io.reelgate.provider;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.reelgate.provider.fal.FalConfig;
import io.reelgate.provider.fal.FalVideoProvider;
import io.reelgate.provider.gemini.GeminiVideoProvider;
import io.reelgate.provider.openai.OpenAiVideoProvider;
import io.reelgate.provider.openrouter.OpenRouterVideoProvider;
import io.reelgate.provider.replicate.ReplicateConfig;
import io.reelgate.provider.replicate.ReplicateVideoProvider;
import io.reelgate.provider.runway.RunwayVideoProvider;
import io.reelgate.provider.vertex.VertexCredentials;
import io.reelgate.provider.vertex.VertexVideoProvider;
import io.reelgate.provider.xai.XaiVideoProvider;
import io.reelgate.web.LocalServer;
import io.reelgate.web.WebConfig;

/**
 * The enabled providers, built from {@link ProvidersConfig} with the adapter of their wire format,
 * each with its catalog and capabilities, and whether its webhooks reach this Reelgate.
 */
@ApplicationScoped
public class Providers {

    private final Map<String, VideoProvider> byName = new TreeMap<>();
    private final Map<String, String> labels = new TreeMap<>();
    private final Map<String, Boolean> webhooks = new TreeMap<>();
    private final Map<String, ProvidersConfig.Type> types = new TreeMap<>();
    private final Map<String, ModelCatalog> configured = new TreeMap<>();
    private final String defaultName;

    Providers(ProvidersConfig providers, CatalogsConfig catalogs, ProviderConfig selection, LocalServer local,
            WebConfig web, ReplicateConfig replicate, FalConfig fal, ObjectMapper json, ProviderMetrics metrics) {
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
            boolean simulated = settings.simulated() || settings.type() == ProvidersConfig.Type.SIMULATOR;
            boolean secrets = settings.webhookSecrets().orElse(List.of()).stream().anyMatch(x -> !x.isBlank());
            VideoProvider provider = switch (settings.type()) {
                case OPENAI, SIMULATOR -> new OpenAiVideoProvider(name, settings, models,
                        baseUrl(name, settings, simulated ? () -> local.url() + "/sim/v1" : null), json,
                        Backoff.Sleeper.REAL, new Random(), metrics);
                case REPLICATE -> {
                    // Replicate is told per request where to send its webhook: this Reelgate's public address
                    boolean receives = secrets || settings.webhookSecretFromApi();
                    Supplier<String> hook = !receives ? () -> null
                            : simulated ? () -> local.url() + "/webhooks/" + name
                            : web.baseUrl().isPresent() ? () -> web.baseUrlOrLocal() + "/webhooks/" + name : () -> null;
                    secrets = receives && (simulated || web.baseUrl().isPresent());
                    yield new ReplicateVideoProvider(name, settings, models, baseUrl(name, settings,
                            simulated ? () -> local.url() + "/sim/replicate/v1" : () -> "https://api.replicate.com/v1"),
                            hook, replicate, json, Backoff.Sleeper.REAL, new Random(), metrics);
                }
                case GEMINI -> new GeminiVideoProvider(name, settings, models, baseUrl(name, settings,
                        simulated ? () -> local.url() + "/sim/gemini/v1beta"
                                : () -> "https://generativelanguage.googleapis.com/v1beta"),
                        json, Backoff.Sleeper.REAL, new Random(), metrics);
                case VERTEX -> vertex(name, settings, models, simulated, local, json, metrics);
                case OPENROUTER -> {
                    // callback_url per request, like Replicate's webhook: only where deliveries can be verified
                    Supplier<String> hook = !secrets ? () -> null
                            : simulated ? () -> local.url() + "/webhooks/" + name
                            : web.baseUrl().isPresent() ? () -> web.baseUrlOrLocal() + "/webhooks/" + name : () -> null;
                    secrets = secrets && (simulated || web.baseUrl().isPresent());
                    yield new OpenRouterVideoProvider(name, settings, models, baseUrl(name, settings,
                            simulated ? () -> local.url() + "/sim/openrouter/api/v1" : () -> "https://openrouter.ai/api/v1"),
                            hook, json, Backoff.Sleeper.REAL, new Random(), metrics);
                }
                case RUNWAY -> new RunwayVideoProvider(name, settings, models, baseUrl(name, settings,
                        simulated ? () -> local.url() + "/sim/runway" : () -> "https://api.dev.runwayml.com"), json,
                        Backoff.Sleeper.REAL, new Random(), metrics);
                case XAI -> new XaiVideoProvider(name, settings, models, baseUrl(name, settings,
                        simulated ? () -> local.url() + "/sim/xai/v1" : () -> "https://api.x.ai/v1"), json,
                        Backoff.Sleeper.REAL, new Random(), metrics);
                case FAL -> {
                    // fal is told per request where to send its webhook; its Ed25519 keys are public (a JWKS)
                    secrets = (simulated || web.baseUrl().isPresent()) && settings.capabilities().webhooks()
                            .map(w -> w != Capabilities.WebhookSigning.NONE).orElse(true);
                    yield fal(name, settings, models, simulated, local, web, fal, json, metrics);
                }
            };
            byName.put(name, provider);
            configured.put(name, models);
            types.put(name, settings.type());
            labels.put(name, settings.label().orElse(name));
            webhooks.put(name, secrets && provider.capabilities().webhooksSupported());
        });
        this.defaultName = selection.defaultName();
        if (!byName.containsKey(defaultName)) {
            throw new IllegalStateException("reelgate.provider.default-name=" + defaultName
                    + " is not an enabled provider; enabled: " + byName.keySet());
        }
    }

    /**
     * A Vertex AI provider: the regional endpoint of its location (or its base URL), Cloud Storage,
     * and its credentials; simulated, all three are this app's {@code /sim/vertex}.
     */
    private static VideoProvider vertex(String name, ProvidersConfig.Provider settings, ModelCatalog models,
            boolean simulated, LocalServer local, ObjectMapper json, ProviderMetrics metrics) {
        ProvidersConfig.VertexSettings vertex = settings.vertex();
        Supplier<String> simulator = () -> local.url() + "/sim/vertex";
        Supplier<String> endpoint = baseUrl(name, settings, simulated ? simulator
                : () -> VertexVideoProvider.endpointOf(vertex.location()));
        Optional<String> storageUrl = vertex.storageBaseUrl().filter(u -> !u.isBlank()).map(u -> u.replaceAll("/+$", ""));
        Supplier<String> storage = storageUrl.isPresent() ? storageUrl::get
                : simulated ? simulator : () -> "https://storage.googleapis.com";
        Optional<URI> tokenUri = vertex.tokenUri().filter(u -> !u.isBlank()).map(URI::create);
        VertexCredentials credentials = VertexCredentials.load(name, vertex.credentialsFile().filter(f -> !f.isBlank()),
                () -> tokenUri.or(() -> simulated ? Optional.of(URI.create(simulator.get() + "/token")) : Optional.empty()));
        return new VertexVideoProvider(name, settings, models, endpoint, storage, credentials, json, Backoff.Sleeper.REAL,
                new Random(), metrics);
    }

    /**
     * A fal.ai provider: the queue, REST (storage) and JWKS addresses, and the webhook URL when fal
     * can reach this Reelgate; simulated, all are this app's {@code /sim/fal}.
     */
    private static VideoProvider fal(String name, ProvidersConfig.Provider settings, ModelCatalog models,
            boolean simulated, LocalServer local, WebConfig web, FalConfig fal, ObjectMapper json, ProviderMetrics metrics) {
        Supplier<String> simulator = () -> local.url() + "/sim/fal";
        boolean off = settings.capabilities().webhooks().map(w -> w == Capabilities.WebhookSigning.NONE).orElse(false);
        Supplier<String> hook = off ? () -> null : simulated ? () -> local.url() + "/webhooks/" + name
                : web.baseUrl().isPresent() ? () -> web.baseUrlOrLocal() + "/webhooks/" + name : () -> null;
        Optional<String> rest = fal.restUrl().filter(u -> !u.isBlank()).map(u -> u.replaceAll("/+$", ""));
        Supplier<String> restUrl = rest.isPresent() ? rest::get
                : simulated ? () -> simulator.get() + "/rest" : () -> "https://rest.fal.ai";
        Supplier<String> jwks = simulated ? () -> simulator.get() + "/.well-known/jwks.json" : fal::jwksUrl;
        return new FalVideoProvider(name, settings, models, baseUrl(name, settings,
                simulated ? () -> simulator.get() + "/queue" : () -> "https://queue.fal.run"), restUrl, hook, jwks, fal,
                json, Backoff.Sleeper.REAL, new Random(), metrics);
    }

    /** The configured base URL without a trailing slash, else the fallback (the simulator's or the service's). */
    private static Supplier<String> baseUrl(String name, ProvidersConfig.Provider settings, Supplier<String> fallback) {
        Optional<String> configured = settings.baseUrl().filter(u -> !u.isBlank());
        if (configured.isPresent()) {
            String url = configured.get().endsWith("/") ? configured.get().substring(0, configured.get().length() - 1)
                    : configured.get();
            return () -> url;
        }
        if (fallback == null) {
            throw new IllegalStateException("reelgate.providers." + name + ".base-url is required");
        }
        return fallback;
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

    /** The wire format the provider speaks. */
    public Optional<ProvidersConfig.Type> type(String name) {
        return Optional.ofNullable(types.get(name));
    }

    /** The catalog as configured, whatever an operator applied since. */
    public Optional<ModelCatalog> configuredCatalog(String name) {
        return Optional.ofNullable(configured.get(name));
    }

    /** Switches the provider to {@code catalog}, or back to its configured one (null). */
    void useCatalog(String name, ModelCatalog catalog) {
        if (byName.get(name) instanceof AdapterBase adapter) {
            adapter.use(catalog != null ? catalog : configured.get(name));
        }
    }

    /**
     * Whether this provider's completion webhooks reach Reelgate: it sends them and a signing
     * secret is configured (or fetched from its API). Otherwise its jobs are polled from the start.
     */
    public boolean webhooks(String name) {
        return webhooks.getOrDefault(name, false);
    }

    /** The provider's capabilities; a provider no longer enabled can do nothing. */
    public Optional<Capabilities> capabilities(String name) {
        return find(name).map(VideoProvider::capabilities);
    }
}
