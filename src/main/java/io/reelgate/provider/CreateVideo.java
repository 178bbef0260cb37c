package io.reelgate.provider;

import java.util.List;
import java.util.Optional;

/**
 * A create request: {@code inputReference} becomes the first frame when present; {@code audio}
 * asks for sound where the model lets the request choose (others ignore it);
 * {@code negativePrompt} (nullable) says what the video should not show, for providers that take
 * one; {@code lastFrame} is where the video should end and {@code seed} (nullable) makes a
 * generation repeatable, for providers that take them (Vertex AI); {@code references} (never null)
 * are images whose subject or style every shot keeps, where the model takes them
 * ({@link VideoProvider#creative(String)} says how many, which kinds, and with what).
 */
public record CreateVideo(String model, String prompt, String size, int seconds, Optional<InputImage> inputReference,
        boolean audio, String negativePrompt, Optional<InputImage> lastFrame, Long seed, List<Reference> references) {

    public CreateVideo {
        inputReference = inputReference == null ? Optional.empty() : inputReference;
        negativePrompt = negativePrompt == null || negativePrompt.isBlank() ? null : negativePrompt.strip();
        lastFrame = lastFrame == null ? Optional.empty() : lastFrame;
        references = references == null ? List.of() : List.copyOf(references);
    }

    public CreateVideo(String model, String prompt, String size, int seconds, Optional<InputImage> inputReference,
            boolean audio, String negativePrompt, Optional<InputImage> lastFrame, Long seed) {
        this(model, prompt, size, seconds, inputReference, audio, negativePrompt, lastFrame, seed, List.of());
    }

    public CreateVideo(String model, String prompt, String size, int seconds, Optional<InputImage> inputReference,
            boolean audio, String negativePrompt) {
        this(model, prompt, size, seconds, inputReference, audio, negativePrompt, Optional.empty(), null);
    }

    /** The same request ending on {@code image}. */
    public CreateVideo withLastFrame(InputImage image) {
        return new CreateVideo(model, prompt, size, seconds, inputReference, audio, negativePrompt, Optional.of(image), seed,
                references);
    }

    /** The same request ending on {@code image}, if there is one. */
    public CreateVideo withLastFrame(Optional<InputImage> image) {
        return image.map(this::withLastFrame).orElse(this);
    }

    /** The same request with a fixed seed. */
    public CreateVideo withSeed(long value) {
        return new CreateVideo(model, prompt, size, seconds, inputReference, audio, negativePrompt, lastFrame, value,
                references);
    }

    /** The same request keeping the subjects or styles of {@code images} in every shot. */
    public CreateVideo withReferences(List<Reference> images) {
        return new CreateVideo(model, prompt, size, seconds, inputReference, audio, negativePrompt, lastFrame, seed, images);
    }

    /** The same request keeping the subjects or styles of {@code images} in every shot. */
    public CreateVideo withReferences(Reference... images) {
        return withReferences(List.of(images));
    }

    public CreateVideo(String model, String prompt, String size, int seconds, Optional<InputImage> inputReference,
            boolean audio) {
        this(model, prompt, size, seconds, inputReference, audio, null);
    }

    public CreateVideo(String model, String prompt, String size, int seconds, Optional<InputImage> inputReference) {
        this(model, prompt, size, seconds, inputReference, true, null);
    }
}
