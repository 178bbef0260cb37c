package io.reelgate.studio;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.reelgate.budget.Admission;
import io.reelgate.budget.AdmissionRequest;
import io.reelgate.budget.Estimate;
import io.reelgate.gallery.JobCard;
import io.reelgate.gallery.JobCards;
import io.reelgate.generation.GenerationConfig;
import io.reelgate.generation.GenerationService;
import io.reelgate.generation.JobQueries;
import io.reelgate.generation.JobState;
import io.reelgate.generation.Pipeline;
import io.reelgate.generation.VideoJob;
import io.reelgate.identity.CurrentUser;
import io.reelgate.provider.Capabilities;
import io.reelgate.provider.InputImage;
import io.reelgate.provider.ModelCatalog;
import io.reelgate.storage.ObjectStore;
import io.reelgate.team.CurrentTeam;
import io.reelgate.team.Team;
import io.reelgate.web.Flash;
import io.reelgate.web.Htmx;

/**
 * The studio ({@code /t/{team}/studio}): compose a request with a live estimate and prompt lint,
 * submit it (plain form post, so it works without JavaScript), and watch the team's jobs as cards
 * that refresh themselves until they finish. Models come from every provider the team may use
 * ({@link ModelMenu}); sizes, lengths, sound and the first-frame image follow the chosen model and
 * what its provider can do. Also remix, draft→final and continue-from-frame.
 */
@Path("/t/{team}/studio")
public class StudioResource {

