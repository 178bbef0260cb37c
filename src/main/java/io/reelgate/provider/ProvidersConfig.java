package io.reelgate.provider;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;

/**
 * Video providers by name, e.g. {@code reelgate.providers.openai.api-key}. Every provider speaks
 * the OpenAI Videos API; {@code type=simulator} points the same client at this app's built-in
 * simulator ({@code /sim/v1}).
 */
@ConfigMapping(prefix = "reelgate.providers")
public interface ProvidersConfig {

    @WithParentName
    Map<String, Provider> providers();

    enum Type {
        /** The OpenAI Videos API (or any service speaking it) at {@code base-url}. */
        OPENAI,
        /** The built-in Sora simulator of this app, over HTTP on the loopback interface. */
        SIMULATOR
    }

    interface Provider {
        /** Whether teams can use this provider. */
        @WithDefault("true")
        boolean enabled();

        @WithDefault("openai")
        Type type();

        /** Name shown to people. */
        Optional<String> label();

        /** API base URL including {@code /v1}; required for {@code type=openai}. */
        Optional<String> baseUrl();

        /** Bearer key (env {@code REELGATE_PROVIDERS_<NAME>_API_KEY}). */
        Optional<String> apiKey();

        /** Optional {@code OpenAI-Organization} header. */
        Optional<String> organization();

        /** Optional {@code OpenAI-Project} header. */
        Optional<String> project();

        /** Name of the model catalog and price book this provider offers ({@link CatalogsConfig}). */
        @WithDefault("sora")
        String catalog();

        @WithDefault("10S")
        Duration connectTimeout();

        /** Time allowed for a response to start (headers); downloads then stream without it. */
        @WithDefault("60S")
        Duration readTimeout();

        /** Retries after a 429, 5xx or connection failure, each after exponential backoff with full jitter. */
        @WithDefault("4")
        int maxRetries();

        /** Total time one call may spend waiting between retries. */
        @WithDefault("30S")
        Duration retryBudget();

        /** First backoff step; doubles each retry up to {@link #backoffCap()}. */
        @WithDefault("1S")
        Duration backoffBase();

        @WithDefault("16S")
        Duration backoffCap();

        /**
         * The organisation's own limit on generation requests (create, remix) to this provider per
         * minute, shared by all Reelgate instances (the dispatcher's token bucket).
         */
        @WithDefault("50")
        int upstreamRequestsPerMinute();

        /**
         * Standard Webhooks signing secrets ({@code whsec_…}, or raw) for {@code POST /webhooks/openai};
         * list two during a rotation.
         */
        Optional<List<String>> webhookSecrets();
    }
}
