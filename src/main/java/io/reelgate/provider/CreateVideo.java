package io.reelgate.provider;

import java.util.Optional;

/** A create request: {@code inputReference} becomes the first frame when present. */
public record CreateVideo(String model, String prompt, String size, int seconds, Optional<InputImage> inputReference) {

    public CreateVideo {
        inputReference = inputReference == null ? Optional.empty() : inputReference;
    }
}
