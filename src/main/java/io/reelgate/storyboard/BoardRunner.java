package io.reelgate.storyboard;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import org.eclipse.microprofile.context.ManagedExecutor;
import org.eclipse.microprofile.context.ThreadContext;
import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.reelgate.budget.Money;
import io.reelgate.budget.Settlement;
import io.reelgate.budget.SettlementOutcome;
import io.reelgate.videos.Failures;
import io.reelgate.generation.JobQueries;
import io.reelgate.generation.CreativeInputs;
import io.reelgate.generation.GenerationService;
import io.reelgate.generation.JobFinished;
import io.reelgate.generation.JobState;
import io.reelgate.generation.JobView;
import io.reelgate.provider.InputImage;
import io.reelgate.provider.Reference;
import io.reelgate.storage.ObjectStore;
import io.reelgate.videos.LastFrames;
import io.reelgate.team.TeamDirectory;

/**
 * Moves running storyboards on, on any instance: after a change commits, when a shot's job
 * finishes, and every few seconds for whatever a crash left (the board's state is in its row, so a
 * restart resumes it). Each decision is one transaction that locks the board row
 * ({@code SKIP LOCKED}: another instance is already on it): submit the next shot that may go (a
 * continuing shot once its predecessor's video is in, with that video's last frame as first frame;
 * fresh shots at once; a shot sent with the board's cast on a model that cannot also take a first frame
 * starts from the cast, at once: {@link Casting}), pause on a failed take, or hand a finished board to
 * {@link Stitching}.
 * Submitting a shot releases its hold and admits it as its own request in one transaction (the submit
 * transaction of {@link GenerationService}, with the shot's part in it: {@code ShotSubmission}), so the
 * money moves from the hold to the shot's reservation exactly, and the shot counts against the
 * rate limits now (queued for later when they are full).
 */
@ApplicationScoped
public class BoardRunner {

    private static final Logger LOG = Logger.getLogger(BoardRunner.class);

    private sealed interface Step permits Submit, Stitch, Idle {
    }

    /**
     * A shot to send: its first frame is {@code previous}'s last frame, or the image at {@code imageKey}, or
     * none; {@code cast}: the board's reference images it is sent with.
     */
    private record Submit(long shotId, long holdId, JobView previous, String imageKey, List<BoardCast.Member> cast)
            implements Step {
    }

    private record Stitch() implements Step {
    }

    private record Idle() implements Step {
    }

    private final EntityManager em;
    private final Settlement settlement;
    private final GenerationService generation;
    private final LastFrames lastFrames;
    private final ObjectStore store;
    private final TeamDirectory teams;
    private final Stitching stitching;
    private final BoardCast cast;
    private final Casting casting;
    private final TransactionSynchronizationRegistry transactions;
    private final JobQueries jobs;
    /** Two boards at a time per instance (a stitch runs FFmpeg); tasks start with no context, as the sweep does. */
    private final ManagedExecutor executor = ManagedExecutor.builder().maxAsync(2)
            .propagated(ThreadContext.NONE).cleared(ThreadContext.ALL_REMAINING).build();

    BoardRunner(EntityManager em, Settlement settlement, GenerationService generation, LastFrames lastFrames,
            ObjectStore store, TeamDirectory teams, Stitching stitching, BoardCast cast, Casting casting,
            TransactionSynchronizationRegistry transactions, JobQueries jobs) {
        this.jobs = jobs;
        this.em = em;
        this.settlement = settlement;
        this.generation = generation;
        this.lastFrames = lastFrames;
        this.store = store;
        this.teams = teams;
        this.stitching = stitching;
        this.cast = cast;
        this.casting = casting;
        this.transactions = transactions;
    }

    @PreDestroy
    void shutdown() {
        executor.shutdownNow();
    }

    /** Advances the board once the current transaction has committed. */
    void afterCommitAdvance(long boardId) {
        afterCommit(() -> executor.submit(() -> advance(boardId)));
    }

    /** Cancels the board's takes still on their way once the current transaction (a stop) has committed. */
    void afterCommitCancelRunning(long boardId) {
        afterCommit(() -> executor.submit(() -> cancelRunning(boardId)));
    }

