package io.reelgate.gallery;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.reelgate.budget.Admission;
import io.reelgate.budget.AdmissionRequest;
import io.reelgate.budget.Estimate;
import io.reelgate.gallery.ExtendPanel.Link;
import io.reelgate.generation.Claim;
import io.reelgate.generation.CreativeInputs;
import io.reelgate.generation.Extensions;
import io.reelgate.generation.GenerationService;
import io.reelgate.generation.JobQueries;
import io.reelgate.generation.JobState;
import io.reelgate.generation.JobView;
import io.reelgate.provider.Creative;
import io.reelgate.provider.Providers;
import io.reelgate.team.Team;
import io.reelgate.team.TeamUrls;
import io.reelgate.web.Formats;
import io.reelgate.web.Tokens;

/**
 * The video page's extend action (issue 30) over {@link Extensions}: the card as it stands (whether
 * the video can be extended and by how much, the estimate priced for the added seconds, its chain of
 * extensions) and the submission, which goes through {@link GenerationService} like every job —
 * claimed once by the form's token, budgeted, rate-limited.
 */
@ApplicationScoped
public class Extending {

    private static final int SHORT_TITLE = 80;

    /** What a member sent: the seconds as typed and the prompt. */
    public record Form(String seconds, String prompt, String submission) {
    }

    private final Extensions extensions;
    private final Admission admission;
    private final GenerationService generation;
    private final JobQueries jobs;
    private final Providers providers;

    Extending(Extensions extensions, Admission admission, GenerationService generation, JobQueries jobs,
            Providers providers) {
        this.extensions = extensions;
        this.admission = admission;
        this.generation = generation;
        this.jobs = jobs;
        this.providers = providers;
    }

    /** The card as the page first shows it: the shortest extension and an empty prompt. */
    public ExtendPanel panel(Team team, long memberId, JobView video) {
        return panel(team, memberId, video, extensions.of(video).minSeconds(), "", Map.of());
    }

    /** The card for an extension of {@code seconds} (as typed), for its estimate. */
    public ExtendPanel panel(Team team, long memberId, JobView video, String seconds) {
        return panel(team, memberId, video, parse(seconds, extensions.of(video).minSeconds()), "", Map.of());
    }

    /** The card with what was sent and what was wrong with it (field → message). */
    ExtendPanel panel(Team team, long memberId, JobView video, int seconds, String prompt, Map<String, String> errors) {
        Optional<String> why = extensions.whyNot(video);
        Creative.Extension can = extensions.of(video);
        Estimate estimate = why.isPresent() ? null : estimate(team, memberId, video, seconds);
        String lastFrame = why.isPresent() && !video.stitched() && video.state() == JobState.COMPLETED
                ? TeamUrls.of(team.slug, "studio") + "?frame=" + video.id() : null;
        String board = why.isPresent() && video.stitched() && video.storyboardId() != null
                ? TeamUrls.of(team.slug, "storyboards", video.storyboardId()) : null;
        Link source = video.extension() ? jobs.ofTeam(team.id, video.extendsJobId()).map(j -> link(team, j)).orElse(null) : null;
        List<Link> extendedBy = jobs.extensionsOf(team.id, video.id()).stream().map(j -> link(team, j)).toList();
        return new ExtendPanel(why.orElse(null), providers.label(video.provider()), extensions.length(video),
                can.minSeconds(), can.maxSeconds(), seconds, prompt, estimate, errors, Tokens.newToken(), lastFrame, board,
                source, extendedBy);
    }

    /** What adding {@code seconds} would cost and whether admission would take it now. */
    Estimate estimate(Team team, long memberId, JobView video, int seconds) {
        return admission.estimate(new AdmissionRequest(team.id, memberId, video.provider(), video.model(), video.size(), seconds,
                false, video.withAudio(), true));
    }

    /**
     * Checks the form and submits the extension: the new job, or the card again with the refusal
     * next to the field it is about (nothing was reserved).
     */
    public Result submit(Team team, long memberId, JobView video, Form form) {
        Creative.Extension can = extensions.of(video);
        String prompt = form.prompt() == null ? "" : form.prompt();
        int seconds = parse(form.seconds(), can.minSeconds());
        Map<String, String> errors = new LinkedHashMap<>();
        if (can.supported() && (seconds < can.minSeconds() || seconds > can.maxSeconds())) {
            errors.put("seconds", "Choose from " + can.minSeconds() + " to " + can.maxSeconds() + " seconds.");
        }
        if (prompt.isBlank()) {
            errors.put("prompt", "Describe what happens next.");
        }
        if (!errors.isEmpty()) {
            return new Refused(panel(team, memberId, video, seconds, prompt, errors));
        }
        GenerationService.Submitted submitted = generation.submit(GenerationService.Request.of(team.id, memberId, null,
                null, null, seconds, prompt).withCreative(CreativeInputs.NONE.extending(video.id())),
                Claim.formToken(team.id, form.submission()));
        if (submitted instanceof GenerationService.Queued queued) {
            return new Queued(queued.job().id(), false);
        }
        if (submitted instanceof GenerationService.Repeat repeat) {
            return new Queued(repeat.jobId(), true);
        }
        GenerationService.Refused refused = (GenerationService.Refused) submitted;
        return new Refused(panel(team, memberId, video, seconds, prompt, Map.of(field(refused), refused.message())));
    }

    /** What a submission did: the extension's job (also when the form had been sent before), or the card again. */
    public sealed interface Result permits Queued, Refused {
    }

    public record Queued(long jobId, boolean repeat) implements Result {
    }

    public record Refused(ExtendPanel panel) implements Result {
    }

    private static String field(GenerationService.Refused refused) {
        return switch (refused.reason()) {
            case "seconds", "prompt" -> refused.reason();
            default -> "submit";
        };
    }

    private static int parse(String seconds, int fallback) {
        try {
            return seconds == null || seconds.isBlank() ? fallback : Integer.parseInt(seconds.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static Link link(Team team, JobView job) {
        boolean done = job.state() == JobState.COMPLETED;
        return new Link(job.id(), Formats.shorten(job.prompt(), SHORT_TITLE), TeamUrls.of(team.slug, done ? "videos" : "jobs",
                job.id()), done ? null : job.state().label().toLowerCase(java.util.Locale.ROOT));
    }
}
