package io.reelgate.studio;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.resteasy.reactive.multipart.FileUpload;

import io.reelgate.generation.CreativeInputs;
import io.reelgate.generation.GenerationConfig;
import io.reelgate.generation.PromptText;
import io.reelgate.generation.GenerationService;
import io.reelgate.generation.JobView;
import io.reelgate.provider.InputImage;
import io.reelgate.provider.ModelCatalog;
import io.reelgate.team.Team;
import io.reelgate.web.FormValidator;
import io.reelgate.web.Forms;
import io.reelgate.videos.LastFrames;
import io.reelgate.videos.ModelMenu;
import io.reelgate.videos.UploadedImages;

/**
 * The composer's rules, apart from HTTP: how a form is filled from an earlier video (remix,
 * draft → final on the catalog's final model, continue from the last frame), how missing choices are
 * filled in from the menu, and what a posted form must satisfy before it becomes a
 * {@link GenerationService.Request}.
 */
@ApplicationScoped
class Composing {

    /**
     * A posted form after checking: the form to show again, the model chosen, its problems, its first
     * frame and its reference images and last frame.
     */
    record Checked(Composer form, ModelMenu.Choice choice, Map<String, String> errors, Optional<InputImage> image,
            CreativeInputs creative) {
        boolean valid() {
            return errors.isEmpty();
        }
    }

    /** The composer's creative uploads: reference slots in order with their kinds (by slot), and the last frame. */
    record Uploads(List<FileUpload> references, List<String> kinds, FileUpload lastFrame) {

        /** From every file of the form: {@code reference1}, {@code reference2} … in slot order. */
        static Uploads of(List<FileUpload> all, List<String> kinds, FileUpload lastFrame) {
            List<FileUpload> slots = (all == null ? List.<FileUpload>of() : all).stream()
                    .filter(f -> f.name() != null && f.name().matches("reference[1-9]"))
                    .sorted(java.util.Comparator.comparing(FileUpload::name)).toList();
            return new Uploads(slots, kinds == null ? List.of() : kinds, lastFrame);
        }
    }

    private final GenerationConfig config;
    private final FormValidator validator;
    private final UploadedImages images;
    private final LastFrames frames;

    Composing(GenerationConfig config, FormValidator validator, UploadedImages images, LastFrames frames) {
        this.config = config;
        this.validator = validator;
        this.images = images;
        this.frames = frames;
    }

    /** A remix of a finished video: its settings, an empty prompt for what to change. */
    Composer remixOf(JobView source) {
        return new Composer("", source.negativePrompt(), value(source), source.size(), Integer.toString(source.seconds()), false,
                source.withAudio(), source.id(), null, Map.of(), null, false);
    }

    /** Continue from a finished video: its settings and prompt, its stored last frame as the first frame. */
    Composer continueFrom(Team team, JobView source) {
        String key = frames.extractLastFrame(team, source);
        return new Composer(source.prompt(), source.negativePrompt(), value(source), source.size(),
                Integer.toString(source.seconds()), false, source.withAudio(), null, key, Map.of(),
                "The last frame of the video is the first frame of this one. Describe what happens next.", false);
    }

    /** Draft → final: the same prompt on the catalog's final model, nearest size and duration it offers. */
    Composer finalVersionOf(ModelMenu.Menu menu, JobView draft) {
        Optional<ModelMenu.Choice> pro = menu.find(draft.provider(), draft.model()).map(c -> c.model().finalModel())
                .flatMap(name -> menu.find(draft.provider(), name));
        if (pro.isEmpty()) {
            return Composer.of(draft.prompt(), value(draft), draft.size(), Integer.toString(draft.seconds()), null);
        }
        ModelCatalog.Model m = pro.get().model();
        String size = m.offers(draft.size()) ? draft.size() : m.sizes().get(0);
        int seconds = m.seconds().stream().filter(s -> s >= draft.seconds()).findFirst()
                .orElse(m.seconds().get(m.seconds().size() - 1));
        return Composer.of(draft.prompt(), pro.get().value(), size, Integer.toString(seconds),
                "The draft's prompt, ready for a final version with " + m.label() + ".");
    }

