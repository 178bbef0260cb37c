package io.reelgate.studio;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.reelgate.videos.JobCard;
import io.reelgate.videos.JobCards;
import io.reelgate.generation.JobQueries;
import io.reelgate.generation.JobTransition;
import io.reelgate.generation.JobView;
import io.reelgate.team.CurrentTeam;
import io.reelgate.team.Team;

/** One job in full: its card, parameters and the history of its state changes. */
@Path("/t/{team}/jobs/{id}")
public class JobResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance job(Team team, JobCard job, JobView jobRow, List<JobTransition> history);
    }

    private final CurrentTeam team;
    private final JobQueries jobs;
    private final JobCards cards;

    JobResource(CurrentTeam team, JobQueries jobs, JobCards cards) {
        this.team = team;
        this.jobs = jobs;
        this.cards = cards;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance job(@PathParam("id") long id) {
        JobView job = jobs.ofTeam(team.id(), id).orElseThrow(NotFoundException::new);
        return Templates.job(team.team(), cards.card(team.team(), job), job, jobs.history(job.id()));
    }
}
