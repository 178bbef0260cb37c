package io.reelgate.provider;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What one provider offers: models, their sizes and durations, and the price per second of video or
 * per video by size (in micro-dollars, exact; credits converted, {@link CatalogPrices}), with sound
 * where the request chooses it. Sizes are always
 * {@code WIDTHxHEIGHT}: a catalog written as resolutions × aspect ratios is expanded into them, and
 * each size remembers its resolution and aspect ratio for providers whose APIs take those.
 * Validation messages name the offending parameter and what would be accepted instead.
 */
public final class ModelCatalog {

    /** One size: its {@code WIDTHxHEIGHT}, resolution class ({@code 720p}) and aspect ratio ({@code 16:9}). */
    public record Dimensions(String size, String resolution, String aspectRatio) {
        public int width() {
            return Integer.parseInt(size.substring(0, size.indexOf('x')));
        }

        public int height() {
            return Integer.parseInt(size.substring(size.indexOf('x') + 1));
        }
    }

    /**
     * One model, priced either per second or per video (the other pair of maps empty).
     * {@code microsPerSecond} maps each size to its price per second of video;
     * {@code microsPerSecondWithAudio} the same with sound, for models where the request chooses.
     * {@code microsPerVideo} (and {@code microsPerVideoWithAudio}) map each size to a flat price per
     * video, whatever its length. A model priced in provider credits has its credits per the same unit
     * in {@code credits} (and {@code creditsWithAudio}), the micro-dollar maps holding their value.
     */
    public record Model(String name, String label, List<Dimensions> dimensions, List<Integer> seconds,
            Map<String, Long> microsPerSecond, Map<String, Long> microsPerSecondWithAudio, CatalogsConfig.Audio audio,
            String finalModel, Map<String, Long> microsPerVideo, Map<String, Long> microsPerVideoWithAudio,
            Map<String, Integer> credits, Map<String, Integer> creditsWithAudio) {

        public Model {
            if (!microsPerSecond.isEmpty() && !microsPerVideo.isEmpty()) {
                throw new IllegalArgumentException(name + " is priced both per second and per video");
            }
        }

        /** A model priced per second in dollars. */
        public Model(String name, String label, List<Dimensions> dimensions, List<Integer> seconds,
                Map<String, Long> microsPerSecond, Map<String, Long> microsPerSecondWithAudio, CatalogsConfig.Audio audio,
                String finalModel) {
            this(name, label, dimensions, seconds, microsPerSecond, microsPerSecondWithAudio, audio, finalModel, Map.of(),
                    Map.of(), Map.of(), Map.of());
        }

        /** A silent model with one price per size (tests and simple catalogs). */
        public Model(String name, List<String> sizes, List<Integer> seconds, Map<String, Long> microsPerSecond) {
            this(name, name, sizes.stream().map(ModelCatalog::dimensionsOf).toList(), seconds, microsPerSecond, Map.of(),
                    CatalogsConfig.Audio.NONE, null);
        }

        public List<String> sizes() {
            return dimensions.stream().map(Dimensions::size).toList();
        }

        public boolean offers(String size) {
            return size != null && (microsPerSecond.containsKey(size) || microsPerVideo.containsKey(size));
        }

        public Optional<Dimensions> dimensions(String size) {
            return dimensions.stream().filter(d -> d.size().equals(size)).findFirst();
        }

        /** Whether a video costs a flat price whatever its length. */
        public boolean perVideo() {
            return !microsPerVideo.isEmpty();
        }

        /** Whether the provider prices this model in its credits (the dollar prices are their value). */
        public boolean pricedInCredits() {
            return !credits.isEmpty();
        }

        /** "s" or "video": what one price of {@link #unitPrices()} buys. */
        public String unit() {
            return perVideo() ? "video" : "s";
        }

        /** The price of one unit (a second, or a video) by size, without sound. */
        public Map<String, Long> unitPrices() {
            return perVideo() ? microsPerVideo : microsPerSecond;
        }

        public long microsPerSecond(String size) {
            if (perVideo()) {
                throw new IllegalStateException(name + " is priced per video, not per second");
            }
            Long price = microsPerSecond.get(size);
            if (price == null) {
                throw new IllegalArgumentException(name + " does not offer " + size);
            }
            return price;
        }

        /** The price per second with or without sound; sound only changes it where the request chooses. */
        public long microsPerSecond(String size, boolean withAudio) {
            if (withAudio && audio == CatalogsConfig.Audio.OPTIONAL) {
                Long price = microsPerSecondWithAudio.get(size);
                if (price != null) {
                    return price;
                }
            }
            return microsPerSecond(size);
        }

        /** The flat price of one video with or without sound; sound only changes it where the request chooses. */
        public long microsPerVideo(String size, boolean withAudio) {
            Long price = withAudio && audio == CatalogsConfig.Audio.OPTIONAL ? microsPerVideoWithAudio.get(size) : null;
            price = price != null ? price : microsPerVideo.get(size);
            if (price == null) {
                throw new IllegalArgumentException(name + " does not offer " + size + " per video");
            }
            return price;
        }

        /** What one video of {@code seconds} costs: the flat price, or the price per second × seconds. */
        public long micros(String size, int seconds, boolean withAudio) {
            return perVideo() ? microsPerVideo(size, withAudio)
                    : Math.multiplyExact(microsPerSecond(size, withAudio), (long) seconds);
        }

        /** The provider credits one video of {@code seconds} costs; 0 for a model priced in dollars. */
        public int credits(String size, int seconds, boolean withAudio) {
            Integer perUnit = withAudio && audio == CatalogsConfig.Audio.OPTIONAL ? creditsWithAudio.get(size) : null;
            perUnit = perUnit != null ? perUnit : credits.getOrDefault(size, 0);
            return perVideo() ? perUnit : Math.multiplyExact(perUnit, seconds);
        }

        /** The lowest price of one unit (second or video) this model asks, for "from $0.10/s". */
        public long cheapestMicrosPerUnit() {
            return unitPrices().values().stream().mapToLong(Long::longValue).min().orElse(0);
        }

        /** The lowest price per second this model asks, for "from $0.10/s"; 0 for a model priced per video. */
        public long cheapestMicrosPerSecond() {
            return microsPerSecond.values().stream().mapToLong(Long::longValue).min().orElse(0);
        }

        public boolean audioChoice() {
            return audio == CatalogsConfig.Audio.OPTIONAL;
        }

        /** Whether videos of this model have sound when the request says {@code withAudio}. */
        public boolean hasAudio(boolean withAudio) {
            return audio == CatalogsConfig.Audio.ALWAYS || audio == CatalogsConfig.Audio.OPTIONAL && withAudio;
        }

        /** Empty when the model renders this size and length; otherwise what to change (the one catalog rule). */
        public Optional<Problem> check(String size, int seconds) {
            if (size == null || size.isBlank()) {
                return Optional.of(new Problem("size", "Choose a size: " + or(sizes())));
            }
            if (!offers(size)) {
                return Optional.of(new Problem("size", name + " does not offer " + size + "; choose " + or(sizes())));
            }
            if (!seconds().contains(seconds)) {
                return Optional.of(new Problem("seconds", name + " does not render " + seconds + " s; choose "
                        + or(seconds().stream().map(s -> s + " s").toList())));
            }
            return Optional.empty();
        }

        /** Whether this is a draft model that has a final one ("make it final"). */
        public boolean draft() {
            return finalModel != null;
        }
    }

