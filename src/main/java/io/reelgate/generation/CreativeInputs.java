package io.reelgate.generation;

import java.util.List;
import java.util.Optional;

import io.reelgate.provider.InputImage;
import io.reelgate.provider.Reference;

/**
 * What a request carries for creative control (issue 30), beside its first frame: reference images
 * that keep a subject or a style ({@link Reference}), an image the video should end on, or the
 * team's finished video it extends ({@code extendsOf}: then its provider, model and size are the
 * source's and {@code seconds} is what the extension adds).
 */
public record CreativeInputs(List<Reference> references, Optional<InputImage> lastFrame, Long extendsOf) {

    public static final CreativeInputs NONE = new CreativeInputs(List.of(), Optional.empty(), null);

    public CreativeInputs {
        references = references == null ? List.of() : List.copyOf(references);
        lastFrame = lastFrame == null ? Optional.empty() : lastFrame;
    }

    /** With these reference images (empty: none). */
    public CreativeInputs withReferences(List<Reference> images) {
        return new CreativeInputs(images, lastFrame, extendsOf);
    }

    /** Ending on this image (empty: none). */
    public CreativeInputs withLastFrame(Optional<InputImage> image) {
        return new CreativeInputs(references, image, extendsOf);
    }

    /** Continuing the team's finished job (null: not an extension). */
    public CreativeInputs extending(Long jobId) {
        return new CreativeInputs(references, lastFrame, jobId);
    }

    /** Whether any of it is there. */
    public boolean any() {
        return !references.isEmpty() || lastFrame.isPresent() || extendsOf != null;
    }
}
