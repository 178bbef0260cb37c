package io.reelgate.gallery;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.qute.TemplateInstance;
import io.reelgate.videos.JobCards;
import io.reelgate.videos.VideoChapters;
import io.reelgate.videos.GalleryQueries;
import io.reelgate.gallery.VideoResource.Media;
import io.reelgate.gallery.VideoResource.Shares;
import io.reelgate.gallery.VideoResource.Timing;
import io.reelgate.generation.JobQueries;
import io.reelgate.generation.VideoAsset;
import io.reelgate.generation.JobView;
import io.reelgate.provider.Capabilities;
import io.reelgate.provider.Providers;
import io.reelgate.provider.Variant;
import io.reelgate.team.Team;
import io.reelgate.team.TeamUrls;
import io.reelgate.web.Formats;

/**
 * The video page as one piece, for the resources that answer with it ({@link VideoResource}, and
 * {@link ExtendResource} when an extension is refused): the card, timings, media facts, chapters,
 * share panel and extend card.
 */
@ApplicationScoped
public class VideoPage {

    private final JobQueries jobs;
    private final JobCards cards;
    private final GalleryQueries gallery;
    private final Providers providers;
    private final VideoChapters chapters;
    private final Extending extending;

    VideoPage(JobQueries jobs, JobCards cards, GalleryQueries gallery, Providers providers, VideoChapters chapters,
            Extending extending) {
        this.jobs = jobs;
        this.cards = cards;
        this.gallery = gallery;
        this.providers = providers;
        this.chapters = chapters;
        this.extending = extending;
    }

    /** The page with this share panel and the extend card as it first shows. */
    public TemplateInstance render(Team team, long userId, JobView job, Shares shares) {
        return render(team, userId, job, shares, extending.panel(team, userId, job));
    }

    public TemplateInstance render(Team team, long userId, JobView job, Shares shares, ExtendPanel extend) {
        return VideoResource.Templates.video(team, cards.card(team, job), job, timings(job),
                gallery.isFavourite(userId, job.id()), shares, job.remixOfJobId() == null ? null
                        : TeamUrls.of(team.slug, "jobs", job.remixOfJobId()), media(job), chapters.of(job), extend);
    }

    private Media media(JobView job) {
        Map<Variant, VideoAsset> assets = jobs.assets(List.of(job.id())).getOrDefault(job.id(), Map.of());
        VideoAsset poster = assets.get(Variant.THUMBNAIL);
        VideoAsset sprite = assets.get(Variant.SPRITESHEET);
        Optional<Capabilities> can = providers.capabilities(job.provider());
        return new Media(assets.get(Variant.VIDEO), poster != null && poster.derived(), sprite != null && sprite.derived(),
                can.map(c -> c.imageInput().supported()).orElse(false),
                !job.stitched() && can.map(Capabilities::delete).orElse(false), providers.label(job.provider()), job.stitched());
    }

    private static List<Timing> timings(JobView job) {
        List<Timing> list = new ArrayList<>();
        if (job.stitched()) {
            return list; // its shots have the timings; stitching is not a generation
        }
        add(list, "Waited for a slot", job.createdAt(), job.submittedAt());
        add(list, "Generating", job.submittedAt(), job.generatedAt());
        add(list, "Saving to storage", job.generatedAt(), job.finishedAt());
        add(list, "Total", job.createdAt(), job.finishedAt());
        return list;
    }

    private static void add(List<Timing> list, String label, Instant from, Instant to) {
        if (from != null && to != null && !to.isBefore(from)) {
            list.add(new Timing(label, Formats.duration(Duration.between(from, to))));
        }
    }
}
