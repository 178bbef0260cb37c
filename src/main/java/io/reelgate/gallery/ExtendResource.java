package io.reelgate.gallery;

import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestForm;

import io.quarkus.qute.TemplateInstance;
import io.reelgate.gallery.VideoResource.ShareForm;
import io.reelgate.gallery.VideoResource.Shares;
import io.reelgate.generation.JobQueries;
import io.reelgate.generation.JobState;
import io.reelgate.generation.JobView;
import io.reelgate.identity.CurrentUser;
import io.reelgate.team.CurrentTeam;
import io.reelgate.team.TeamUrls;
import io.reelgate.web.Flash;

/**
 * The video page's "Extend" card ({@code /t/{team}/videos/{id}/extend}, issue 30): the estimate as
 * the seconds change (HTMX), and the form, which lands on the new job or shows the video page again
 * with the refusal next to its field.
 */
@Path("/t/{team}/videos/{id}/extend")
public class ExtendResource {

    private final CurrentTeam team;
    private final CurrentUser user;
    private final JobQueries jobs;
    private final Extending extending;
    private final VideoPage page;
    private final ShareLinks shares;

    ExtendResource(CurrentTeam team, CurrentUser user, JobQueries jobs, Extending extending, VideoPage page,
            ShareLinks shares) {
        this.team = team;
        this.user = user;
        this.jobs = jobs;
        this.extending = extending;
        this.page = page;
        this.shares = shares;
    }

    @GET
    @Path("estimate")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance estimate(@PathParam("id") long id, @QueryParam("seconds") String seconds) {
        JobView video = completed(id);
        ExtendPanel panel = extending.panel(team.team(), user.id(), video, seconds);
        return VideoResource.Templates.video$extendEstimate(team.team(), video, panel);
    }

    @POST
    @Produces(MediaType.TEXT_HTML)
    public Response extend(@PathParam("id") long id, @RestForm String seconds, @RestForm String prompt,
            @RestForm String submission) {
        JobView video = completed(id);
        Extending.Result result = extending.submit(team.team(), user.id(), video, new Extending.Form(seconds, prompt,
                submission));
        if (result instanceof Extending.Queued queued) {
            return Flash.success(queued.repeat() ? "This form was already sent; here is its extension."
                    : "Your extension is on its way.").redirectTo(TeamUrls.of(team.slug(), "jobs", queued.jobId()));
        }
        ExtendPanel panel = ((Extending.Refused) result).panel();
        Shares sharing = new Shares(ShareForm.defaults(), Map.of(), null, shares.forVideo(team.id(), id), null);
        return Response.status(422).entity(page.render(team.team(), user.id(), video, sharing, panel)).build();
    }

    private JobView completed(long id) {
        return jobs.ofTeam(team.id(), id).filter(j -> j.state() == JobState.COMPLETED).orElseThrow(NotFoundException::new);
    }
}
