package io.reelgate.provider;

import static io.reelgate.provider.TestCatalogs.catalog;
import static io.reelgate.provider.TestCatalogs.model;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The three ways a catalog prices a model — per second, a flat price per video, provider credits
 * at the catalog's dollar value — exact in micro-dollars, and a model priced two ways refused at start-up.
 */
class ModelPricingTest {

    private static ModelCatalog.Model only(CatalogsConfig.Model m, String usdPerCredit) {
        return ModelCatalog.from("proxy", catalog(Map.of("m", m), usdPerCredit)).model("m").orElseThrow();
    }

    @Test
    void perSecondCostsTheRateTimesTheSeconds() {
        ModelCatalog.Model m = only(model("1280x720").usdPerSecond("720p", "0.12"), null);
        assertThat(m.perVideo()).isFalse();
        assertThat(m.pricedInCredits()).isFalse();
        assertEquals("s", m.unit());
        assertEquals(120_000, m.microsPerSecond("1280x720"));
        assertEquals(960_000, m.micros("1280x720", 8, false));
        assertEquals(0, m.credits("1280x720", 8, false));
    }

    @Test
    void aFlatPricePerVideoIsTheSameForEveryLength() {
        ModelCatalog.Model m = only(model("1280x720", "720x1280", "1920x1080").seconds(4, 8, 12)
                .audio(CatalogsConfig.Audio.OPTIONAL).usdPerVideo("720p", "0.35").usdPerVideo("1920x1080", "0.500001")
                .usdPerVideoWithAudio("720p", "0.55"), null);
        assertThat(m.perVideo()).isTrue();
        assertEquals("video", m.unit());
        assertThat(m.offers("720x1280")).isTrue();
        assertEquals(350_000, m.micros("1280x720", 4, false));
        assertEquals(350_000, m.micros("720x1280", 12, false));
        assertEquals(550_000, m.micros("1280x720", 8, true), "with sound where the request chooses");
        assertEquals(500_001, m.micros("1920x1080", 8, true), "no price with sound for 1080p: the silent one");
        assertEquals(350_000, m.cheapestMicrosPerUnit());
        assertThat(m.microsPerSecond()).isEmpty();
        assertThatThrownBy(() -> m.microsPerSecond("1280x720")).hasMessageContaining("priced per video");
    }

    @Test
    void creditsPerSecondCostTheirValueRoundedHalfUpToTheMicroDollarPerSecond() {
        ModelCatalog.Model m = only(model("1280x720", "1920x1080").creditsPerSecond("720p", 30)
                .creditsPerSecond("1080p", 7), "0.0035");
        assertThat(m.pricedInCredits()).isTrue();
        assertThat(m.perVideo()).isFalse();
        assertEquals(105_000, m.microsPerSecond("1280x720"), "30 credits × $0.0035");
        assertEquals(840_000, m.micros("1280x720", 8, false));
        assertEquals(240, m.credits("1280x720", 8, false));
        assertEquals(24_500, m.microsPerSecond("1920x1080"), "7 × $0.0035 = $0.0245");

        ModelCatalog.Model halves = only(model("1280x720").creditsPerSecond("720p", 1), "0.0000025");
        assertEquals(3, halves.microsPerSecond("1280x720"), "2.5 micro-dollars round half up, not to even");
        ModelCatalog.Model thirds = only(model("1280x720").creditsPerSecond("720p", 3), "0.0033333");
        assertEquals(10_000, thirds.microsPerSecond("1280x720"), "$0.0099999 rounds up to $0.01");
        ModelCatalog.Model down = only(model("1280x720").creditsPerSecond("720p", 1), "0.0000014999");
        assertEquals(1, down.microsPerSecond("1280x720"), "below the half rounds down");
    }

    @Test
    void creditsPerVideoCostTheirValueWhateverTheLength() {
        ModelCatalog.Model m = only(model("1280x720").seconds(5, 10).audio(CatalogsConfig.Audio.OPTIONAL)
                .creditsPerVideo("720p", 100).creditsPerVideoWithAudio("720p", 150), "0.01");
        assertThat(m.perVideo()).isTrue();
        assertThat(m.pricedInCredits()).isTrue();
        assertEquals(1_000_000, m.micros("1280x720", 5, false));
        assertEquals(1_000_000, m.micros("1280x720", 10, false));
        assertEquals(100, m.credits("1280x720", 10, false));
        assertEquals(1_500_000, m.micros("1280x720", 10, true));
        assertEquals(150, m.credits("1280x720", 10, true));
    }

    @Test
    void theConversionIsExactDecimalArithmetic() {
        assertEquals(23_310, CatalogPrices.micros(7, new BigDecimal("0.00333")));
        assertEquals(1_000_000_000_000L, CatalogPrices.micros(100_000_000, new BigDecimal("0.01")));
        assertEquals(3, CatalogPrices.micros(1, new BigDecimal("0.0000025")));
        assertEquals(2, CatalogPrices.micros(1, new BigDecimal("0.0000024999999")));
    }

    @Test
    void aModelPricedTwoWaysIsRefusedNamingBothKeys() {
        assertThatThrownBy(() -> only(model("1280x720").usdPerSecond("720p", "0.10").usdPerVideo("720p", "0.50"), null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("reelgate.catalogs.proxy.models.m.usd-per-second")
                .hasMessageContaining("reelgate.catalogs.proxy.models.m.usd-per-video")
                .hasMessageContaining("one kind of price");
        assertThatThrownBy(() -> only(model("1280x720").usdPerSecond("720p", "0.10")
                .usdPerVideoWithAudio("720p", "0.50"), null)).hasMessageContaining("usd-per-video");
        assertThatThrownBy(() -> only(model("1280x720").usdPerVideo("720p", "0.50").creditsPerSecond("720p", 5), "0.01"))
                .hasMessageContaining("usd-per-video").hasMessageContaining("credits-per-second");
        assertThatThrownBy(() -> only(model("1280x720").creditsPerSecond("720p", 5).creditsPerVideo("720p", 50), "0.01"))
                .hasMessageContaining("credits-per-second").hasMessageContaining("credits-per-video");
    }

    @Test
    void refusesMissingPricesCreditsWithoutAValueAndSubMicroDollarFlatPrices() {
        assertThatThrownBy(() -> only(model("1280x720", "1920x1080").usdPerVideo("720p", "0.50"), null))
                .hasMessageContaining("usd-per-video.1920x1080 (or .1080p)");
        assertThatThrownBy(() -> only(model("1280x720"), null)).hasMessageContaining("usd-per-second.1280x720");
        assertThatThrownBy(() -> only(model("1280x720").creditsPerVideo("720p", 5), null))
                .hasMessageContaining("reelgate.catalogs.proxy.usd-per-credit");
        assertThatThrownBy(() -> only(model("1280x720").creditsPerVideo("720p", 5), "0"))
                .hasMessageContaining("positive");
        assertThatThrownBy(() -> only(model("1280x720").creditsPerVideo("720p", -5), "0.01"))
                .hasMessageContaining("must not be negative");
        assertThatThrownBy(() -> only(model("1280x720").usdPerVideo("720p", "0.0000001"), null))
                .hasMessageContaining("at most 6 decimal places");
    }
}
