package io.reelgate.provider;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.reelgate.provider.replicate.ReplicateVideoProvider;

/**
 * The Standard Webhooks secrets each provider signs with: configured
 * ({@code reelgate.providers.<name>.webhook-secrets}, two during a rotation), or fetched from the
 * provider's API ({@code webhook-secret-from-api}) once and cached, and fetched again (at most once
 * per {@code reelgate.webhooks.secret-refetch-interval}) when a delivery does not verify, so a
 * rotated secret is picked up without a restart.
 */
@ApplicationScoped
public class WebhookSecrets {

    private static final Logger LOG = Logger.getLogger(WebhookSecrets.class);

    private record Fetched(List<StandardWebhooks.Secret> secrets, Instant at) {
    }

    private final Providers providers;
    private final Duration refetch;
    private final Map<String, Fetched> fetched = new ConcurrentHashMap<>();

    WebhookSecrets(Providers providers, WebhooksConfig webhooks) {
        this.providers = providers;
        this.refetch = webhooks.secretRefetchInterval();
    }

    /** The secrets of the enabled provider; {@code refresh} asks the API again for a fetched one. */
    public List<StandardWebhooks.Secret> of(String provider, boolean refresh) {
        ProvidersConfig.Provider settings = providers.settings(provider).orElse(null);
        if (settings == null) {
            return List.of();
        }
        List<StandardWebhooks.Secret> secrets = new ArrayList<>();
        settings.webhookSecrets().orElse(List.of()).stream().filter(s -> !s.isBlank())
                .forEach(s -> secrets.add(StandardWebhooks.Secret.of(provider, s.trim())));
        if (settings.webhookSecretFromApi()) {
            secrets.addAll(fromApi(provider, refresh));
        }
        return secrets;
    }

    /** Whether asking the API again could find a newer secret (it is fetched, and not fetched just now). */
    public boolean refreshable(String provider) {
        ProvidersConfig.Provider settings = providers.settings(provider).orElse(null);
        Fetched f = fetched.get(provider);
        return settings != null && settings.webhookSecretFromApi()
                && (f == null || !f.at().plus(refetch).isAfter(Instant.now()));
    }

    private List<StandardWebhooks.Secret> fromApi(String provider, boolean refresh) {
        Fetched known = fetched.get(provider);
        if (known != null && !(refresh && !known.at().plus(refetch).isAfter(Instant.now()))) {
            return known.secrets();
        }
        if (!(providers.find(provider).orElse(null) instanceof ReplicateVideoProvider replicate)) {
            return List.of();
        }
        ProviderResult<String> key = replicate.webhookSecret();
        if (!key.isOk()) {
            LOG.warnf("Could not fetch the webhook secret of %s: %s", provider, key.error().message());
            return known == null ? List.of() : known.secrets();
        }
        List<StandardWebhooks.Secret> secrets = List.of(StandardWebhooks.Secret.of(provider, key.value()));
        fetched.put(provider, new Fetched(secrets, Instant.now()));
        return secrets;
    }
}
