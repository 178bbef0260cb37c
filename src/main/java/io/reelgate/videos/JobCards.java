package io.reelgate.videos;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.reelgate.budget.Money;
import io.reelgate.team.TeamUrls;
import io.reelgate.budget.PriceBook;
import io.reelgate.generation.JobInputs;
import io.reelgate.generation.JobQueries;
import io.reelgate.generation.JobState;
import io.reelgate.generation.RouteStories;
import io.reelgate.generation.JobView;
import io.reelgate.provider.ModelCatalog;
import io.reelgate.provider.Providers;
import io.reelgate.provider.Reference;
import io.reelgate.provider.VideoProvider;
import io.reelgate.team.Team;

/** Turns jobs into what a card on the page shows: status in words, progress, poster, cost, explanation, actions. */
@ApplicationScoped
public class JobCards {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM, HH:mm", Locale.ENGLISH);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH);
    private static final int SHORT_PROMPT = 140;

    private final JobQueries jobs;
    private final PriceBook prices;
    private final Providers providers;
    private final RouteStories routes;
    private final JobInputs inputs;

    JobCards(JobQueries jobs, PriceBook prices, Providers providers, RouteStories routes, JobInputs inputs) {
        this.inputs = inputs;
        this.jobs = jobs;
        this.prices = prices;
        this.providers = providers;
        this.routes = routes;
    }

    public List<JobCard> cards(Team team, List<JobView> list) {
        Map<Long, JobQueries.CardFacts> facts = jobs.cardFacts(list.stream().map(j -> j.id()).toList());
        // one query per author with sentinel-blocked cards on the page, not one per card
        Map<Long, List<String>> blocked = new java.util.HashMap<>();
        Map<Long, io.reelgate.generation.RouteStory> stories = routes.of(list); // one query for the page
        Map<Long, List<Reference.Kind>> references = inputs.referenceKinds(list.stream().map(j -> j.id()).toList());
        return list.stream().map(j -> card(team, j, facts.get(j.id()), blocked, stories.get(j.id()),
                creative(references.getOrDefault(j.id(), List.of()), j.lastFrameKey() != null))).toList();
    }

    public JobCard card(Team team, JobView job) {
        return cards(team, List.of(job)).get(0);
    }

    private JobCard card(Team team, JobView j, JobQueries.CardFacts facts,
            Map<Long, List<String>> blockedByAuthor, io.reelgate.generation.RouteStory story, String creative) {
        ZoneId zone = team.zone();
        Instant now = Instant.now();
        boolean done = j.state() == JobState.COMPLETED;
        boolean failed = j.state() == JobState.FAILED || j.state() == JobState.CANCELED;
        String queuedFor = j.state() == JobState.ADMITTED && j.notBefore() != null && j.notBefore().isAfter(now)
                ? CLOCK.format(j.notBefore().atZone(zone)) : null;
        int progress = j.state() == JobState.INGESTING || j.state() == JobState.DERIVING || done ? 100 : j.progress();
        boolean progressKnown = j.state() == JobState.SUBMITTED && j.progress() > 0;
        JobCard.Status status = new JobCard.Status(j.state().name().toLowerCase(Locale.ROOT), j.state().label(),
                tone(j.state()), step(j, queuedFor, providers.label(j.provider())), progress, progressKnown, !j.state().terminal(), done, failed, queuedFor,
                elapsed(j, now));

        String providerLabel = providers.label(j.provider());
        String author = facts == null ? "someone" : facts.author();
        String apiKey = facts == null ? null : facts.apiKey();
        JobCard.Ask ask = new JobCard.Ask(j.prompt(), shorten(j.prompt()), j.model(),
                j.stitched() ? "Stitched by Reelgate from " + providerLabel + " shots" : providerLabel, j.size(), j.seconds(),
                j.batch(), author, apiKey, WHEN.format(j.createdAt().atZone(zone)), story, creative);

        Money charged = j.chargedMicros() == null ? null : Money.ofMicros(j.chargedMicros());
        boolean free = j.state().terminal() && (charged == null || charged.isZero());
        JobCard.Cost cost = free ? new JobCard.Cost("Not charged", "")
                : j.state().terminal() ? new JobCard.Cost(charged.display(), "Charged")
                        : new JobCard.Cost(prices.quote(j.provider(), j.model(), j.size(), j.seconds(), j.withAudio()).cost().display(),
                                "Reserved");

        VideoProvider provider = providers.find(j.provider()).orElse(null);
        String remixUnavailable = j.stitched() ? "it was stitched from a storyboard's shots; re-generate a shot there"
                : provider == null ? providerLabel + " is no longer enabled here"
                : provider.capabilities().remix() ? null : providerLabel + " cannot remix videos";
        ModelCatalog.Model model = provider == null ? null : provider.catalog().model(j.model()).orElse(null);
        String finalModel = model != null && model.draft() ? model.finalModel() : null;
        boolean canCancel = j.state() == JobState.ADMITTED || j.state() == JobState.SUBMITTING || j.state() == JobState.SUBMITTED;
        boolean canRemix = done && remixUnavailable == null;
        boolean draft = done && finalModel != null;
        JobCard.Actions actions = new JobCard.Actions(canCancel, canRemix, remixUnavailable, draft, finalModel);

        String posterUrl = done && facts != null && facts.hasPoster() ? TeamUrls.url(team, "videos", j.id(), "poster") : null;
        String pageUrl = done ? TeamUrls.url(team, "videos", j.id()) : TeamUrls.url(team, "jobs", j.id());
        JobCard.Links links = new JobCard.Links(posterUrl, pageUrl);

        Failures.Explanation explanation = failed ? Failures.explain(j.errorCode(), j.errorMessage(), charged,
                j.state() == JobState.CANCELED, providerLabel) : null;
        boolean rewriteAdvice = "sentinel_block".equals(j.errorCode()) && repeatedlyBlocked(team.id, j, blockedByAuthor);
        return new JobCard(j.id(), status, ask, cost, actions, links, explanation, rewriteAdvice);
    }