    /** Why a combination is not offered: the parameter to change and a sentence for people. */
    public record Problem(String param, String message) {
    }

    private final String name;
    private final Map<String, Model> models;
    private final Map<String, Integer> creditsPerSecond;
    private final String pricesAsOf;
    private final String priceNote;

    public ModelCatalog(String name, List<Model> models) {
        this(name, models, Map.of(), null, null);
    }

    public ModelCatalog(String name, List<Model> models, Map<String, Integer> creditsPerSecond, String pricesAsOf,
            String priceNote) {
        this.name = name;
        this.models = models.stream().sorted(Comparator.comparing(Model::name))
                .collect(Collectors.toMap(Model::name, m -> m, (a, b) -> a, LinkedHashMap::new));
        this.creditsPerSecond = Map.copyOf(creditsPerSecond);
        this.pricesAsOf = pricesAsOf;
        this.priceNote = priceNote;
    }

    /**
     * Builds a catalog from configuration, refusing sizes without a price, prices finer than a
     * micro-dollar, a model priced more than one way ({@link CatalogPrices}), a model without sizes,
     * and a final model that is not in the catalog.
     */
    public static ModelCatalog from(String name, CatalogsConfig.Catalog config) {
        List<Model> models = new ArrayList<>();
        config.models().forEach((modelName, m) -> {
            String key = "reelgate.catalogs." + name + ".models." + modelName;
            List<Dimensions> dims = new ArrayList<>();
            m.sizes().ifPresent(sizes -> sizes.forEach(s -> dims.add(dimensionsOf(s.trim()))));
            if (m.resolutions().isPresent()) {
                List<String> ratios = m.aspectRatios().orElse(List.of("16:9", "9:16"));
                for (String resolution : m.resolutions().get()) {
                    for (String ratio : ratios) {
                        dims.add(new Dimensions(sizeOf(resolution.trim(), ratio.trim()), resolution.trim(), ratio.trim()));
                    }
                }
            }
            if (dims.isEmpty()) {
                throw new IllegalStateException("Catalog " + name + ": model " + modelName + " needs " + key + ".sizes or "
                        + key + ".resolutions");
            }
            CatalogPrices.Prices p = CatalogPrices.of(name, modelName, key, m, dims, config.usdPerCredit().orElse(null));
            models.add(new Model(modelName, m.label().orElse(modelName), List.copyOf(dims),
                    m.seconds().stream().sorted().toList(), p.perSecond(), p.perSecondWithAudio(), m.audio(),
                    m.finalModel().orElse(null), p.perVideo(), p.perVideoWithAudio(), p.credits(), p.creditsWithAudio()));
        });
        for (Model model : models) {
            if (model.finalModel() != null && models.stream().noneMatch(o -> o.name().equals(model.finalModel()))) {
                throw new IllegalStateException("Catalog " + name + ": model " + model.name() + " names final model "
                        + model.finalModel() + ", which the catalog does not offer");
            }
        }
        return new ModelCatalog(name, models, config.creditsPerSecond(), config.pricesAsOf().orElse(null),
                config.priceNote().orElse(null));
    }

