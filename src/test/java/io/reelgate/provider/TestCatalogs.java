package io.reelgate.provider;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Catalog configuration for unit tests, written like the properties: one price at a time. */
public final class TestCatalogs {

    private TestCatalogs() {
    }

    /** A model offering {@code sizes} for 4 and 8 s, silent, with no price until one is set. */
    public static ModelConfig model(String... sizes) {
        return new ModelConfig(List.of(sizes));
    }

    /** A catalog of {@code models}; {@code usdPerCredit} may be null. */
    public static CatalogsConfig.Catalog catalog(Map<String, CatalogsConfig.Model> models, String usdPerCredit) {
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
                return Optional.ofNullable(usdPerCredit).map(BigDecimal::new);
            }
        };
    }

    /** One model's configuration, built up like its properties. */
    public static final class ModelConfig implements CatalogsConfig.Model {
        private final List<String> sizes;
        private List<Integer> seconds = List.of(4, 8);
        private CatalogsConfig.Audio audio = CatalogsConfig.Audio.NONE;
        private final Map<String, BigDecimal> usdPerSecond = new LinkedHashMap<>();
        private final Map<String, BigDecimal> usdPerSecondWithAudio = new LinkedHashMap<>();
        private final Map<String, BigDecimal> usdPerVideo = new LinkedHashMap<>();
        private final Map<String, BigDecimal> usdPerVideoWithAudio = new LinkedHashMap<>();
        private final Map<String, Integer> creditsPerSecond = new LinkedHashMap<>();
        private final Map<String, Integer> creditsPerSecondWithAudio = new LinkedHashMap<>();
        private final Map<String, Integer> creditsPerVideo = new LinkedHashMap<>();
        private final Map<String, Integer> creditsPerVideoWithAudio = new LinkedHashMap<>();

        ModelConfig(List<String> sizes) {
            this.sizes = sizes;
        }

        public ModelConfig seconds(Integer... seconds) {
            this.seconds = List.of(seconds);
            return this;
        }

        public ModelConfig audio(CatalogsConfig.Audio audio) {
            this.audio = audio;
            return this;
        }

        public ModelConfig usdPerSecond(String key, String usd) {
            usdPerSecond.put(key, new BigDecimal(usd));
            return this;
        }

        public ModelConfig usdPerSecondWithAudio(String key, String usd) {
            usdPerSecondWithAudio.put(key, new BigDecimal(usd));
            return this;
        }

        public ModelConfig usdPerVideo(String key, String usd) {
            usdPerVideo.put(key, new BigDecimal(usd));
            return this;
        }

        public ModelConfig usdPerVideoWithAudio(String key, String usd) {
            usdPerVideoWithAudio.put(key, new BigDecimal(usd));
            return this;
        }

        public ModelConfig creditsPerSecond(String key, int credits) {
            creditsPerSecond.put(key, credits);
            return this;
        }

        public ModelConfig creditsPerSecondWithAudio(String key, int credits) {
            creditsPerSecondWithAudio.put(key, credits);
            return this;
        }

        public ModelConfig creditsPerVideo(String key, int credits) {
            creditsPerVideo.put(key, credits);
            return this;
        }

        public ModelConfig creditsPerVideoWithAudio(String key, int credits) {
            creditsPerVideoWithAudio.put(key, credits);
            return this;
        }

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

        public List<Integer> seconds() {
            return seconds;
        }

        public Map<String, BigDecimal> usdPerSecond() {
            return usdPerSecond;
        }

        public Map<String, BigDecimal> usdPerSecondWithAudio() {
            return usdPerSecondWithAudio;
        }

        public Map<String, BigDecimal> usdPerVideo() {
            return usdPerVideo;
        }

        public Map<String, BigDecimal> usdPerVideoWithAudio() {
            return usdPerVideoWithAudio;
        }

        public Map<String, Integer> creditsPerSecond() {
            return creditsPerSecond;
        }

        public Map<String, Integer> creditsPerSecondWithAudio() {
            return creditsPerSecondWithAudio;
        }

        public Map<String, Integer> creditsPerVideo() {
            return creditsPerVideo;
        }

        public Map<String, Integer> creditsPerVideoWithAudio() {
            return creditsPerVideoWithAudio;
        }

        public CatalogsConfig.Audio audio() {
            return audio;
        }

        public Optional<String> finalModel() {
            return Optional.empty();
        }
    }
}
