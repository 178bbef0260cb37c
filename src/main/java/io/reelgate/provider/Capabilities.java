package io.reelgate.provider;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What one provider can do, declared by its adapter (or preset) and overridable in configuration
 * ({@code reelgate.providers.<name>.capabilities.*}). The pipeline, studio, gallery and video page
 * ask these instead of assuming Sora: they poll where there are no webhooks, derive what is not
 * delivered, hide remix where there is none, and never call a delete that does not exist.
 *
 * @param variants what the provider can download besides nothing: always {@link Variant#VIDEO},
 *        sometimes a thumbnail and a spritesheet (anything missing is derived from the video)
 * @param webhooks how the provider signs completion webhooks, or {@link WebhookSigning#NONE}
 * @param resultTtl how long a finished video stays downloadable when the provider does not say
 *        (e.g. Replicate: 1 hour); null when unknown
 * @param negativePrompt whether it takes a negative prompt (what the video should not show)
 */
public record Capabilities(Set<Variant> variants, WebhookSigning webhooks, boolean remix, ImageInput imageInput,
        boolean list, boolean delete, boolean cancel, Delivery delivery, Duration resultTtl, boolean audio,
        int maxPromptLength, boolean negativePrompt) {

    /** How completion webhooks are verified. */
    public enum WebhookSigning {
        /** No webhooks: status by polling only. */
        NONE,
        /** Standard Webhooks: HMAC-SHA256 with a {@code whsec_} secret (OpenAI, Gemini static webhooks, Replicate). */
        STANDARD_WEBHOOKS,
        /** The provider's own scheme, checked by its adapter ({@link VideoProvider#verifyWebhook}). */
        OWN
    }

    /** How a finished video is fetched. */
    public enum Delivery {
        /** A download endpoint of the API, with the API key ({@code GET /videos/{id}/content}). */
        DOWNLOAD_ENDPOINT,
        /** A URL handed back in the status, fetched promptly (such URLs expire). */
        RESULT_URL
    }

    /** Whether and how the provider takes a first-frame image. */
    public record ImageInput(Set<String> mediaTypes, boolean mustMatchSize) {
        public static final ImageInput NONE = new ImageInput(Set.of(), false);

        public boolean supported() {
            return !mediaTypes.isEmpty();
        }

        public boolean accepts(String mediaType) {
            return mediaTypes.contains(mediaType);
        }

        /** "JPEG, PNG or WebP", for messages. */
        public String formats() {
            List<String> names = mediaTypes.stream().sorted().map(t -> switch (t) {
                case "image/jpeg" -> "JPEG";
                case "image/png" -> "PNG";
                case "image/webp" -> "WebP";
                default -> t;
            }).toList();
            return ModelCatalog.or(names);
        }
    }

    public Capabilities {
        variants = variants.isEmpty() ? EnumSet.of(Variant.VIDEO) : EnumSet.copyOf(variants);
        variants.add(Variant.VIDEO);
        variants = Set.copyOf(variants);
    }

    public boolean serves(Variant variant) {
        return variants.contains(variant);
    }

    /** Whether Reelgate makes the poster or the preview itself (the provider does not deliver both). */
    public boolean derivesPreviews() {
        return !variants.contains(Variant.THUMBNAIL) || !variants.contains(Variant.SPRITESHEET);
    }

    public boolean byResultUrl() {
        return delivery == Delivery.RESULT_URL;
    }

    public boolean webhooksSupported() {
        return webhooks != WebhookSigning.NONE;
    }

    /** The variants as the API names them, e.g. {@code video, thumbnail}, for the operator console and docs. */
    public String variantNames() {
        return variants.stream().sorted().map(Variant::apiName).collect(Collectors.joining(", "));
    }

    /** Applies configured overrides on top of the declared capabilities. */
    public Capabilities with(ProvidersConfig.CapabilityOverrides o) {
        Set<Variant> v = o.variants().map(names -> names.stream().map(n -> Variant.fromApiName(n.trim()
                .toLowerCase(Locale.ROOT))).collect(Collectors.toCollection(() -> EnumSet.noneOf(Variant.class))))
                .map(set -> (Set<Variant>) set).orElse(variants);
        ImageInput image = imageInput;
        if (o.imageInput().isPresent() && !o.imageInput().get()) {
            image = ImageInput.NONE;
        } else if (o.imageFormats().isPresent() || o.imageMustMatchSize().isPresent()) {
            Set<String> types = o.imageFormats().map(l -> l.stream().map(String::trim).collect(Collectors.toSet()))
                    .orElse(imageInput.supported() ? imageInput.mediaTypes() : Set.of("image/jpeg", "image/png", "image/webp"));
            image = new ImageInput(Set.copyOf(types), o.imageMustMatchSize().orElse(imageInput.mustMatchSize()));
        }
        return new Capabilities(v, o.webhooks().orElse(webhooks), o.remix().orElse(remix), image, o.list().orElse(list),
                o.delete().orElse(delete), o.cancel().orElse(cancel), o.delivery().orElse(delivery),
                o.resultTtl().orElse(resultTtl), o.audio().orElse(audio), o.maxPromptLength().orElse(maxPromptLength),
                o.negativePrompt().orElse(negativePrompt));
    }
}
