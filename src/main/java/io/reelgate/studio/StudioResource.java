package io.reelgate.studio;

import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.reelgate.videos.ModelMenu;
import io.reelgate.budget.Estimate;
import io.reelgate.team.TeamUrls;
import io.reelgate.videos.JobCard;
import io.reelgate.videos.JobCards;
import io.reelgate.generation.Claim;
import io.reelgate.generation.GenerationService;
import io.reelgate.generation.JobQueries;
import io.reelgate.generation.JobState;
import io.reelgate.generation.JobView;
import io.reelgate.identity.CurrentUser;
import io.reelgate.storage.ObjectStore;
import io.reelgate.team.CurrentTeam;
import io.reelgate.team.Team;
import io.reelgate.web.Flash;
import io.reelgate.web.Htmx;

/**
 * The studio ({@code /t/{team}/studio}), HTTP only: compose a request with a live estimate and prompt
 * lint, submit it (plain form post, so it works without JavaScript), and watch the team's jobs as cards
 * that refresh themselves until they finish. The composer's rules are {@link Composing}'s, the page's
 * content {@link StudioPage}'s; models come from every provider the team may use ({@link ModelMenu}).
 */
@Path("/t/{team}/studio")
public class StudioResource {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH);

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance studio(Team team, Composer form, ModelMenu.Menu menu, ModelMenu.Choice choice,
                CreativeRules rules, Estimate estimate, String creativeProblem, String offPeak, PromptLint.Result lint, StudioPage.Jobs jobs, JobCard remixSource,
                int maxPrompt, String submission);

        static native TemplateInstance studio$options(Team team, Composer form, ModelMenu.Choice choice,
                ModelMenu.Menu menu, CreativeRules rules);

        static native TemplateInstance studio$estimate(Team team, Composer form, Estimate estimate,
                String creativeProblem, String offPeak);

        static native TemplateInstance studio$lint(PromptLint.Result lint);

        static native TemplateInstance studio$jobs(Team team, StudioPage.Jobs jobs);

        static native TemplateInstance studio$card(Team team, JobCard job);
    }

    private final CurrentTeam team;
    private final CurrentUser user;
    private final ModelMenu models;
    private final Composing composing;
    private final StudioPage page;
    private final GenerationService generation;
    private final JobQueries jobs;
    private final JobCards cards;
    private final ObjectStore store;

    StudioResource(CurrentTeam team, CurrentUser user, ModelMenu models, Composing composing, StudioPage page,
            GenerationService generation, JobQueries jobs, JobCards cards, ObjectStore store) {
        this.team = team;
        this.user = user;
        this.models = models;
        this.composing = composing;
        this.page = page;
        this.generation = generation;
        this.jobs = jobs;
        this.cards = cards;
        this.store = store;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance page(@QueryParam("prompt") String prompt, @QueryParam("model") String model,
            @QueryParam("size") String size, @QueryParam("seconds") String seconds, @QueryParam("remix") Long remix,
            @QueryParam("from") Long from, @QueryParam("frame") Long frame,
            @QueryParam("mine") @DefaultValue("false") boolean mine, @QueryParam("status") String status) {
        ModelMenu.Menu menu = models.forTeam(team.id());
        Composer form = remix != null ? composing.remixOf(finished(remix))
                : from != null ? composing.finalVersionOf(menu, finished(from))
                        : frame != null ? composing.continueFrom(team.team(), finished(frame))
                                : Composer.of(prompt, model, size, seconds, null);
        return page.render(team.team(), user.id(), menu, composing.normalised(menu, form), mine, status);
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.TEXT_HTML)
    public Response submit(@RestForm String prompt, @RestForm String negativePrompt, @RestForm String model,
            @RestForm String size, @RestForm String seconds, @RestForm String batch, @RestForm String audio,
            @RestForm String schedule, @RestForm Long remixOf, @RestForm String frameKey,
            @RestForm("image") FileUpload image, @RestForm String submission,
            @RestForm(FileUpload.ALL) List<FileUpload> files, @RestForm("referenceKind") List<String> referenceKinds,
            @RestForm("lastFrame") FileUpload lastFrame) {
        ModelMenu.Menu menu = models.forTeam(team.id());
        ComposerForm posted = ComposerForm.of(prompt, negativePrompt, model, size, seconds, batch, audio, schedule,
                remixOf, frameKey, submission);
        Composing.Checked checked = composing.check(menu, team.id(), posted, image,
                Composing.Uploads.of(files, referenceKinds, lastFrame));
        if (!checked.valid()) {
            return Response.status(422).entity(page.render(team.team(), user.id(), menu, checked.form(), false, null))
                    .build();
        }
        GenerationService.Request request = composing.request(team.id(), user.id(), checked, posted);
        GenerationService.Submitted result = generation.submit(request, Claim.formToken(team.id(), submission));
        if (result instanceof GenerationService.Repeat repeat) {
            return Flash.success("This form was already sent; its video is below.").redirectTo(jobUrl(repeat.jobId()));
        }
        if (result instanceof GenerationService.Refused refused) {
            Composer form = checked.form().with(Composing.errorsOf(refused), null);
            return Response.status(422).entity(page.render(team.team(), user.id(), menu, form, false, null)).build();
        }
        JobView job = ((GenerationService.Queued) result).job();
        if (checked.form().frameKey() != null) {
            store.delete(checked.form().frameKey());
        }
        String message = job.notBefore() != null
                ? "Queued for " + CLOCK.format(job.notBefore().atZone(team.team().zone())) + ", when the rate limit allows it."
                : job.batch() ? "Queued for the off-peak window (" + page.offPeak() + ")." : "Your video is on its way.";
        return Flash.success(message).redirectTo(jobUrl(job.id()));
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
        Composer form = Composer.of(PromptBuilder.compose(subject, action, setting, camera, style), model, size, seconds,
                "Prompt composed from the builder; edit it as you like.").composedWithBuilder();
        return page.render(team.team(), user.id(), menu, composing.normalised(menu, form), false, null);
    }

    @POST
    @Path("jobs/{id}/cancel")
    @Produces(MediaType.TEXT_HTML)
    public Response cancel(@PathParam("id") long id, HttpHeaders headers) {
        JobView job = jobs.ofTeam(team.id(), id).orElseThrow(NotFoundException::new);
        GenerationService.Cancel result = generation.cancel(team.id(), job.id());
        if (Htmx.isFragmentRequest(headers)) {
            JobView now = jobs.ofTeam(team.id(), id).orElseThrow();
            return Response.ok(Templates.studio$card(team.team(), cards.card(team.team(), now))).build();
        }
        Flash flash = switch (result) {
            case CANCELED -> Flash.success("Canceled; its reservation is released.");
            case REQUESTED -> Flash.success("Canceling at the provider; the card will show when it is done.");
            case TOO_LATE -> throw new WebApplicationException(
                    "This video is already being saved or finished, so it can no longer be canceled.", 409);
        };
        return flash.redirectTo(jobUrl(id));
    }

    private JobView finished(long id) {
        return jobs.ofTeam(team.id(), id).filter(j -> j.state() == JobState.COMPLETED).orElseThrow(NotFoundException::new);
    }

    private String jobUrl(long jobId) {
        return TeamUrls.of(team.slug(), "studio") + "#job-" + jobId;
    }
}
