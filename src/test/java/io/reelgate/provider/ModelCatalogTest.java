package io.reelgate.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ModelCatalogTest {

    static ModelCatalog sora() {
        return ModelCatalog.from("sora", catalog(Map.of(
                "sora-2", model(List.of("1280x720", "720x1280"), List.of(12, 4, 8),
                        Map.of("1280x720", "0.10", "720x1280", "0.10")),
                "sora-2-pro", model(List.of("1280x720", "720x1280", "1792x1024", "1024x1792"), List.of(10, 15, 25),
                        Map.of("1280x720", "0.30", "720x1280", "0.30", "1792x1024", "0.50", "1024x1792", "0.50")))));
    }

    @Test
    void pricesAreExactMicroDollarsPerSecond() {
        ModelCatalog catalog = sora();
        assertEquals(100_000, catalog.model("sora-2").orElseThrow().microsPerSecond("1280x720"));
        assertEquals(500_000, catalog.model("sora-2-pro").orElseThrow().microsPerSecond("1792x1024"));
        assertThat(catalog.model("sora-2").orElseThrow().seconds()).containsExactly(4, 8, 12);
        assertThat(catalog.models()).extracting(ModelCatalog.Model::name).containsExactly("sora-2", "sora-2-pro");
    }

    @Test
    void explainsWhatIsNotOfferedAndWhatToChooseInstead() {
        ModelCatalog catalog = sora();
        assertThat(catalog.check("sora-2", "1280x720", 8)).isEmpty();
        var size = catalog.check("sora-2", "1792x1024", 8).orElseThrow();
        assertEquals("size", size.param());
        assertEquals("sora-2 does not offer 1792x1024; choose 1280x720 or 720x1280", size.message());
        var seconds = catalog.check("sora-2-pro", "1280x720", 8).orElseThrow();
        assertEquals("seconds", seconds.param());
        assertEquals("sora-2-pro does not render 8 s; choose 10 s, 15 s or 25 s", seconds.message());
        assertEquals("model", catalog.check("veo-3", "1280x720", 8).orElseThrow().param());
    }

    @Test
    void refusesACatalogWithAnUnpricedSizeOrSubMicroDollarPrices() {
        assertThatThrownBy(() -> ModelCatalog.from("bad", catalog(Map.of("m", model(List.of("1x1", "2x2"), List.of(4),
                Map.of("1x1", "0.1")))))).hasMessageContaining("usd-per-second.2x2");
        assertThatThrownBy(() -> ModelCatalog.from("bad", catalog(Map.of("m", model(List.of("1x1"), List.of(4),
                Map.of("1x1", "0.0000001")))))).hasMessageContaining("at most 6 decimal places");
    }

    @Test
    void resolutionsTimesAspectRatiosBecomeSizesThatRememberBoth() {
        assertEquals("1280x720", ModelCatalog.sizeOf("720p", "16:9"));
        assertEquals("720x1280", ModelCatalog.sizeOf("720p", "9:16"));
        assertEquals("1920x1080", ModelCatalog.sizeOf("1080p", "16:9"));
        assertEquals("854x480", ModelCatalog.sizeOf("480p", "16:9"), "even widths");
        assertEquals("3840x2160", ModelCatalog.sizeOf("4k", "16:9"));
        assertEquals("1080x1080", ModelCatalog.sizeOf("1080p", "1:1"));
        ModelCatalog.Dimensions sora = ModelCatalog.dimensionsOf("1792x1024");
        assertEquals("1080p", sora.resolution());
        assertEquals("7:4", sora.aspectRatio());
        assertEquals("720p", ModelCatalog.dimensionsOf("720x1280").resolution());
        assertEquals("9:16", ModelCatalog.dimensionsOf("720x1280").aspectRatio());
    }

    @Test
    void soundChangesThePriceOnlyWhereTheRequestChooses() {
        ModelCatalog.Model veo = new ModelCatalog.Model("veo", "Veo", List.of(ModelCatalog.dimensionsOf("1280x720")),
                List.of(4, 8), Map.of("1280x720", 200_000L), Map.of("1280x720", 400_000L), CatalogsConfig.Audio.OPTIONAL,
                null);
        assertEquals(200_000, veo.microsPerSecond("1280x720", false));
        assertEquals(400_000, veo.microsPerSecond("1280x720", true));
        ModelCatalog.Model always = new ModelCatalog.Model("sora", "Sora", veo.dimensions(), veo.seconds(),
                Map.of("1280x720", 100_000L), Map.of(), CatalogsConfig.Audio.ALWAYS, null);
        assertEquals(100_000, always.microsPerSecond("1280x720", true), "sound included in the price");
        assertThat(always.hasAudio(false)).isTrue();
    }

    static CatalogsConfig.Catalog catalog(Map<String, CatalogsConfig.Model> models) {
        return new CatalogsConfig.Catalog() {
            public Map<String, CatalogsConfig.Model> models() {
                return models;
            }

            public Optional<String> pricesAsOf() {
                return Optional.empty();
            }

            public Optional<String> priceNote() {
                return Optional.empty();
            }

            public Map<String, Integer> creditsPerSecond() {
                return Map.of();
            }

            public Optional<BigDecimal> usdPerCredit() {
                return Optional.empty();
            }
        };
    }

    static CatalogsConfig.Model model(List<String> sizes, List<Integer> seconds, Map<String, String> prices) {
        return new CatalogsConfig.Model() {
            public Optional<String> label() {
                return Optional.empty();
            }

            public Optional<List<String>> sizes() {
                return Optional.of(sizes);
            }

            public Optional<List<String>> resolutions() {
                return Optional.empty();
            }

            public Optional<List<String>> aspectRatios() {
                return Optional.empty();
            }

            public Map<String, BigDecimal> usdPerSecondWithAudio() {
                return Map.of();
            }

            public Map<String, BigDecimal> usdPerVideo() {
                return Map.of();
            }

            public Map<String, BigDecimal> usdPerVideoWithAudio() {
                return Map.of();
            }

            public Map<String, Integer> creditsPerSecond() {
                return Map.of();
            }

            public Map<String, Integer> creditsPerSecondWithAudio() {
                return Map.of();
            }

            public Map<String, Integer> creditsPerVideo() {
                return Map.of();
            }

            public Map<String, Integer> creditsPerVideoWithAudio() {
                return Map.of();
            }

            public CatalogsConfig.Audio audio() {
                return CatalogsConfig.Audio.NONE;
            }

            public Optional<String> finalModel() {
                return Optional.empty();
            }

            public List<Integer> seconds() {
                return seconds;
            }

            public Map<String, BigDecimal> usdPerSecond() {
                Map<String, BigDecimal> m = new java.util.HashMap<>();
                prices.forEach((k, v) -> m.put(k, new BigDecimal(v)));
                return m;
            }
        };
    }
}
