package io.reelgate.storyboard;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Tuple;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.reelgate.generation.JobQueries;
import io.reelgate.generation.JobView;
import io.reelgate.generation.StitchedVideos;
import io.reelgate.generation.VideoAsset;
import io.reelgate.lease.LeaseLost;
import io.reelgate.lease.LeasedTable;
import io.reelgate.lease.Leases;
import io.reelgate.media.Concat;
import io.reelgate.media.Previews;
import io.reelgate.provider.Variant;
import io.reelgate.storage.ObjectStore;
import io.reelgate.storage.TeamKeys;
import io.reelgate.web.SqlRow;

/**
 * Joins a finished board's takes into one video (media/Concat: remux when their settings match,
 * re-encode otherwise), stores it with a derived poster and spritesheet under the board's current
 * cut, and records it as a finished video with one chapter per shot. Crash-safe and idempotent: the
 * stitch is claimed with a lease in the board row, renewed by {@code lease/Leases} while it runs (a
 * dead instance's lease expires and the sweep stitches again), a retry overwrites the same cut's
 * files, and the video row is written in the transaction that marks the board done, only if this
 * instance still holds the lease and the board is still at that cut — so a board gets one video per
 * cut, however often stitching ran.
 */
@ApplicationScoped
class Stitching {

    private static final Logger LOG = Logger.getLogger(Stitching.class);
    private static final LeasedTable LEASED = new LeasedTable("storyboard", "id", "stitch_lease_owner", "stitch_lease_until");
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private record Claim(long teamId, long memberId, int cut, String title, String size) {
    }

    private final EntityManager em;
    private final ObjectStore store;
    private final JobQueries jobs;
    private final Previews previews;
    private final StitchedVideos stitched;
    private final Leases leases;

    Stitching(EntityManager em, ObjectStore store, JobQueries jobs, Previews previews, StitchedVideos stitched,
            Leases leases) {
        this.em = em;
        this.leases = leases;
        this.store = store;
        this.jobs = jobs;
        this.previews = previews;
        this.stitched = stitched;
    }

    void stitch(long boardId) {
        if (leases.closing()) {
            return;
        }
        Claim claim = QuarkusTransaction.requiringNew().call(() -> claim(boardId));
        if (claim == null) {
            return;
        }
        try (Leases.Held held = leases.work(LEASED, boardId)) {
            stitch(held, claim);
        } catch (LeaseLost e) {
            LOG.infof("Storyboard %d: stitching cut %d stopped without writing (%s)", boardId, claim.cut(), e.getMessage());
        }
    }

