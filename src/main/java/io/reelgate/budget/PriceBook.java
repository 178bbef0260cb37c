package io.reelgate.budget;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.reelgate.provider.ModelCatalog;
import io.reelgate.provider.Providers;
import io.reelgate.provider.VideoProvider;

/**
 * Prices of generation requests, from each provider's own catalog: cost = USD per second (by
 * model and size, with or without sound where the request chooses) × seconds, exact in
 * micro-dollars; plus the same request in subscription credits where the provider sells them.
 */
@ApplicationScoped
public class PriceBook {

    /** A priced request, or why it cannot be priced (the parameter to change and what to choose). */
    public record Quote(Money cost, Money perSecond, int credits, ModelCatalog.Problem problem) {
        public boolean valid() {
            return problem == null;
        }
    }

    private final Providers providers;

    PriceBook(Providers providers) {
        this.providers = providers;
    }

    public Quote quote(String provider, String model, String size, int seconds) {
        return quote(provider, model, size, seconds, false);
    }

    public Quote quote(String provider, String model, String size, int seconds, boolean withAudio) {
        Optional<VideoProvider> p = providers.find(provider);
        if (p.isEmpty()) {
            return new Quote(Money.ZERO, Money.ZERO, 0, new ModelCatalog.Problem("provider",
                    "Unknown provider '" + provider + "'"));
        }
        ModelCatalog catalog = p.get().catalog();
        Optional<ModelCatalog.Problem> problem = catalog.check(model, size, seconds);
        if (problem.isPresent()) {
            return new Quote(Money.ZERO, Money.ZERO, 0, problem.get());
        }
        long perSecond = catalog.model(model).orElseThrow().microsPerSecond(size, withAudio);
        return new Quote(Money.ofMicros(perSecond).times(seconds), Money.ofMicros(perSecond),
                catalog.credits(size, seconds), null);
    }

    public ModelCatalog catalog(String provider) {
        return providers.get(provider).catalog();
    }
}
