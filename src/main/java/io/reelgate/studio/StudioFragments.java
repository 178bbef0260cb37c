package io.reelgate.studio;

import java.io.InputStream;
import java.util.List;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.qute.TemplateInstance;
import io.reelgate.videos.ModelMenu;
import io.reelgate.videos.UploadedImages;
import io.reelgate.videos.JobCards;
import io.reelgate.generation.JobQueries;
import io.reelgate.generation.JobView;
import io.reelgate.identity.CurrentUser;
import io.reelgate.storage.ObjectStore;
import io.reelgate.team.CurrentTeam;
import io.reelgate.web.Forms;

/**
 * The studio's fragments under the same path as {@link StudioResource} (Quarkus REST merges the two
 * classes): the options and estimate that follow the composer's choices, the prompt lint, the job list
 * and one card as they refresh, and the stored first frame of a continue-from-frame request.
 */
@Path("/t/{team}/studio")
public class StudioFragments {

    private final CurrentTeam team;
    private final CurrentUser user;
    private final ModelMenu models;
    private final Composing composing;
    private final StudioPage page;
    private final JobQueries jobs;
    private final JobCards cards;
    private final ObjectStore store;
    private final CreativeChoices creative;

    StudioFragments(CurrentTeam team, CurrentUser user, ModelMenu models, Composing composing, StudioPage page,
            JobQueries jobs, JobCards cards, ObjectStore store, CreativeChoices creative) {
        this.creative = creative;
        this.team = team;
        this.user = user;
        this.models = models;
        this.composing = composing;
        this.page = page;
        this.jobs = jobs;
        this.cards = cards;
        this.store = store;
    }

    @GET
    @Path("options")
    @Produces(MediaType.TEXT_HTML)
    public Response options(@QueryParam("model") String model, @QueryParam("size") String size,
            @QueryParam("seconds") String seconds, @QueryParam("negativePrompt") String negativePrompt,
            @QueryParam("audio") String audio) {
        ModelMenu.Menu menu = models.forTeam(team.id());
        Composer form = composing.normalised(menu, Composer.choices(Forms.blankToNull(negativePrompt), model, size,
                seconds, false, Forms.checked(audio), null));
        // the estimate must follow the new size and length choices, not the ones the change event carried
        ModelMenu.Choice choice = menu.find(form.model()).orElseThrow();
        return Response.ok(StudioResource.Templates.studio$options(team.team(), form, choice, menu, creative.rules(choice)))
                .header("HX-Trigger-After-Swap", "estimate-refresh").build();
    }

    @GET
    @Path("estimate")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance estimateFragment(@QueryParam("model") String model, @QueryParam("size") String size,
            @QueryParam("seconds") String seconds, @QueryParam("batch") String batch, @QueryParam("audio") String audio,
            @QueryParam("remixOf") Long remixOf, @QueryParam("referenceKind") List<String> referenceKinds,
            @QueryParam("firstFrame") String firstFrame, @QueryParam("frameKey") String frameKey,
            @QueryParam("lastFrameChosen") String lastFrame) {
        ModelMenu.Menu menu = models.forTeam(team.id());
        Composer form = composing.normalised(menu, Composer.choices(null, model, size, seconds, Forms.checked(batch),
                Forms.checked(audio), remixOf));
        StudioPage.Estimated estimated = page.estimate(team.id(), user.id(), menu.find(form.model()).orElseThrow(), form,
                remixOf != null ? CreativeChoices.Sketch.NONE
                        : CreativeChoices.Sketch.of(referenceKinds, firstFrame, frameKey, lastFrame));
        return StudioResource.Templates.studio$estimate(team.team(), form, estimated.estimate(),
                estimated.creativeProblem(), page.offPeak());
    }

    @GET
    @Path("lint")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance lintFragment(@QueryParam("prompt") String prompt) {
        return StudioResource.Templates.studio$lint(page.lint(prompt));
    }

    @GET
    @Path("jobs")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance jobsFragment(@QueryParam("mine") @DefaultValue("false") boolean mine,
            @QueryParam("status") String status, @QueryParam("after") String after) {
        return StudioResource.Templates.studio$jobs(team.team(), page.jobs(team.team(), user.id(), mine, status, after));
    }

    @GET
    @Path("jobs/{id}")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance card(@PathParam("id") long id) {
        JobView job = jobs.ofTeam(team.id(), id).orElseThrow(NotFoundException::new);
        return StudioResource.Templates.studio$card(team.team(), cards.card(team.team(), job));
    }

    /** The stored first frame of a continue-from-frame request (only the team's own input images). */
    @GET
    @Path("frame")
    public Response frame(@QueryParam("key") String key) {
        if (!UploadedImages.ownInput(team.id(), key)) {
            throw new NotFoundException();
        }
        var info = store.stat(key).orElseThrow(NotFoundException::new);
        InputStream body = store.open(key, 0, null);
        return Response.ok(body, info.contentType()).header("Cache-Control", "private, max-age=3600").build();
    }

}