    private void afterCommit(Runnable action) {
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    action.run();
                }
            }
        });
    }

    void onFinished(@Observes(during = TransactionPhase.AFTER_SUCCESS) JobFinished finished) {
        if (finished.storyboardId() != null) {
            executor.submit(() -> advance(finished.storyboardId()));
        }
    }

    /** Whatever a crash or a missed event left: every running or stitching board is looked at. */
    @Scheduled(every = "${reelgate.storyboards.sweep-every}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        List<Long> boards = QuarkusTransaction.requiringNew().call(() -> em.createQuery(
                "select b.id from Storyboard b where b.state in ('RUNNING', 'STITCHING') order by b.updatedAt", Long.class)
                .setMaxResults(100).getResultList());
        boards.forEach(this::advance);
    }

    /** Takes every step the board can take now. */
    public void advance(long boardId) {
        try {
            for (int guard = 0; guard < 100; guard++) {
                Step step = QuarkusTransaction.requiringNew().call(() -> decide(boardId));
                if (step instanceof Submit submit) {
                    submit(boardId, submit);
                } else if (step instanceof Stitch) {
                    stitching.stitch(boardId);
                    return;
                } else {
                    return;
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf(e, "Storyboard %d: could not advance; the sweep tries again", boardId);
        }
    }

    /** One decision under the board's lock; a board another instance holds is left to it. */
    private Step decide(long boardId) {
        List<?> locked = em.createNativeQuery("select id from storyboard where id = ?1 for update skip locked")
                .setParameter(1, boardId).getResultList();
        if (locked.isEmpty()) {
            return new Idle();
        }
        Storyboard board = em.find(Storyboard.class, boardId);
        em.refresh(board);
        if (board.state == Storyboard.State.STITCHING) {
            return new Stitch();
        }
        if (board.state != Storyboard.State.RUNNING) {
            return new Idle();
        }
        List<StoryboardShot> shots = StoryboardShot.find("storyboardId = ?1 order by position", boardId).list();
        Map<Long, JobView> takes = StoryboardShot.currentTakes(shots, jobs);
        List<BoardCast.Member> members = cast.of(boardId);
        boolean allDone = true;
        for (int i = 0; i < shots.size(); i++) {
            StoryboardShot shot = shots.get(i);
            JobView take = takes.get(shot.id);
            if (shot.holdReservationId == null) {
                if (take != null && (take.state() == JobState.FAILED || take.state() == JobState.CANCELED)) {
                    pause(board, shot, take);
                    return new Idle();
                }
                allDone &= take != null && take.state() == JobState.COMPLETED;
                continue;
            }
            allDone = false;
            Casting.Use use = casting.of(shot, shot.takeModel == null ? shot.model : shot.takeModel, members);
            JobView previous = null;
            if (use.continues()) {
                StoryboardShot before = shots.get(i - 1);
                previous = takes.get(before.id);
                if (before.holdReservationId != null || previous == null || previous.state() != JobState.COMPLETED) {
                    continue; // waits for the previous shot's video
                }
            }
            return new Submit(shot.id, shot.holdReservationId, previous,
                    shot.start == StoryboardShot.Start.IMAGE ? shot.imageKey : null, use.members());
        }
        if (allDone && !shots.isEmpty()) {
            board.state = Storyboard.State.STITCHING;
            board.cut++;
            board.stitchAttempts = 0;
            board.stitchLeaseUntil = null;
            board.updatedAt = java.time.Instant.now();
            return new Stitch();
        }
        return new Idle();
    }

    private void pause(Storyboard board, StoryboardShot shot, JobView take) {
        Failures.Explanation why = Failures.explain(take.errorCode(), take.errorMessage(),
                Money.ofMicros(take.chargedMicros() == null ? 0 : take.chargedMicros()), take.state() == JobState.CANCELED);
        pause(board, shot, why.title() + ". " + why.detail());
    }

    private static void pause(Storyboard board, StoryboardShot shot, String reason) {
        board.state = Storyboard.State.PAUSED;
        board.pausedShotId = shot.id;
        board.pauseReason = "Shot " + shot.position + ": " + reason;
        board.updatedAt = java.time.Instant.now();
    }

    private void submit(long boardId, Submit step) {
        Optional<InputImage> image;
        List<Reference> references;
        try {
            image = firstFrame(step);
        } catch (RuntimeException e) {
            LOG.warnf(e, "Storyboard %d: the first frame of shot %d could not be read", boardId, step.shotId());
            pauseNow(boardId, step.shotId(), "its first frame could not be read (" + e.getMessage()
                    + "). Retry, or let this shot start fresh.");
            return;
        }
        try {
            references = cast.references(step.cast());
        } catch (RuntimeException e) {
            LOG.warnf(e, "Storyboard %d: the cast of shot %d could not be read", boardId, step.shotId());
            pauseNow(boardId, step.shotId(), "its cast images could not be read (" + e.getMessage()
                    + "). Retry, or replace them in the cast.");
            return;
        }
        GenerationService.Submitted result = generation.submit(new ShotSubmission(boardId, step, image, references));
        if (result instanceof GenerationService.Refused refused) {
            pauseNow(boardId, step.shotId(), refused.message()); // rolled back: the shot keeps its hold
        }
    }

    /**
     * A shot's part of the submit transaction: under the board's and the shot's locks its hold is
     * released and the shot admitted as its own request; the job becomes the shot's take.
     */
    private final class ShotSubmission implements GenerationService.Within {
        private final long boardId;
        private final Submit step;
        private final Optional<InputImage> image;
        private final List<Reference> references;
        private Storyboard board;
        private StoryboardShot shot;

        ShotSubmission(long boardId, Submit step, Optional<InputImage> image, List<Reference> references) {
            this.boardId = boardId;
            this.step = step;
            this.image = image;
            this.references = references;
        }

        @Override
        public Optional<GenerationService.Request> request() {
            board = em.find(Storyboard.class, boardId, LockModeType.PESSIMISTIC_WRITE);
            shot = em.find(StoryboardShot.class, step.shotId(), LockModeType.PESSIMISTIC_WRITE);
            if (board.state != Storyboard.State.RUNNING || shot == null
                    || !Long.valueOf(step.holdId()).equals(shot.holdReservationId)) {
                return Optional.empty(); // stopped or submitted meanwhile
            }
            Number member = (Number) em.createNativeQuery("select member_id from reservation where id = ?1")
                    .setParameter(1, step.holdId()).getSingleResult();
            settlement.settle(step.holdId(), SettlementOutcome.SHOT_SUBMITTED, 0);
            return Optional.of(GenerationService.Request.of(board.teamId, member.longValue(), shot.provider,
                    shot.takeModel == null ? shot.model : shot.takeModel, board.size, shot.seconds, board.promptFor(shot))
                    .withImage(image).withCreative(CreativeInputs.NONE.withReferences(references))
                    .withScheduleIfLimited(true).forStoryboard(board.id));
        }

        @Override
        public void queued(JobView job) {
            shot.jobId = job.id();
            shot.holdReservationId = null;
            em.createNativeQuery("insert into storyboard_take (job_id, storyboard_id, shot_id) values (?1, ?2, ?3)")
                    .setParameter(1, shot.jobId).setParameter(2, board.id).setParameter(3, shot.id).executeUpdate();
            cast.recordTake(job.id(), step.cast());
            board.updatedAt = java.time.Instant.now();
        }
    }

    private Optional<InputImage> firstFrame(Submit step) {
        JobView previous = step.previous();
        String key = previous != null ? QuarkusTransaction.requiringNew().call(
                () -> lastFrames.extractLastFrame(teams.byId(previous.teamId()).orElseThrow(), previous)) : step.imageKey();
        if (key == null) {
            return Optional.empty();
        }
        try (InputStream in = store.open(key, 0, null)) {
            String name = key.substring(key.lastIndexOf('/') + 1);
            return Optional.of(InputImage.of(name, in.readAllBytes())
                    .orElseThrow(() -> new IllegalStateException("the stored frame is not an image")));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void pauseNow(long boardId, long shotId, String reason) {
        QuarkusTransaction.requiringNew().run(() -> {
            Storyboard board = em.find(Storyboard.class, boardId, LockModeType.PESSIMISTIC_WRITE);
            StoryboardShot shot = em.find(StoryboardShot.class, shotId);
            if (board.state == Storyboard.State.RUNNING && shot != null) {
                pause(board, shot, reason);
            }
        });
    }

    private void cancelRunning(long boardId) {
        List<JobView> running = QuarkusTransaction.requiringNew().call(() -> jobs.runningShots(boardId));
        for (JobView job : running) {
            try {
                generation.cancel(job.teamId(), job.id());
            } catch (RuntimeException e) {
                LOG.infof("Storyboard %d: job %d not canceled: %s", boardId, job.id(), e.getMessage());
            }
        }
    }
}