    /** "2 references · asset, style · last frame": what a video was made from beside its prompt (null: nothing). */
    static String creative(List<Reference.Kind> references, boolean lastFrame) {
        List<String> parts = new java.util.ArrayList<>();
        if (!references.isEmpty()) {
            parts.add(references.size() + (references.size() == 1 ? " reference · " : " references · ")
                    + String.join(", ", references.stream().distinct().map(Reference.Kind::label).toList()));
        }
        if (lastFrame) {
            parts.add("last frame");
        }
        return parts.isEmpty() ? null : String.join(" · ", parts);
    }

    /** Three sentinel blocks in a day on prompts like this one mean rephrasing is not working. */
    private boolean repeatedlyBlocked(long teamId, JobView job, Map<Long, List<String>> blockedByAuthor) {
        List<String> blocked = blockedByAuthor.computeIfAbsent(job.memberId(),
                member -> jobs.recentSentinelBlocks(teamId, member));
        long similar = blocked.stream().filter(p -> similarity(p, job.prompt()) >= 0.5).count();
        return similar >= 3;
    }

    /** What the job is doing now; a job queued at its provider (Runway's THROTTLED, fal's IN_QUEUE) is "waiting at" it. */
    private static String step(JobView j, String queuedFor, String providerLabel) {
        return switch (j.state()) {
            case ADMITTED -> queuedFor != null ? "Queued for " + queuedFor + " (rate limit)"
                    : j.batch() ? "Waiting for the off-peak window" : "Waiting for a free slot at the provider";
            case SUBMITTING -> "Sending to the provider";
            case SUBMITTED -> "queued".equals(j.providerStatus()) ? "Waiting at " + providerLabel : "Generating";
            case INGESTING -> "Saving to your storage";
            case DERIVING -> "Making the poster and preview";
            case COMPLETED -> "Ready";
            case FAILED -> "Failed";
            case CANCELED -> "Canceled";
        };
    }

    private static String tone(JobState state) {
        return switch (state) {
            case COMPLETED -> "success";
            case FAILED -> "danger";
            case CANCELED -> "neutral";
            case SUBMITTED, INGESTING, DERIVING, SUBMITTING -> "brand";
            case ADMITTED -> "warning";
        };
    }

    private static String elapsed(JobView j, Instant now) {
        Instant end = j.finishedAt() != null ? j.finishedAt() : now;
        Duration d = Duration.between(j.createdAt(), end);
        if (d.isNegative()) {
            d = Duration.ZERO;
        }
        long minutes = d.toMinutes();
        long seconds = d.toSecondsPart();
        return minutes == 0 ? seconds + " s" : minutes + " min " + seconds + " s";
    }

    private static String shorten(String prompt) {
        return io.reelgate.web.Formats.shorten(prompt, SHORT_PROMPT);
    }

    /** Word-set similarity of two prompts (Jaccard), to tell a reworded prompt from a new one. */
    private static double similarity(String a, String b) {
        var wa = words(a);
        var wb = words(b);
        if (wa.isEmpty() && wb.isEmpty()) {
            return 1;
        }
        var union = new java.util.HashSet<>(wa);
        union.addAll(wb);
        var common = new java.util.HashSet<>(wa);
        common.retainAll(wb);
        return (double) common.size() / union.size();
    }

    private static java.util.Set<String> words(String s) {
        java.util.Set<String> set = new java.util.HashSet<>();
        for (String w : s.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (w.length() > 2) {
                set.add(w);
            }
        }
        return set;
    }
}
