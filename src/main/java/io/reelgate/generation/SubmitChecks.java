package io.reelgate.generation;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.reelgate.generation.GenerationService.Refused;
import io.reelgate.generation.GenerationService.Request;
import io.reelgate.provider.Capabilities;
import io.reelgate.provider.InputImage;
import io.reelgate.provider.Providers;
import io.reelgate.provider.Reference;

/** What {@link GenerationService#submit} refuses before anything is reserved or stored, with the field it concerns. */
@ApplicationScoped
class SubmitChecks {

    private final GenerationConfig config;
    private final Providers providers;

    SubmitChecks(GenerationConfig config, Providers providers) {
        this.config = config;
        this.providers = providers;
    }

    /** The request's own text and image, whatever the provider ({@code prompt}: stripped). */
    Optional<Refused> inputs(Request request, String prompt) {
        Optional<String> wrong = PromptText.check(prompt, config.maxPromptLength(),
                "Describe the video you want: the prompt is empty.");
        if (wrong.isPresent()) {
            return Optional.of(new Refused("prompt", wrong.get(), null));
        }
        Optional<String> imageDefect = request.inputImage() == null ? Optional.empty()
                : request.inputImage().flatMap(InputImage::defect);
        if (imageDefect.isPresent()) {
            return Optional.of(new Refused("image", imageDefect.get(), null));
        }
        Optional<String> lastDefect = request.creative().lastFrame().flatMap(InputImage::defect);
        if (lastDefect.isPresent()) {
            return Optional.of(new Refused("lastFrame", "The last frame: " + lastDefect.get(), null));
        }
        for (Reference ref : request.creative().references()) {
            Optional<String> defect = ref.image().defect();
            if (defect.isPresent()) {
                return Optional.of(new Refused("references", "A reference image: " + defect.get(), null));
            }
        }
        if (request.negativePrompt() != null && !request.negativePrompt().isBlank()) {
            Optional<String> negative = PromptText.problem(request.negativePrompt(), "negative prompt");
            if (negative.isPresent()) {
                return Optional.of(new Refused("negativePrompt", negative.get(), null));
            }
        }
        return Optional.empty();
    }

    /** What the provider cannot do of this request, said before anything is reserved or stored. */
    Optional<Refused> provider(String provider, Request r, String prompt) {
        Optional<Capabilities> found = providers.capabilities(provider);
        if (found.isEmpty()) {
            return Optional.of(new Refused("model", providers.disabled(provider) ? providers.label(provider)
                    + " was disabled by an operator and takes no new videos; choose another model"
                    : "The provider '" + provider + "' is not available on this Reelgate.", null));
        }
        Capabilities can = found.get();
        String label = providers.label(provider);
        if (r.remixOf() != null && !can.remix()) {
            return Optional.of(new Refused("remixOf", label + " cannot remix videos. Start a new video with the same "
                    + "prompt, or continue from its last frame, instead.", null));
        }
        if (r.negativePrompt() != null && !r.negativePrompt().isBlank() && !can.negativePrompt()) {
            return Optional.of(new Refused("negativePrompt", label + " takes no negative prompt; say in the prompt what "
                    + "to leave out, or choose another model.", null));
        }
        Optional<String> negativeTooLong = PromptText.tooLong(r.negativePrompt(), "negative prompt",
                can.maxPromptLength(), label);
        if (negativeTooLong.isPresent()) {
            return Optional.of(new Refused("negativePrompt", negativeTooLong.get(), null));
        }
        Optional<String> tooLong = PromptText.tooLong(prompt, "prompt", can.maxPromptLength(), label);
        if (tooLong.isPresent()) {
            return Optional.of(new Refused("prompt", tooLong.get(), null));
        }
        if (r.inputImage().isPresent()) {
            if (!can.imageInput().supported()) {
                return Optional.of(new Refused("image", label + " does not take a first-frame image.", null));
            }
            Optional<Refused> wrong = image("image", "The image", r.inputImage().get(), can, label, r.size(), true);
            if (wrong.isPresent()) {
                return wrong;
            }
        }
        if (r.creative().lastFrame().isPresent()) {
            Optional<Refused> wrong = image("lastFrame", "The last frame", r.creative().lastFrame().get(), can, label,
                    r.size(), true);
            if (wrong.isPresent()) {
                return wrong;
            }
        }
        for (Reference ref : r.creative().references()) {
            Optional<Refused> wrong = image("references", "A reference image", ref.image(), can, label, r.size(), false);
            if (wrong.isPresent()) {
                return wrong;
            }
        }
        if (r.remixOf() != null || r.creative().extendsOf() != null) {
            return Optional.empty();
        }
        return providers.find(provider).flatMap(p -> p.refusal(r.create(prompt))).map(e -> new Refused(e.param() != null ? e.param()
                : "model", e.message(), null));
    }

    /** A frame or reference image the provider would not take: its type, and for frames the video's exact size. */
    private static Optional<Refused> image(String field, String what, InputImage image, Capabilities can, String label,
            String size, boolean frame) {
        if (can.imageInput().supported() && !can.imageInput().accepts(image.contentType())) {
            return Optional.of(new Refused(field, ("image".equals(field) ? "" : what + ": ") + label + " takes "
                    + can.imageInput().formats() + " images, not " + image.format().name() + ".", null));
        }
        if (frame && can.imageInput().mustMatchSize() && !image.size().equals(size)) {
            return Optional.of(new Refused(field, what + " is " + image.size() + " pixels; " + label
                    + " needs exactly " + size + " for a " + size + " video.", null));
        }
        return Optional.empty();
    }
}
