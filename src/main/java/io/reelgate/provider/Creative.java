package io.reelgate.provider;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What one model of a provider can do for creative control (issue 30): reference images that keep a
 * subject or a style in every shot, a last frame, and extending a video it made. Declared by the
 * adapter per model ({@link VideoProvider#creative(String)}) from REFERENCE.md and overridable per
 * model in configuration ({@code reelgate.providers.<name>.creative."<model>".*},
 * {@link ProvidersConfig.CreativeOverrides}), where the reference leaves a rule UNCONFIRMED.
 * {@link #refusal} says, before anything is reserved, what the provider would refuse of a request.
 */
public record Creative(References references, LastFrame lastFrame, Extension extension) {

    public static final Creative NONE = new Creative(References.NONE, LastFrame.NONE, Extension.NONE);

    /**
     * @param max how many reference images one request may carry (0: none)
     * @param kinds which kinds it takes
     * @param withFirstFrame whether references may come with a first frame
     * @param withLastFrame whether references may come with a last frame
     * @param aspectRatios the only aspect ratios a video with references may have (empty: any the model makes)
     * @param seconds the only lengths a video with references may have (empty: any the model makes)
     */
    public record References(int max, Set<Reference.Kind> kinds, boolean withFirstFrame, boolean withLastFrame,
            List<String> aspectRatios, List<Integer> seconds) {

        public static final References NONE = new References(0, Set.of(), false, false, List.of(), List.of());

        public References {
            kinds = kinds.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(kinds));
            aspectRatios = List.copyOf(aspectRatios);
            seconds = List.copyOf(seconds);
        }

        /** Up to {@code max} references of {@code kinds}, alone (no first or last frame), at any shape and length. */
        public static References upTo(int max, Reference.Kind... kinds) {
            return new References(max, Set.of(kinds), false, false, List.of(), List.of());
        }

        /** The same, only for videos of these aspect ratios and lengths. */
        public References onlyAt(List<String> ratios, List<Integer> lengths) {
            return new References(max, kinds, withFirstFrame, withLastFrame, ratios, lengths);
        }

        /** The same, combinable with a first frame and a last frame as said. */
        public References combinable(boolean firstFrame, boolean lastFrame) {
            return new References(max, kinds, firstFrame, lastFrame, aspectRatios, seconds);
        }

        public boolean supported() {
            return max > 0 && !kinds.isEmpty();
        }
    }

    /** Whether the video can end on a given image, and whether that needs a first frame too. */
    public record LastFrame(boolean supported, boolean needsFirstFrame) {
        public static final LastFrame NONE = new LastFrame(false, false);
        /** With a first frame only (Veo: "lastFrame is image-to-video only"). */
        public static final LastFrame WITH_FIRST_FRAME = new LastFrame(true, true);
        /** With or without a first frame. */
        public static final LastFrame ALONE = new LastFrame(true, false);
    }

    /**
     * Making a finished video longer ({@link VideoExtender}). The source is always a video this
     * provider made and still holds (its own output, within its lifetime), never an upload.
     *
     * @param minSeconds the least one extension adds
     * @param maxSeconds the most one extension adds
     * @param maxSourceSeconds the longest source it extends (0: no limit known)
     */
    public record Extension(boolean supported, int minSeconds, int maxSeconds, int maxSourceSeconds) {
        public static final Extension NONE = new Extension(false, 0, 0, 0);

        public static Extension adding(int minSeconds, int maxSeconds, int maxSourceSeconds) {
            return new Extension(true, minSeconds, maxSeconds, maxSourceSeconds);
        }

        public VideoExtender.Limits limits() {
            return new VideoExtender.Limits(minSeconds, maxSeconds);
        }

        /** What the provider would refuse of an extension of a {@code label} video, in a sentence for people. */
        public Optional<ProviderError> refusal(VideoExtender.ExtendVideo request, String label) {
            if (!supported) {
                return refuse("video", label + " videos cannot be extended here.");
            }
            if (request.seconds() < minSeconds || request.seconds() > maxSeconds) {
                return refuse("seconds", minSeconds == maxSeconds
                        ? "An extension of " + label + " adds exactly " + minSeconds + " seconds, not " + request.seconds() + "."
                        : "An extension of " + label + " adds " + minSeconds + " to " + maxSeconds + " seconds, not "
                                + request.seconds() + ".");
            }
            if (maxSourceSeconds > 0 && request.sourceSeconds() > maxSourceSeconds) {
                return refuse("video", label + " extends videos of up to " + maxSourceSeconds + " seconds; this one is "
                        + request.sourceSeconds() + " seconds long.");
            }
            return Optional.empty();
        }
    }

    /** Whether any of it is there (for docs and the studio: hide what a model cannot do). */
    public boolean any() {
        return references.supported() || lastFrame.supported() || extension.supported();
    }

    /**
     * What the provider would refuse of {@code request} for a {@code label} model (too many
     * references, a kind it does not take, references with frames they do not combine with, a shape or
     * length references do not allow, a last frame it does not take or without the first frame it
     * needs): an {@link ProviderError.Kind#INVALID_REQUEST} naming {@code references} or
     * {@code lastFrame}, with a sentence for people.
     *
     * @param aspectRatio the request's aspect ratio ({@code 16:9}), or null when the catalog does not say
     */
    public Optional<ProviderError> refusal(CreateVideo request, String label, String aspectRatio) {
        List<Reference> refs = request.references();
        if (!refs.isEmpty()) {
            if (!references.supported()) {
                return refuse("references", label + " takes no reference images: remove them, or choose a model that does.");
            }
            if (refs.size() > references.max()) {
                return refuse("references", label + " takes at most " + references.max() + " reference image"
                        + (references.max() == 1 ? "" : "s") + "; this request has " + refs.size() + ".");
            }
            Optional<Reference.Kind> wrong = refs.stream().map(Reference::kind).filter(k -> !references.kinds().contains(k))
                    .findFirst();
            if (wrong.isPresent()) {
                return refuse("references", label + " takes " + ModelCatalog.or(references.kinds().stream().sorted()
                        .map(Reference.Kind::label).toList()) + " references only, no " + wrong.get().label() + " references.");
            }
            if (request.inputReference().isPresent() && !references.withFirstFrame()) {
                return refuse("references", label + " cannot combine reference images with a first frame: keep one or "
                        + "the other.");
            }
            if (request.lastFrame().isPresent() && !references.withLastFrame()) {
                return refuse("references", label + " cannot combine reference images with a last frame: keep one or "
                        + "the other.");
            }
            if (!references.aspectRatios().isEmpty() && aspectRatio != null
                    && !references.aspectRatios().contains(aspectRatio)) {
                return refuse("references", "With reference images, " + label + " makes only "
                        + ModelCatalog.or(references.aspectRatios()) + " videos, not " + aspectRatio + ".");
            }
            if (!references.seconds().isEmpty() && !references.seconds().contains(request.seconds())) {
                return refuse("references", "With reference images, " + label + " makes only "
                        + ModelCatalog.or(references.seconds()) + "-second videos, not " + request.seconds() + " seconds.");
            }
        }
        if (request.lastFrame().isPresent()) {
            if (!lastFrame.supported()) {
                return refuse("lastFrame", label + " takes no last frame: remove it, or choose a model that does.");
            }
            if (lastFrame.needsFirstFrame() && request.inputReference().isEmpty()) {
                return refuse("lastFrame", label + " needs a first frame with a last one: add the first frame.");
            }
        }
        return Optional.empty();
    }

    /** Applies configured overrides on top of the declaration. */
    public Creative with(ProvidersConfig.CreativeOverrides o) {
        References r = new References(o.maxReferences().orElse(references.max()),
                o.referenceKinds().<Set<Reference.Kind>>map(Set::copyOf).orElse(references.kinds()),
                o.referencesWithFirstFrame().orElse(references.withFirstFrame()),
                o.referencesWithLastFrame().orElse(references.withLastFrame()),
                o.referenceAspectRatios().orElse(references.aspectRatios()),
                o.referenceSeconds().orElse(references.seconds()));
        LastFrame l = new LastFrame(o.lastFrame().orElse(lastFrame.supported()),
                o.lastFrameNeedsFirstFrame().orElse(lastFrame.needsFirstFrame()));
        Extension e = new Extension(o.extension().orElse(extension.supported()),
                o.extensionMinSeconds().orElse(extension.minSeconds()), o.extensionMaxSeconds().orElse(extension.maxSeconds()),
                o.extensionMaxSourceSeconds().orElse(extension.maxSourceSeconds()));
        return new Creative(r, l, e);
    }

    static Optional<ProviderError> refuse(String param, String message) {
        return Optional.of(new ProviderError(ProviderError.Kind.INVALID_REQUEST, "invalid_request", message, param, null, 0));
    }
}
