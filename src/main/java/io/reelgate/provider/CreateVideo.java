package io.reelgate.provider;

import java.util.Optional;

/**
 * A create request: {@code inputReference} becomes the first frame when present; {@code audio}
 * asks for sound where the model lets the request choose (others ignore it).
 */
public record CreateVideo(String model, String prompt, String size, int seconds, Optional<InputImage> inputReference,
        boolean audio) {

    public CreateVideo {
        inputReference = inputReference == null ? Optional.empty() : inputReference;
    }

    public CreateVideo(String model, String prompt, String size, int seconds, Optional<InputImage> inputReference) {
        this(model, prompt, size, seconds, inputReference, true);
    }
}
