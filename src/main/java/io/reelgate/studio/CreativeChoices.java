package io.reelgate.studio;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import javax.imageio.ImageIO;

import jakarta.enterprise.context.ApplicationScoped;

import io.reelgate.videos.UploadedImages;
import io.reelgate.videos.ModelMenu;
import io.reelgate.generation.CreativeInputs;
import io.reelgate.generation.GenerationService;
import io.reelgate.provider.CreateVideo;
import io.reelgate.provider.Creative;
import io.reelgate.provider.InputImage;
import io.reelgate.provider.Providers;
import io.reelgate.provider.Reference;
import io.reelgate.provider.VideoProvider;
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
    private final Map<String, InputImage> standIns = new ConcurrentHashMap<>();

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
        List<Reference> refs = sketch.references().stream().map(k -> new Reference(standIn("16x16"), k)).toList();
        Optional<InputImage> last = sketch.lastFrame() ? Optional.of(standIn(request.size())) : Optional.empty();
        Optional<InputImage> first = sketch.firstFrame() ? Optional.of(standIn(request.size())) : Optional.empty();
        return request.withImage(first).withCreative(CreativeInputs.NONE.withReferences(refs).withLastFrame(last));
    }

    /** What the chosen provider would refuse of the sketch, in its words (a model with one provider). */
    Optional<String> refusal(String provider, GenerationService.Request r) {
        Optional<VideoProvider> p = providers.find(provider);
        if (p.isEmpty() || !r.creative().any()) {
            return Optional.empty();
        }
        CreateVideo create = new CreateVideo(r.model(), "estimate", r.size(), r.seconds(), r.inputImage(), r.audio(), null)
                .withReferences(r.creative().references());
        CreateVideo asked = r.creative().lastFrame().map(create::withLastFrame).orElse(create);
        return p.get().refusal(asked).map(e -> e.message());
    }

    /** A plain PNG of {@code size} pixels: the planner checks type and size, never looks at the picture. */
    private InputImage standIn(String size) {
        return standIns.computeIfAbsent(size, s -> {
            String[] wh = s.split("x");
            int w = wh.length == 2 ? Math.max(1, Math.min(4096, Forms.intOrZero(wh[0]))) : 16;
            int h = wh.length == 2 ? Math.max(1, Math.min(4096, Forms.intOrZero(wh[1]))) : 16;
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            try {
                ImageIO.write(new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY), "png", png);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return InputImage.of("stand-in.png", png.toByteArray()).orElseThrow();
        });
    }
}
