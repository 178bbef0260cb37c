package io.reelgate.budget;

import java.time.InstantSource;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.reelgate.provider.ModelCatalog;
import io.reelgate.provider.PriceVersions;
import io.reelgate.provider.Providers;
import io.reelgate.provider.VideoProvider;

/**
 * Prices of generation requests, from each provider's own catalog, exact in micro-dollars: cost =
 * USD per second (by model and size, with or without sound where the request chooses) × seconds, or
 * the model's flat USD per video whatever its length; a model priced in provider credits costs their
 * value (credits × the catalog's {@code usd-per-credit}, rounded half up to the micro-dollar per
 * second or per video). Credits: the model's own where it is priced in them, otherwise the same
 * request in subscription credits where the catalog shows them (display only).
 */
@ApplicationScoped
public class PriceBook {

    /**
     * A priced request, or why it cannot be priced (the parameter to change and what to choose).
     * {@code perVideo}: the cost is a flat price per video ({@code perSecond} is then zero).
     * {@code priceVersion}: the operator's dated price it was made with, null for the catalog's own.
     */
    public record Quote(Money cost, Money perSecond, boolean perVideo, int credits, ModelCatalog.Problem problem,
            Long priceVersion) {

        Quote(Money cost, Money perSecond, boolean perVideo, int credits, ModelCatalog.Problem problem) {
            this(cost, perSecond, perVideo, credits, problem, null);
        }

        public boolean valid() {
            return problem == null;
        }

        /** The flat price of the video, or null where the request is priced per second. */
        public Long microsPerVideo() {
            return perVideo ? cost.micros() : null;
        }

        /** "$0.10/s", or "$0.50 a video" for a flat price. */
        public String rate() {
            return perVideo ? cost.display() + " a video" : perSecond.display() + "/s";
        }

        static Quote invalid(ModelCatalog.Problem problem) {
            return new Quote(Money.ZERO, Money.ZERO, false, 0, problem);
        }
    }

    private final Providers providers;
    private final PriceVersions versions;
    private final InstantSource clock;

    PriceBook(Providers providers, PriceVersions versions, InstantSource clock) {
        this.providers = providers;
        this.versions = versions;
        this.clock = clock;
    }

    public Quote quote(String provider, String model, String size, int seconds) {
        return quote(provider, model, size, seconds, false);
    }

    public Quote quote(String provider, String model, String size, int seconds, boolean withAudio) {
        return quote(provider, model, size, seconds, withAudio, false);
    }

    /** With {@code anyLength}: the seconds an extension adds, which need not be a length the model makes. */
    public Quote quote(String provider, String model, String size, int seconds, boolean withAudio, boolean anyLength) {
        versions.current();
        Optional<VideoProvider> p = providers.find(provider);
        if (p.isEmpty()) {
            return Quote.invalid(new ModelCatalog.Problem("provider", providers.disabled(provider)
                    ? providers.label(provider) + " was disabled by an operator and takes no new videos; choose another provider"
                    : "Unknown provider '" + provider + "'"));
        }
        Quote quote = quote(p.get().catalog(), model, size, seconds, withAudio, anyLength);
        if (!quote.valid() || quote.perVideo()) {
            return quote;
        }
        return versions.inEffect(provider, model, size, clock.instant()).map(v -> new Quote(quote.cost(), quote.perSecond(),
                false, quote.credits(), null, v.id())).orElse(quote);
    }

    /** The quote of a request from one catalog. */
    static Quote quote(ModelCatalog catalog, String model, String size, int seconds, boolean withAudio) {
        return quote(catalog, model, size, seconds, withAudio, false);
    }

    private static Quote quote(ModelCatalog catalog, String model, String size, int seconds, boolean withAudio,
            boolean anyLength) {
        Optional<ModelCatalog.Problem> problem = catalog.check(model, size, seconds)
                .filter(p -> !(anyLength && "seconds".equals(p.param()) && seconds > 0));
        if (problem.isPresent()) {
            return Quote.invalid(problem.get());
        }
        ModelCatalog.Model m = catalog.model(model).orElseThrow();
        int credits = m.pricedInCredits() ? m.credits(size, seconds, withAudio) : catalog.credits(size, seconds);
        Money cost = Money.ofMicros(m.micros(size, seconds, withAudio));
        if (m.perVideo()) {
            return new Quote(cost, Money.ZERO, true, credits, null);
        }
        return new Quote(cost, Money.ofMicros(m.microsPerSecond(size, withAudio)), false, credits, null);
    }

    public ModelCatalog catalog(String provider) {
        return providers.get(provider).catalog();
    }
}
