package io.reelgate.budget;

import java.time.Instant;
import java.util.List;

/**
 * What providers that report their bill charged, against what the price book said, per provider
 * over the last {@code days} days: a provider whose list price moved, or that bills by tokens or
 * credits, shows here before a team's budget is off by much.
 */
public record BillingDrift(Instant checkedAt, int days, int alertPercent, List<Row> providers) {

    /** One provider's finished, billed jobs: their price-book amounts, their bills and what teams were charged. */
    public record Row(String provider, long jobs, long priceBookMicros, long billedMicros, long chargedMicros) {

        /** The bill against the price book, in per cent (positive: the provider billed more). */
        public double percent() {
            return priceBookMicros == 0 ? 0 : (billedMicros - priceBookMicros) * 100.0 / priceBookMicros;
        }

        /** "+12.5 %", for people. */
        public String percentText() {
            return String.format(java.util.Locale.ROOT, "%+.1f %%", percent());
        }

        public String priceBook() {
            return Money.ofMicros(priceBookMicros).display();
        }

        public String billed() {
            return Money.ofMicros(billedMicros).display();
        }

        public String charged() {
            return Money.ofMicros(chargedMicros).display();
        }
    }

    /** Providers whose bills drift from the price book by more than the configured percentage either way. */
    public List<Row> beyondThreshold() {
        return providers.stream().filter(r -> Math.abs(r.percent()) > alertPercent).toList();
    }
}