    private void stitch(Leases.Held held, Claim claim) {
        long boardId = held.key();
        List<Path> files = new ArrayList<>();
        Path out = null;
        try {
            List<StoryboardShot> shots = QuarkusTransaction.requiringNew().call(
                    () -> StoryboardShot.<StoryboardShot>find("storyboardId = ?1 order by position", boardId).list());
            Map<Long, JobView> takes = QuarkusTransaction.requiringNew().call(() -> StoryboardShot.currentTakes(shots, jobs));
            List<JobView> ordered = shots.stream().map(s -> takes.get(s.id)).toList();
            Map<Long, Map<Variant, VideoAsset>> assets = jobs.assets(ordered.stream().map(j -> j.id()).toList());
            for (JobView take : ordered) {
                VideoAsset video = assets.getOrDefault(take.id(), Map.of()).get(Variant.VIDEO);
                if (video == null) {
                    throw new IOException("shot video " + take.id() + " is not stored");
                }
                Path file = previews.tempFile();
                files.add(file);
                try (InputStream in = store.open(video.objectKey, 0, null)) {
                    Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            out = previews.tempFile();
            Concat.Joined joined = Concat.join(files, out);
            Previews.Derived derived = previews.derive(out, true, true, PATIENCE);
            String prefix = TeamKeys.storyboardCut(claim.teamId(), boardId, claim.cut());
            ObjectStore.StoredObject video;
            try (InputStream in = Files.newInputStream(out)) {
                video = store.put(prefix + "video.mp4", in, "video/mp4");
            }
            ObjectStore.StoredObject poster = derived.poster() == null ? null
                    : store.put(prefix + "thumbnail.jpg", new ByteArrayInputStream(derived.poster()), "image/jpeg");
            ObjectStore.StoredObject sprite = derived.spritesheet() == null ? null
                    : store.put(prefix + "spritesheet.jpg", new ByteArrayInputStream(derived.spritesheet()), "image/jpeg");
            List<StitchedVideos.Chapter> chapters = new ArrayList<>();
            long charged = 0;
            for (int i = 0; i < ordered.size(); i++) {
                JobView take = ordered.get(i);
                charged += take.chargedMicros() == null ? 0 : take.chargedMicros();
                chapters.add(new StitchedVideos.Chapter(chapterTitle(i + 1, shots.get(i).prompt),
                        joined.startMicros()[i] / 1000, joined.endMicros()[i] / 1000, take.id()));
            }
            StitchedVideos.Stitched result = new StitchedVideos.Stitched(claim.teamId(), claim.memberId(), boardId,
                    ordered.get(0).provider(), claim.title(), claim.size(), derived.facts(), charged,
                    joined.method().name().toLowerCase(), chapters, video, poster, derived.posterWidth(),
                    derived.posterHeight(), sprite, derived.spritesheetWidth(), derived.spritesheetHeight());
            leases.checkWorking(); // taken over while joining: record nothing
            QuarkusTransaction.requiringNew().run(() -> finish(held, claim.cut(), result));
        } catch (LeaseLost e) {
            throw e;
        } catch (IOException | RuntimeException | Previews.Busy | LinkageError e) {
            LOG.warnf(e, "Storyboard %d: stitching cut %d failed", boardId, claim.cut());
            QuarkusTransaction.requiringNew().run(() -> failed(held, claim.cut(), e));
        } finally {
            files.forEach(f -> f.toFile().delete());
            if (out != null) {
                out.toFile().delete();
            }
        }
    }

    /** Claims the stitch of the board's current cut, unless another instance holds it. */
    private Claim claim(long boardId) {
        return SqlRow.list(em.createNativeQuery("""
                update storyboard
                set stitch_lease_owner = ?2, stitch_lease_until = now() + make_interval(secs => ?3),
                    stitch_attempts = stitch_attempts + 1
                where id = ?1 and state = 'STITCHING' and (stitch_lease_until is null or stitch_lease_until < now())
                returning team_id, created_by, cut, title, size
                """, Tuple.class).setParameter(1, boardId).setParameter(2, leases.owner())
                .setParameter(3, leases.seconds())).stream()
                .map(r -> new Claim(r.longValue("team_id"), r.longValue("created_by"), r.intValue("cut"),
                        r.string("title"), r.string("size")))
                .findFirst().orElse(null);
    }

    private void finish(Leases.Held held, int cut, StitchedVideos.Stitched result) {
        leases.fence(held, true);
        Storyboard board = em.find(Storyboard.class, held.key(), LockModeType.PESSIMISTIC_WRITE);
        if (board.state != Storyboard.State.STITCHING || board.cut != cut) {
            return; // the board changed: this cut's files are overwritten next time
        }
        board.videoJobId = stitched.record(result);
        board.state = Storyboard.State.DONE;
        board.stitchLeaseOwner = null;
        board.stitchLeaseUntil = null;
        board.stitchError = null;
        board.updatedAt = Instant.now();
    }

    /** Tries again after a pause that grows with the attempts (at most 5 minutes), saying why on the board. */
    private void failed(Leases.Held held, int cut, Throwable e) {
        leases.fence(held, true);
        Storyboard board = em.find(Storyboard.class, held.key(), LockModeType.PESSIMISTIC_WRITE);
        if (board.state != Storyboard.State.STITCHING || board.cut != cut) {
            return;
        }
        long wait = Math.min(300, 1L << Math.min(8, board.stitchAttempts));
        board.stitchLeaseOwner = null;
        board.stitchLeaseUntil = Instant.now().plusSeconds(wait);
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        board.stitchError = message.length() > 300 ? message.substring(0, 300) : message;
    }

    static String chapterTitle(int position, String prompt) {
        String p = prompt.strip().replaceAll("\\s+", " ");
        return position + ". " + (p.length() > 60 ? p.substring(0, 59) + "…" : p);
    }
}