    /** Fills in what is missing or no longer offered with the menu's choices, so selects always match. */
    Composer normalised(ModelMenu.Menu menu, Composer form) {
        ModelMenu.Choice choice = menu.find(form.model()).orElse(menu.first());
        ModelCatalog.Model model = choice.model();
        String size = form.size() != null && model.offers(form.size()) ? form.size() : model.sizes().get(0);
        int requested = Forms.intOrZero(form.seconds());
        String seconds = model.seconds().contains(requested) ? Integer.toString(requested)
                : Integer.toString(model.seconds().get(0));
        if (form.remix() || form.hasErrors()) {
            size = form.size() == null ? size : form.size();
            seconds = form.seconds() == null ? seconds : form.seconds();
        }
        return form.choosing(choice.value(), size, seconds, form.audio() && model.audioChoice());
    }

    /**
     * Everything a posted form must satisfy before it is submitted. What was sent is validated, not
     * what normalising would turn it into: a size the model does not offer is named next to the size
     * field, never silently swapped for another one.
     */
    Checked check(ModelMenu.Menu menu, long teamId, ComposerForm posted, FileUpload upload, Uploads creative) {
        Map<String, String> errors = new LinkedHashMap<>();
        Optional<ModelMenu.Choice> chosen = Forms.blankToNull(posted.model()) == null ? Optional.of(menu.first())
                : menu.find(posted.model());
        if (posted.remixOf() == null) {
            if (chosen.isEmpty()) {
                errors.put("model", "Unknown model '" + posted.model() + "'; choose one of the list.");
            } else {
                chosen.get().model().check(Forms.blankToNull(posted.size()), Forms.intOrZero(posted.seconds()))
                        .ifPresent(p -> errors.put(p.param(), p.message()));
            }
        }
        Composer submitted = posted.composer();
        Composer form = normalised(menu, errors.isEmpty() ? submitted : submitted.with(errors, null));
        ModelMenu.Choice choice = menu.find(form.model()).orElse(menu.first());
        errors.putAll(validator.errors(posted, posted.group()));
        if (!errors.containsKey("prompt")) {
            PromptText.tooLong(posted.prompt(), "prompt", config.maxPromptLength(), null)
                    .ifPresent(problem -> errors.put("prompt", problem));
        }
        Optional<InputImage> image = errors.containsKey("size") || form.remix() ? Optional.empty()
                : images.read(teamId, upload, form.size(), form.frameKey(), choice.capabilities(), errors);
        CreativeInputs inputs = CreativeInputs.NONE;
        if (!form.remix() && !errors.containsKey("size")) {
            inputs = inputs.withReferences(images.references(creative.references(), creative.kinds(), choice.capabilities(),
                    errors)).withLastFrame(images.lastFrame(creative.lastFrame(), form.size(), choice.capabilities(), errors));
        }
        return new Checked(form.with(errors, null), choice, errors, image, inputs);
    }

    /** The request a checked form makes. */
    GenerationService.Request request(long teamId, long userId, Checked checked, ComposerForm posted) {
        Composer form = checked.form();
        ModelMenu.Choice choice = checked.choice();
        return GenerationService.Request.of(teamId, userId, choice.requestProvider(), choice.model().name(), form.size(),
                Forms.intOrZero(form.seconds()), posted.prompt()).withImage(checked.image())
                .withCreative(checked.creative()).withRemixOf(form.remixOf())
                .withBatch(form.batch()).withScheduleIfLimited(posted.schedule()).withAudio(form.audio())
                .withNegativePrompt(choice.capabilities().negativePrompt() ? form.negativePrompt() : null);
    }

    /** A refusal of the submission as a field error: next to the field it concerns, else above the button. */
    static Map<String, String> errorsOf(GenerationService.Refused refused) {
        String field = refused.rejection() != null && refused.rejection().param() != null ? refused.rejection().param()
                : List.of("prompt", "negativePrompt", "remixOf", "image", "references", "lastFrame").contains(refused.reason()) ? refused.reason()
                        : "submit";
        return Map.of(field, refused.message());
    }

    /** The model a job was asked for: its model id where it has routes, else {@code provider/model}. */
    private static String value(JobView job) {
        return job.modelId() != null ? job.modelId() : job.provider() + "/" + job.model();
    }
}
