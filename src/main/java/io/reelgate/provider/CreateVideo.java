package io.reelgate.provider;

import java.util.Optional;

/**
 * A create request: {@code inputReference} becomes the first frame when present; {@code audio}
 * asks for sound where the model lets the request choose (others ignore it);
 * {@code negativePrompt} (nullable) says what the video should not show, for providers that take
 * one.
 */
public record CreateVideo(String model, String prompt, String size, int seconds, Optional<InputImage> inputReference,
        boolean audio, String negativePrompt) {

    public CreateVideo {
        inputReference = inputReference == null ? Optional.empty() : inputReference;
        negativePrompt = negativePrompt == null || negativePrompt.isBlank() ? null : negativePrompt.strip();
    }

    public CreateVideo(String model, String prompt, String size, int seconds, Optional<InputImage> inputReference,
            boolean audio) {
        this(model, prompt, size, seconds, inputReference, audio, null);
    }

    public CreateVideo(String model, String prompt, String size, int seconds, Optional<InputImage> inputReference) {
        this(model, prompt, size, seconds, inputReference, true, null);
    }
}