    public String name() {
        return name;
    }

    public List<Model> models() {
        return List.copyOf(models.values());
    }

    public Optional<Model> model(String model) {
        return Optional.ofNullable(model == null ? null : models.get(model));
    }

    /** When the prices were read from the provider's price list, or null. */
    public String pricesAsOf() {
        return pricesAsOf;
    }

    public String priceNote() {
        return priceNote;
    }

    /**
     * Credits for {@code seconds} of video at {@code size} from the catalog's display-only table
     * ({@code credits-per-second} by resolution class); 0 where the provider sells no credits.
     */
    public int credits(String size, int seconds) {
        return creditsPerSecond.getOrDefault(resolutionClass(size), 0) * seconds;
    }

    public boolean sellsCredits() {
        return !creditsPerSecond.isEmpty();
    }

    /** The same catalog with {@code replaced} as its models (dated prices laid over it). */
    public ModelCatalog withModels(List<Model> replaced) {
        return new ModelCatalog(name, replaced, creditsPerSecond, pricesAsOf, priceNote);
    }

    /** The same catalog with only the models {@code keep} accepts (an operator's allow-list). */
    public ModelCatalog narrowed(java.util.function.Predicate<Model> keep) {
        return new ModelCatalog(name, models.values().stream().filter(keep).toList(), creditsPerSecond, pricesAsOf,
                priceNote);
    }

    /** Empty when the provider renders this combination; otherwise what to change. */
    public Optional<Problem> check(String model, String size, int seconds) {
        Model m = model == null ? null : models.get(model);
        if (m == null) {
            return Optional.of(new Problem("model", "Unknown model '" + model + "'; choose " + or(models.keySet())));
        }
        return m.check(size, seconds);
    }

    /** {@code 480p}, {@code 720p}, {@code 1080p} or {@code 4k}, from the shorter side of {@code WIDTHxHEIGHT}. */
    public static String resolutionClass(String size) {
        String[] parts = size.split("x");
        int shorter = Math.min(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
        return shorter <= 480 ? "480p" : shorter <= 720 ? "720p" : shorter <= 1080 ? "1080p" : "4k";
    }

    /** The dimensions of an explicit size: its resolution class and its reduced aspect ratio. */
    static Dimensions dimensionsOf(String size) {
        String[] parts = size.split("x");
        if (parts.length != 2) {
            throw new IllegalStateException("Size '" + size + "' is not WIDTHxHEIGHT");
        }
        int w = Integer.parseInt(parts[0].trim());
        int h = Integer.parseInt(parts[1].trim());
        int g = gcd(w, h);
        return new Dimensions(w + "x" + h, resolutionClass(size), (w / g) + ":" + (h / g));
    }

    /** {@code 720p} × {@code 16:9} → {@code 1280x720}: the short side from the resolution, the long one from the ratio (even). */
    static String sizeOf(String resolution, String aspectRatio) {
        int shortSide = switch (resolution.toLowerCase(java.util.Locale.ROOT)) {
            case "480p" -> 480;
            case "540p" -> 540;
            case "720p" -> 720;
            case "1080p" -> 1080;
            case "1440p" -> 1440;
            case "4k", "2160p" -> 2160;
            default -> throw new IllegalStateException("Unknown resolution '" + resolution + "'");
        };
        String[] r = aspectRatio.split(":");
        if (r.length != 2) {
            throw new IllegalStateException("Aspect ratio '" + aspectRatio + "' is not W:H");
        }
        int rw = Integer.parseInt(r[0].trim());
        int rh = Integer.parseInt(r[1].trim());
        if (rw >= rh) {
            return even((double) shortSide * rw / rh) + "x" + shortSide;
        }
        return shortSide + "x" + even((double) shortSide * rh / rw);
    }

    private static int even(double value) {
        return (int) Math.round(value / 2) * 2;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? Math.max(1, a) : gcd(b, a % b);
    }

    /** "a, b or c". */
    public static String or(Collection<?> values) {
        List<String> list = values.stream().map(String::valueOf).toList();
        if (list.size() <= 1) {
            return String.join("", list);
        }
        return String.join(", ", list.subList(0, list.size() - 1)) + " or " + list.get(list.size() - 1);
    }
}
