package io.reelgate.provider;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Random;
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
 * Builds the adapter of a provider's wire format from its settings, whether they come from
 * configuration or from the operator console, and says whether its webhooks reach this Reelgate.
 */
@ApplicationScoped
class Adapters {

    /** An adapter and whether its completion webhooks can be received and verified here. */
    record Built(VideoProvider provider, boolean webhooks) {
    }

    private final LocalServer local;
    private final WebConfig web;
    private final ObjectMapper json;
    private final ProviderMetrics metrics;

    Adapters(LocalServer local, WebConfig web, ObjectMapper json, ProviderMetrics metrics) {
        this.local = local;
        this.web = web;
        this.json = json;
        this.metrics = metrics;
    }

    /** The adapter of {@code settings}; {@code vertexKey}: a service-account key uploaded in the console. */
    Built build(String name, ProvidersConfig.Provider settings, ModelCatalog models, ReplicateConfig replicate,
            FalConfig fal, Optional<String> vertexKey) {
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
            case VERTEX -> vertex(name, settings, models, simulated, vertexKey);
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
                yield fal(name, settings, models, simulated, fal);
            }
        };        return new Built(provider, secrets && provider.capabilities().webhooksSupported());
    }

    /**
     * A Vertex AI provider: the regional endpoint of its location (or its base URL), Cloud Storage,
     * and its credentials; simulated, all three are this app's {@code /sim/vertex}.
     */
    private VideoProvider vertex(String name, ProvidersConfig.Provider settings, ModelCatalog models, boolean simulated,
            Optional<String> keyJson) {
        ProvidersConfig.VertexSettings vertex = settings.vertex();
        Supplier<String> simulator = () -> local.url() + "/sim/vertex";
        Supplier<String> endpoint = baseUrl(name, settings, simulated ? simulator
                : () -> VertexVideoProvider.endpointOf(vertex.location()));
        Optional<String> storageUrl = vertex.storageBaseUrl().filter(u -> !u.isBlank()).map(u -> u.replaceAll("/+$", ""));
        Supplier<String> storage = storageUrl.isPresent() ? storageUrl::get
                : simulated ? simulator : () -> "https://storage.googleapis.com";
        Optional<URI> tokenUri = vertex.tokenUri().filter(u -> !u.isBlank()).map(URI::create);
        Supplier<Optional<URI>> tokens = () -> tokenUri.or(() -> simulated ? Optional.of(URI.create(simulator.get()
                + "/token")) : Optional.empty());
        VertexCredentials credentials = keyJson.isPresent() ? VertexCredentials.fromJson(name, keyJson.get(), tokens)
                : VertexCredentials.load(name, vertex.credentialsFile().filter(f -> !f.isBlank()), tokens);
        return new VertexVideoProvider(name, settings, models, endpoint, storage, credentials, json, Backoff.Sleeper.REAL,
                new Random(), metrics);
    }

    /**
     * A fal.ai provider: the queue, REST (storage) and JWKS addresses, and the webhook URL when fal
     * can reach this Reelgate; simulated, all are this app's {@code /sim/fal}.
     */
    private VideoProvider fal(String name, ProvidersConfig.Provider settings, ModelCatalog models, boolean simulated,
            FalConfig fal) {
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
}
