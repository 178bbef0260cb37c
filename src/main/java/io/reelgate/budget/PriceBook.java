package io.reelgate.budget;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.reelgate.provider.ModelCatalog;
import io.reelgate.provider.Providers;
import io.reelgate.provider.VideoProvider;

/**
 * Prices of generation requests, from each provider's catalog: cost = USD per second (by model
 * and size) × seconds, exact in micro-dollars; plus the same request in subscription credits.
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
    private final BudgetConfig config;

    PriceBook(Providers providers, BudgetConfig config) {
        this.providers = providers;
        this.config = config;
    }

    public Quote quote(String provider, String model, String size, int seconds) {
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
        long perSecond = catalog.model(model).orElseThrow().microsPerSecond(size);
        return new Quote(Money.ofMicros(perSecond).times(seconds), Money.ofMicros(perSecond), credits(size, seconds), null);
    }

    /** Credits for {@code seconds} of video at {@code size}; 0 when no rate is configured for its class. */
    public int credits(String size, int seconds) {
        return config.creditsPerSecond().getOrDefault(resolutionClass(size), 0) * seconds;
    }

    /** {@code 480p}, {@code 720p} or {@code 1080p}, from the shorter side of {@code WIDTHxHEIGHT}. */
    static String resolutionClass(String size) {
        String[] parts = size.split("x");
        int shorter = Math.min(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
        return shorter <= 480 ? "480p" : shorter <= 720 ? "720p" : "1080p";
    }

    public ModelCatalog catalog(String provider) {
        return providers.get(provider).catalog();
    }
}
