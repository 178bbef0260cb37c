package io.reelgate.generation;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;

import io.reelgate.media.VideoFacts;
import io.reelgate.provider.Variant;
import io.reelgate.storage.ObjectStore.StoredObject;
import io.reelgate.web.SqlRow;

/**
 * Records a video Reelgate joined from a storyboard's shots as a finished job of the team: no
 * reservation (its shots were charged; {@code chargedMicros} is their sum, for showing), its stored
 * files and one chapter per shot. It then is a video like any other: gallery, page, share links,
 * delivery, deletion.
 */
@ApplicationScoped
public class StitchedVideos {

    /** One chapter: a shot's place in the joined video and the shot's own job (and, when read, its charge). */
    public record Chapter(String title, long startMs, long endMs, long sourceJobId, Long sourceChargedMicros) {

        public Chapter(String title, long startMs, long endMs, long sourceJobId) {
            this(title, startMs, endMs, sourceJobId, null);
        }
    }

    /** What was stitched and where its files are. */
    public record Stitched(long teamId, long memberId, long storyboardId, String provider, String title, String size,
            VideoFacts facts, long chargedMicros, String how, List<Chapter> chapters, StoredObject video,
            StoredObject poster, int posterWidth, int posterHeight, StoredObject sprite, int spriteWidth,
            int spriteHeight) {
    }

    private final EntityManager em;
    private final JobStore jobs;

    StitchedVideos(EntityManager em, JobStore jobs) {
        this.em = em;
        this.jobs = jobs;
    }

    /** Inserts the finished job, its assets and chapters in the caller's transaction; returns its id. */
    @Transactional(Transactional.TxType.MANDATORY)
    public long record(Stitched s) {
        Instant now = Instant.now();
        VideoJob job = new VideoJob();
        job.teamId = s.teamId();
        job.memberId = s.memberId();
        job.storyboardId = s.storyboardId();
        job.provider = s.provider();
        job.model = "storyboard";
        job.size = s.size();
        job.seconds = Math.max(1, s.facts().roundedSeconds());
        job.actualSeconds = job.seconds;
        job.prompt = s.title();
        job.state = JobState.COMPLETED;
        job.fingerprint = "storyboard|" + s.storyboardId() + "|" + s.video().key();
        job.chargedMicros = s.chargedMicros();
        job.createdAt = now;
        job.nextAttemptAt = now;
        job.submittedAt = now;
        job.generatedAt = now;
        job.finishedAt = now;
        job.progress = 100;
        job.persist();
        JobTransition t = new JobTransition();
        t.jobId = job.id;
        t.toState = JobState.COMPLETED;
        t.detail = "stitched from " + s.chapters().size() + " shots (" + s.how() + ")";
        t.at = now;
        t.persist();
        jobs.recordAsset(job.id, Variant.VIDEO, s.video(), "video/mp4", AssetDetails.derivedVideo(s.facts()));
        if (s.poster() != null) {
            jobs.recordAsset(job.id, Variant.THUMBNAIL, s.poster(), "image/jpeg",
                    AssetDetails.derivedImage(s.posterWidth(), s.posterHeight()));
        }
        if (s.sprite() != null) {
            jobs.recordAsset(job.id, Variant.SPRITESHEET, s.sprite(), "image/jpeg",
                    AssetDetails.derivedImage(s.spriteWidth(), s.spriteHeight()));
        }
        int position = 1;
        for (Chapter c : s.chapters()) {
            em.createNativeQuery("""
                    insert into video_chapter (job_id, position, title, start_ms, end_ms, source_job_id)
                    values (?1, ?2, ?3, ?4, ?5, ?6)
                    """).setParameter(1, job.id).setParameter(2, position++).setParameter(3, c.title())
                    .setParameter(4, c.startMs()).setParameter(5, c.endMs()).setParameter(6, c.sourceJobId())
                    .executeUpdate();
        }
        return job.id;
    }

    /** A video's chapters in order, with what each shot was charged (empty for a video of one generation). */
    public List<Chapter> chapters(long jobId) {
        return SqlRow.list(em.createNativeQuery("""
                select c.title, c.start_ms, c.end_ms, c.source_job_id, s.charged_micros
                from video_chapter c
                join video_job s on s.id = c.source_job_id
                where c.job_id = ?1
                order by c.position
                """, Tuple.class).setParameter(1, jobId)).stream()
                .map(r -> new Chapter(r.string("title"), r.longValue("start_ms"), r.longValue("end_ms"),
                        r.longValue("source_job_id"), r.isNull("charged_micros") ? null : r.longValue("charged_micros")))
                .toList();
    }
}
