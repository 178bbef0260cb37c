package io.reelgate.studio;

import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.qute.TemplateInstance;
import io.reelgate.videos.ModelMenu;
import io.reelgate.budget.Admission;
import io.reelgate.budget.AdmissionRequest;
import io.reelgate.budget.Estimate;
import io.reelgate.videos.JobCard;
import io.reelgate.videos.JobCards;
import io.reelgate.generation.GenerationConfig;
import io.reelgate.generation.GenerationService;
import io.reelgate.generation.RoutePlanner;
import io.reelgate.generation.JobQueries;
import io.reelgate.team.Team;
import io.reelgate.web.Forms;
import io.reelgate.web.Tokens;

/** What the studio page and its fragments show: the composer with its estimate and lint, and the job cards. */
@ApplicationScoped
class StudioPage {

    private static final int PAGE = 12;

    /** A list of job cards with its filters and the link to the next page. */
    public record Jobs(List<JobCard> cards, boolean mine, String status, String next) {
        public String query() {
            return "mine=" + mine + "&status=" + status;
        }
    }

    private final Admission admission;
    private final JobQueries jobs;
    private final JobCards cards;
    private final PromptLint lint;
    private final GenerationConfig config;

    /** The estimate of a composer, and what its references or frames would be refused for (null: nothing). */
    record Estimated(Estimate estimate, String creativeProblem) {
    }

    private final RoutePlanner planner;
    private final CreativeChoices creative;

    StudioPage(Admission admission, JobQueries jobs, JobCards cards, PromptLint lint, GenerationConfig config,
            RoutePlanner planner, CreativeChoices creative) {
        this.planner = planner;
        this.creative = creative;
        this.admission = admission;
        this.jobs = jobs;
        this.cards = cards;
        this.lint = lint;
        this.config = config;
    }

    /**
     * The whole page; {@code form} is already normalised. Each render carries a new one-time token,
     * so one rendered form makes at most one job ({@code generation/Claim.formToken}).
     */
    TemplateInstance render(Team team, long userId, ModelMenu.Menu menu, Composer form, boolean mine, String status) {
        ModelMenu.Choice choice = menu.find(form.model()).orElse(menu.first());
        JobCard remixSource = form.remix() ? jobs.ofTeam(team.id, form.remixOf()).map(j -> cards.card(team, j))
                .orElse(null) : null;
        return StudioResource.Templates.studio(team, form, menu, choice, creative.rules(choice),
                estimate(team.id, userId, choice, form, CreativeChoices.Sketch.NONE).estimate(), null, offPeak(), lint.check(form.prompt()), jobs(team, userId, mine, status, null), remixSource,
                Math.min(config.maxPromptLength(), choice.capabilities().maxPromptLength()), Tokens.newToken());
    }

    Jobs jobs(Team team, long userId, boolean mine, String status, String after) {
        JobQueries.StatusFilter filter = JobQueries.StatusFilter.parse(status);
        JobQueries.Page page = jobs.list(team.id, mine ? userId : null, filter, after, PAGE);
        return new Jobs(cards.cards(team, page.jobs()), mine, filter.param(), page.next());
    }

    /**
     * What the form would cost now; for a model with routes, on the route this request would take
     * with the references and frames sketched so far (routes that cannot take them are passed over).
     */
    Estimated estimate(long teamId, long userId, ModelMenu.Choice choice, Composer form, CreativeChoices.Sketch sketch) {
        String provider = choice.provider();
        String model = choice.model().name();
        boolean audio = form.audio() && choice.model().audioChoice();
        GenerationService.Request request = creative.sketched(GenerationService.Request.of(teamId, userId,
                choice.requestProvider(), model, form.size(), Forms.intOrZero(form.seconds()), "estimate").withAudio(audio),
                sketch);
        String problem = null;
        if (choice.routed()) {
            RoutePlanner.Plan plan = planner.plan(teamId, choice.routes().model(), request, "estimate", Set.of(), false);
            Optional<RoutePlanner.Option> route = plan.first();
            if (route.isPresent()) {
                provider = route.get().route().provider();
                model = route.get().route().model();
            } else if (sketch.any()) {
                problem = plan.refusal();
            }
        } else {
            problem = creative.refusal(provider, request).orElse(null);
        }
        return new Estimated(admission.estimate(new AdmissionRequest(teamId, userId, provider, model, form.size(),
                Forms.intOrZero(form.seconds()), false, audio)), problem);
    }

    PromptLint.Result lint(String prompt) {
        return lint.check(prompt);
    }

    /** The off-peak window as the composer names it, e.g. {@code 22:00–06:00 UTC}. */
    String offPeak() {
        GenerationConfig.OffPeak w = config.offPeak();
        return w.start() + "–" + w.end() + " " + ZoneId.of(w.zone()).getId();
    }
}