    private static final int PAGE = 12;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH);

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance studio(Team team, Composer form, ModelMenu.Menu menu, ModelMenu.Choice choice,
                Estimate estimate, String offPeak, PromptLint.Result lint, Jobs jobs, JobCard remixSource, int maxPrompt,
                String submission);

        static native TemplateInstance studio$options(Team team, Composer form, ModelMenu.Choice choice,
                ModelMenu.Menu menu);

        static native TemplateInstance studio$estimate(Team team, Composer form, Estimate estimate, String offPeak);

        static native TemplateInstance studio$lint(PromptLint.Result lint);

        static native TemplateInstance studio$jobs(Team team, Jobs jobs);

        static native TemplateInstance studio$card(Team team, JobCard job);
    }

    /**
     * The composer's fields as submitted (text, as typed) and the problems found with them;
     * {@code model} is the choice's form value ({@code provider/model}).
     */
    public record Composer(String prompt, String negativePrompt, String model, String size, String seconds,
            boolean batch, boolean audio, Long remixOf, String frameKey, Map<String, String> errors, String notice) {

        public boolean hasErrors() {
            return !errors.isEmpty();
        }

        public String error(String field) {
            return errors.getOrDefault(field, null);
        }

        public boolean remix() {
            return remixOf != null;
        }

        public int promptLength() {
            return prompt == null ? 0 : prompt.length();
        }

        public String frameUrl(Team team) {
            return frameKey == null ? null : "/t/" + team.slug + "/studio/frame?key=" + frameKey;
        }

        Composer with(Map<String, String> moreErrors, String notice) {
            Map<String, String> all = new LinkedHashMap<>(errors);
            all.putAll(moreErrors);
            return new Composer(prompt, negativePrompt, model, size, seconds, batch, audio, remixOf, frameKey, all, notice);
        }

        static Composer of(String prompt, String model, String size, String seconds, String notice) {
            return new Composer(prompt, null, model, size, seconds, false, false, null, null, Map.of(), notice);
        }
    }

    /** A list of job cards with its filters and the link to the next page. */
    public record Jobs(List<JobCard> cards, boolean mine, String status, String next) {
        public String query() {
            return "mine=" + mine + "&status=" + status;
        }
    }

    private final CurrentTeam team;
    private final CurrentUser user;
    private final ModelMenu models;
    private final Admission admission;
    private final GenerationService generation;
    private final JobQueries jobs;
    private final JobCards cards;
    private final PromptLint lint;
    private final StudioConfig config;
    private final GenerationConfig generationConfig;
    private final ObjectStore store;
    private final LastFrames frames;
    private final Submissions submissions;
    private final Pipeline pipeline;

    StudioResource(CurrentTeam team, CurrentUser user, ModelMenu models, Admission admission,
            GenerationService generation, JobQueries jobs, JobCards cards, PromptLint lint, StudioConfig config,
            GenerationConfig generationConfig, ObjectStore store, LastFrames frames, Submissions submissions,
            Pipeline pipeline) {
        this.submissions = submissions;
        this.pipeline = pipeline;
        this.team = team;
        this.user = user;
        this.models = models;
        this.admission = admission;
        this.generation = generation;
        this.jobs = jobs;
        this.cards = cards;
        this.lint = lint;
        this.config = config;
        this.generationConfig = generationConfig;
        this.store = store;
        this.frames = frames;
    }

    // ------------------------------------------------------------------ page

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance page(@QueryParam("prompt") String prompt, @QueryParam("model") String model,
            @QueryParam("size") String size, @QueryParam("seconds") String seconds, @QueryParam("remix") Long remix,
            @QueryParam("from") Long from, @QueryParam("frame") Long frame, @QueryParam("mine") @DefaultValue("false") boolean mine,
            @QueryParam("status") String status) {
        ModelMenu.Menu menu = models.forTeam(team.id());
        Composer form = Composer.of(prompt, model, size, seconds, null);
        if (remix != null) {
            VideoJob source = finished(remix);
            form = new Composer("", source.negativePrompt, source.provider + "/" + source.model, source.size,
                    Integer.toString(source.seconds),
                    false, source.withAudio, source.id, null, Map.of(), null);
        } else if (from != null) {
            form = finalVersionOf(menu, finished(from));
        } else if (frame != null) {
            VideoJob source = finished(frame);
            String key = frames.extractLastFrame(team.team(), source);
            form = Composer.of(source.prompt, source.provider + "/" + source.model, source.size,
                    Integer.toString(source.seconds), "The last frame of the video is the first frame of this one. "
                            + "Describe what happens next.");
            form = new Composer(form.prompt(), source.negativePrompt, form.model(), form.size(), form.seconds(), false,
                    source.withAudio, null, key,
                    Map.of(), form.notice());
        }
        return render(menu, normalised(menu, form), mine, status);
    }

    private TemplateInstance render(ModelMenu.Menu menu, Composer form, boolean mine, String status) {
        ModelMenu.Choice choice = menu.find(form.model()).orElse(menu.first());
        JobCard remixSource = form.remix() ? jobs.ofTeam(team.id(), form.remixOf())
                .map(j -> cards.card(team.team(), j)).orElse(null) : null;
        return Templates.studio(team.team(), form, menu, choice, estimate(choice, form), offPeak(),
                lint.check(form.prompt()), jobsPage(mine, status, null), remixSource,
                Math.min(generationConfig.maxPromptLength(), choice.capabilities().maxPromptLength()),
                Submissions.newToken());
    }

    /** Draft → final: the same prompt on the catalog's final model, nearest size and duration it offers. */
    private Composer finalVersionOf(ModelMenu.Menu menu, VideoJob draft) {
        Optional<ModelMenu.Choice> pro = menu.find(draft.provider, draft.model).map(c -> c.model().finalModel())
                .flatMap(name -> menu.find(draft.provider, name));
        if (pro.isEmpty()) {
            return Composer.of(draft.prompt, draft.provider + "/" + draft.model, draft.size,
                    Integer.toString(draft.seconds), null);
        }
        ModelCatalog.Model m = pro.get().model();
        String size = m.offers(draft.size) ? draft.size : m.sizes().get(0);
        int seconds = m.seconds().stream().filter(s -> s >= draft.seconds).findFirst()
                .orElse(m.seconds().get(m.seconds().size() - 1));
        return Composer.of(draft.prompt, pro.get().value(), size, Integer.toString(seconds),
                "The draft's prompt, ready for a final version with " + m.label() + ".");
    }

    // ------------------------------------------------------------------ fragments

    @GET
    @Path("options")
    @Produces(MediaType.TEXT_HTML)
    public Response options(@QueryParam("model") String model, @QueryParam("size") String size,
            @QueryParam("seconds") String seconds, @QueryParam("negativePrompt") String negativePrompt,
            @QueryParam("audio") String audio) {
        ModelMenu.Menu menu = models.forTeam(team.id());
        Composer form = normalised(menu, new Composer(null, blankToNull(negativePrompt), model, size, seconds, false,
                checked(audio), null, null, Map.of(), null));
        // the estimate must follow the new size and length choices, not the ones the change event carried
        return Response.ok(Templates.studio$options(team.team(), form, menu.find(form.model()).orElseThrow(), menu))
                .header("HX-Trigger-After-Swap", "estimate-refresh").build();
    }

    @GET
    @Path("estimate")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance estimateFragment(@QueryParam("model") String model, @QueryParam("size") String size,
            @QueryParam("seconds") String seconds, @QueryParam("batch") String batch, @QueryParam("audio") String audio,
            @QueryParam("remixOf") Long remixOf) {
        ModelMenu.Menu menu = models.forTeam(team.id());
        Composer form = normalised(menu, new Composer(null, null, model, size, seconds, checked(batch), checked(audio), remixOf,
                null, Map.of(), null));
        return Templates.studio$estimate(team.team(), form, estimate(menu.find(form.model()).orElseThrow(), form),
                offPeak());
    }

    @GET
    @Path("lint")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance lintFragment(@QueryParam("prompt") String prompt) {
        return Templates.studio$lint(lint.check(prompt));
    }

    @GET
    @Path("jobs")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance jobsFragment(@QueryParam("mine") @DefaultValue("false") boolean mine,
            @QueryParam("status") String status, @QueryParam("after") String after) {
        return Templates.studio$jobs(team.team(), jobsPage(mine, status, after));
    }

    @GET
    @Path("jobs/{id}")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance card(@PathParam("id") long id) {
        VideoJob job = jobs.ofTeam(team.id(), id).orElseThrow(NotFoundException::new);
        return Templates.studio$card(team.team(), cards.card(team.team(), job));
    }

    /** The stored first frame of a continue-from-frame request (only the team's own input images). */
    @GET
    @Path("frame")
    public Response frame(@QueryParam("key") String key) {
        if (key == null || !ownInput(key)) {
            throw new NotFoundException();
        }
        var info = store.stat(key).orElseThrow(NotFoundException::new);
        InputStream body = store.open(key, 0, null);
        return Response.ok(body, info.contentType()).header("Cache-Control", "private, max-age=3600").build();
    }

    // ------------------------------------------------------------------ actions

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.TEXT_HTML)
    public Response submit(@RestForm String prompt, @RestForm String negativePrompt, @RestForm String model,
            @RestForm String size,
            @RestForm String seconds, @RestForm String batch, @RestForm String audio, @RestForm String schedule,
            @RestForm Long remixOf, @RestForm String frameKey, @RestForm("image") FileUpload image,
            @RestForm String submission) {
        ModelMenu.Menu menu = models.forTeam(team.id());
        Composer submitted = new Composer(prompt, blankToNull(negativePrompt), model, size, seconds, checked(batch),
                checked(audio), remixOf,
                blankToNull(frameKey), Map.of(), null);
        Map<String, String> errors = new LinkedHashMap<>();
        Optional<ModelMenu.Choice> chosen = blankToNull(model) == null ? Optional.of(menu.first()) : menu.find(model);
        if (remixOf == null) {
            // Validate what was sent, not what normalising would turn it into: a size the model does not offer
            // must be named next to the size field, never silently swapped for another one.
            if (chosen.isEmpty()) {
                errors.put("model", "Unknown model '" + model + "'; choose one of the list.");
            } else {
                new ModelCatalog(chosen.get().provider(), List.of(chosen.get().model()))
                        .check(chosen.get().model().name(), blankToNull(size), parseSeconds(seconds))
                        .ifPresent(p -> errors.put(p.param(), p.message()));
            }
        }
        Composer form = normalised(menu, errors.isEmpty() ? submitted : submitted.with(errors, null));
        ModelMenu.Choice choice = menu.find(form.model()).orElse(menu.first());
        String text = prompt == null ? "" : prompt.strip();
        if (text.isEmpty()) {
            errors.put("prompt", form.remix() ? "Describe what the remix should change." : "Describe the video you want.");
        } else if (text.length() > generationConfig.maxPromptLength()) {
            errors.put("prompt", "The prompt is " + text.length() + " characters; the limit is "
                    + generationConfig.maxPromptLength() + ".");
        }
        Optional<InputImage> input = Optional.empty();
        if (!errors.containsKey("size") && !form.remix()) {
            input = inputImage(image, form, choice.capabilities(), errors);
        }
        if (!errors.isEmpty()) {
            return Response.status(422).entity(render(menu, form.with(errors, null), false, null)).build();
        }
        GenerationService.Request request = new GenerationService.Request(team.id(), user.id(), choice.provider(),
                choice.model().name(), form.size(), parseSeconds(form.seconds()), text, input, form.remixOf(),
                form.batch(), "true".equals(schedule), form.audio(),
                choice.capabilities().negativePrompt() ? form.negativePrompt() : null);
        Submissions.Outcome outcome = submissions.once(team.id(), submission, () -> generation.submit(request));
        if (outcome instanceof Submissions.Repeat repeat) {
            return Flash.success("This form was already sent; its video is below.")
                    .redirectTo("/t/" + team.slug() + "/studio#job-" + repeat.jobId());
        }
        var result = ((Submissions.Fresh) outcome).submitted();
        pipeline.wake();
        if (result instanceof GenerationService.Refused refused) {
            Map<String, String> reason = new LinkedHashMap<>();
            String field = refused.rejection() != null && refused.rejection().param() != null
                    ? refused.rejection().param() : List.of("prompt", "negativePrompt", "remixOf", "image")
                            .contains(refused.reason())
                            ? refused.reason() : "submit";
            reason.put(field, refused.message());
            return Response.status(422).entity(render(menu, form.with(reason, null), false, null)).build();
        }
        VideoJob job = ((GenerationService.Queued) result).job();
        if (form.frameKey() != null) {
            store.delete(form.frameKey());
        }
        String message = job.notBefore != null
                ? "Queued for " + CLOCK.format(job.notBefore.atZone(team.team().zone())) + ", when the rate limit allows it."
                : job.batch ? "Queued for the off-peak window (" + offPeak() + ")." : "Your video is on its way.";
        return Flash.success(message).redirectTo("/t/" + team.slug() + "/studio#job-" + job.id);
    }

    /** The five-part builder without JavaScript: compose the prompt on the server and show the form again. */
    @POST
    @Path("compose")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance compose(@RestForm String subject, @RestForm String action, @RestForm String setting,
            @RestForm String camera, @RestForm String style, @RestForm String model, @RestForm String size,
            @RestForm String seconds) {
        ModelMenu.Menu menu = models.forTeam(team.id());
        return render(menu, normalised(menu, Composer.of(PromptBuilder.compose(subject, action, setting, camera, style),
                model, size, seconds, "Prompt composed from the builder; edit it as you like.")), false, null);
    }

    @POST
    @Path("jobs/{id}/cancel")
    @Produces(MediaType.TEXT_HTML)
    public Response cancel(@PathParam("id") long id, HttpHeaders headers) {
        VideoJob job = jobs.ofTeam(team.id(), id).orElseThrow(NotFoundException::new);
        GenerationService.Cancel result = generation.cancel(team.id(), job.id);
        if (Htmx.isFragmentRequest(headers)) {
            VideoJob now = jobs.ofTeam(team.id(), id).orElseThrow();
            return Response.ok(Templates.studio$card(team.team(), cards.card(team.team(), now))).build();
        }
        Flash flash = switch (result) {
            case CANCELED -> Flash.success("Canceled; its reservation is released.");
            case REQUESTED -> Flash.success("Canceling at the provider; the card will show when it is done.");
            case TOO_LATE -> throw new jakarta.ws.rs.WebApplicationException(
                    "This video is already being saved or finished, so it can no longer be canceled.", 409);
        };
        return flash.redirectTo("/t/" + team.slug() + "/studio#job-" + id);
    }

    // ------------------------------------------------------------------ helpers

    private Jobs jobsPage(boolean mine, String status, String after) {
        JobQueries.StatusFilter filter = JobQueries.StatusFilter.parse(status);
        JobQueries.Page page = jobs.list(team.id(), mine ? user.id() : null, filter, after, PAGE);
        return new Jobs(cards.cards(team.team(), page.jobs()), mine, filter.param(), page.next());
    }

    private Estimate estimate(ModelMenu.Choice choice, Composer form) {
        return admission.estimate(new AdmissionRequest(team.id(), user.id(), choice.provider(), choice.model().name(),
                form.size(), parseSeconds(form.seconds()), false, form.audio() && choice.model().audioChoice()));
    }

    /** Fills in what is missing or no longer offered with the menu's choices, so selects always match. */
    private Composer normalised(ModelMenu.Menu menu, Composer form) {
        ModelMenu.Choice choice = menu.find(form.model()).orElse(menu.first());
        ModelCatalog.Model model = choice.model();
        String size = form.size() != null && model.offers(form.size()) ? form.size() : model.sizes().get(0);
        int requested = parseSeconds(form.seconds());
        String seconds = model.seconds().contains(requested) ? Integer.toString(requested)
                : Integer.toString(model.seconds().get(0));
        if (form.remix() || form.hasErrors()) {
            size = form.size() == null ? size : form.size();
            seconds = form.seconds() == null ? seconds : form.seconds();
        }
        return new Composer(form.prompt(), form.negativePrompt(), choice.value(), size, seconds, form.batch(),
                form.audio() && model.audioChoice(), form.remixOf(), form.frameKey(), form.errors(), form.notice());
    }

    private Optional<InputImage> inputImage(FileUpload upload, Composer form, Capabilities can,
            Map<String, String> errors) {
        byte[] bytes;
        String name;
        try {
            if (upload != null && upload.uploadedFile() != null && upload.size() == 0 && upload.fileName() != null
                    && !upload.fileName().isBlank()) {
                errors.put("image", "The file " + upload.fileName() + " is empty; choose the image again.");
                return Optional.empty();
            }
            if (upload != null && upload.uploadedFile() != null && upload.size() > 0) {
                if (upload.size() > config.maxImageBytes()) {
                    errors.put("image", "The image is " + mb(upload.size()) + "; the limit is " + mb(config.maxImageBytes())
                            + ". Export it smaller (JPEG or WebP) and try again.");
                    return Optional.empty();
                }
                bytes = Files.readAllBytes(upload.uploadedFile());
                name = upload.fileName();
            } else if (form.frameKey() != null) {
                if (!ownInput(form.frameKey()) || store.stat(form.frameKey()).isEmpty()) {
                    errors.put("image", "That first frame is no longer available; choose the video to continue from again.");
                    return Optional.empty();
                }
                try (InputStream in = store.open(form.frameKey(), 0, null)) {
                    bytes = in.readAllBytes();
                }
                name = "last-frame.png";
            } else {
                return Optional.empty();
            }
        } catch (IOException e) {
            errors.put("image", "The image could not be read; upload it again.");
            return Optional.empty();
        }
        if (!can.imageInput().supported()) {
            errors.put("image", "This provider does not take a first-frame image; remove it or choose another model.");
            return Optional.empty();
        }
        Optional<InputImage> image = InputImage.of(name, bytes);
        if (image.isEmpty() || !can.imageInput().accepts(image.get().contentType())) {
            errors.put("image", "This file is not a " + can.imageInput().formats() + " image (whatever its name says).");
            return Optional.empty();
        }
        if (can.imageInput().mustMatchSize() && !image.get().size().equals(form.size())) {
            errors.put("image", "The image is " + image.get().size() + " pixels; a " + form.size() + " video needs an image of "
                    + "exactly " + form.size() + ". Resize or crop it, or choose the matching size.");
            return Optional.empty();
        }
        return image;
    }

    private VideoJob finished(long id) {
        return jobs.ofTeam(team.id(), id).filter(j -> j.state == JobState.COMPLETED).orElseThrow(NotFoundException::new);
    }

    private String offPeak() {
        GenerationConfig.OffPeak w = generationConfig.offPeak();
        return w.start() + "–" + w.end() + " " + ZoneId.of(w.zone()).getId();
    }

    private String inputPrefix() {
        return "teams/" + team.id() + "/inputs/";
    }

    /** A key of one of this team's stored input images (a plain name under its inputs/, nothing else). */
    private boolean ownInput(String key) {
        return key.startsWith(inputPrefix()) && key.substring(inputPrefix().length()).matches("[A-Za-z0-9][A-Za-z0-9._-]{0,120}")
                && !key.contains("..");
    }

    private static boolean checked(String value) {
        return "on".equals(value) || "true".equals(value);
    }

    private static int parseSeconds(String seconds) {
        try {
            return seconds == null ? 0 : Integer.parseInt(seconds.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static String mb(long bytes) {
        return String.format(Locale.ENGLISH, "%.1f MB", bytes / 1048576.0);
    }
}
