package io.reelgate.budget;

import static io.reelgate.provider.TestCatalogs.catalog;
import static io.reelgate.provider.TestCatalogs.model;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.reelgate.provider.CatalogsConfig;
import io.reelgate.provider.ModelCatalog;

/** Quotes of each way of pricing, exact in micro-dollars, with the credits shown next to them. */
class PriceBookTest {

    static final ModelCatalog PROXY = ModelCatalog.from("proxy", catalog(Map.of(
            "per-second", model("1280x720").usdPerSecond("720p", "0.12"),
            "flat", model("1280x720").seconds(4, 8, 12).audio(CatalogsConfig.Audio.OPTIONAL)
                    .usdPerVideo("720p", "0.35").usdPerVideoWithAudio("720p", "0.45"),
            "credits-per-second", model("1280x720").creditsPerSecond("720p", 30),
            "credits-per-video", model("1280x720").creditsPerVideo("720p", 101)), "0.0035"));

    @Test
    void perSecond() {
        PriceBook.Quote q = PriceBook.quote(PROXY, "per-second", "1280x720", 8, false);
        assertEquals(Money.ofMicros(960_000), q.cost());
        assertEquals(Money.ofMicros(120_000), q.perSecond());
        assertThat(q.perVideo()).isFalse();
        assertNull(q.microsPerVideo());
        assertEquals("$0.12/s", q.rate());
        assertEquals(0, q.credits());
    }

    @Test
    void aFlatPriceIsTheCostOfAnyLength() {
        for (int seconds : List.of(4, 8, 12)) {
            PriceBook.Quote q = PriceBook.quote(PROXY, "flat", "1280x720", seconds, false);
            assertEquals(Money.ofMicros(350_000), q.cost(), seconds + " s");
            assertThat(q.perVideo()).isTrue();
            assertEquals(Money.ZERO, q.perSecond());
            assertEquals(350_000L, q.microsPerVideo());
            assertEquals("$0.35 a video", q.rate());
        }
        assertEquals(Money.ofMicros(450_000), PriceBook.quote(PROXY, "flat", "1280x720", 8, true).cost());
    }

    @Test
    void creditsCostTheirValueAndAreShown() {
        PriceBook.Quote perSecond = PriceBook.quote(PROXY, "credits-per-second", "1280x720", 8, false);
        assertEquals(240, perSecond.credits());
        assertEquals(Money.ofMicros(840_000), perSecond.cost(), "240 credits × $0.0035");
        assertEquals(Money.ofMicros(105_000), perSecond.perSecond());
        PriceBook.Quote perVideo = PriceBook.quote(PROXY, "credits-per-video", "1280x720", 8, false);
        assertEquals(101, perVideo.credits());
        assertEquals(Money.ofMicros(353_500), perVideo.cost(), "101 credits × $0.0035");
        assertThat(perVideo.perVideo()).isTrue();
    }

    @Test
    void theDisplayOnlyCreditTableStillShowsCreditsForDollarPrices() {
        ModelCatalog sora = new ModelCatalog("sora", List.of(new ModelCatalog.Model("sora-2", List.of("1280x720"),
                List.of(4, 8), Map.of("1280x720", 100_000L))), Map.of("720p", 16), null, null);
        PriceBook.Quote q = PriceBook.quote(sora, "sora-2", "1280x720", 8, false);
        assertEquals(128, q.credits());
        assertEquals(Money.ofMicros(800_000), q.cost());
    }

    @Test
    void anUnofferedRequestIsNotPriced() {
        PriceBook.Quote q = PriceBook.quote(PROXY, "flat", "1920x1080", 8, false);
        assertThat(q.valid()).isFalse();
        assertEquals("size", q.problem().param());
        assertEquals(Money.ZERO, q.cost());
    }
}
