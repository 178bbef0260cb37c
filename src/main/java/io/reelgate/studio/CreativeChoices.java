package io.reelgate.studio;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.reelgate.generation.CreativeInputs;
import io.reelgate.generation.GenerationService;
import io.reelgate.provider.Creative;
import io.reelgate.provider.InputImage;
import io.reelgate.provider.Providers;
import io.reelgate.provider.Reference;
import io.reelgate.provider.VideoProvider;
import io.reelgate.videos.ModelMenu;
import io.reelgate.videos.UploadedImages;
import io.reelgate.web.Forms;

/**
 * The composer's creative choices (issue 30) before any image is uploaded: what the chosen model
 * takes ({@link CreativeRules}) and, for the live estimate, a sketch of what was chosen so far
 * (kinds of the references, whether a first and a last frame are there). The estimate plans the
 * sketch with stand-in images of the right size, so a model with routes is priced on a route that
 * can take the references, and what the provider would refuse is said before anything is sent.
 */
@ApplicationScoped
class CreativeChoices {

    /** What the composer holds so far: the kinds of its chosen references, and its frames. */
    record Sketch(List<Reference.Kind> references, boolean firstFrame, boolean lastFrame) {

        static final Sketch NONE = new Sketch(List.of(), false, false);

        /** From the estimate's query: {@code referenceKind} once per chosen reference, the frames as checkboxes. */
        static Sketch of(List<String> kinds, String firstFrame, String frameKey, String lastFrame) {
            List<Reference.Kind> refs = new ArrayList<>();
            for (String k : kinds == null ? List.<String>of() : kinds) {
                refs.add(kind(k));
            }
            return new Sketch(List.copyOf(refs), Forms.checked(firstFrame) || Forms.blankToNull(frameKey) != null,
                    Forms.checked(lastFrame));
        }

        boolean any() {
            return !references.isEmpty() || lastFrame;
        }
    }

    private final Providers providers;

    CreativeChoices(Providers providers) {
        this.providers = providers;
    }

    /** A reference's kind as posted ({@link UploadedImages#kind}). */
    static Reference.Kind kind(String posted) {
        return UploadedImages.kind(posted);
    }

    /** What the chosen model takes; for a model with routes, what any route the team may use takes. */
    CreativeRules rules(ModelMenu.Choice choice) {
        if (choice.routed()) {
            List<Creative> routes = new ArrayList<>();
            choice.routes().routes().forEach(r -> providers.find(r.provider()).ifPresent(p -> routes.add(p.creative(r.model()))));
            return CreativeRules.of(routes);
        }
        return providers.find(choice.provider()).map(p -> CreativeRules.of(List.of(p.creative(choice.model().name()))))
                .orElse(CreativeRules.NONE);
    }

    /** The request with stand-ins for the sketched images, as the planner should see it. */
    GenerationService.Request sketched(GenerationService.Request request, Sketch sketch) {
        if (!sketch.any() && !sketch.firstFrame()) {
            return request;
        }
        List<Reference> refs = sketch.references().stream().map(k -> new Reference(InputImage.standIn("image/png", "16x16"),
                k)).toList();
        Optional<InputImage> last = sketch.lastFrame() ? Optional.of(InputImage.standIn("image/png", request.size()))
                : Optional.empty();
        Optional<InputImage> first = sketch.firstFrame() ? Optional.of(InputImage.standIn("image/png", request.size()))
                : Optional.empty();
        return request.withImage(first).withCreative(CreativeInputs.NONE.withReferences(refs).withLastFrame(last));
    }

    /** What the chosen provider would refuse of the sketch, in its words (a model with one provider). */
    Optional<String> refusal(String provider, GenerationService.Request r) {
        Optional<VideoProvider> p = providers.find(provider);
        if (p.isEmpty() || !r.creative().any()) {
            return Optional.empty();
        }
        return p.get().refusal(r.create("estimate")).map(e -> e.message());
    }
}
