package io.reelgate.storyboard;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.NotFoundException;

import io.reelgate.budget.Admission;
import io.reelgate.budget.AdmissionRequest;
import io.reelgate.budget.Money;
import io.reelgate.budget.SequenceHold;
import io.reelgate.budget.Settlement;
import io.reelgate.budget.SettlementOutcome;
import io.reelgate.generation.JobQueries;
import io.reelgate.generation.GenerationConfig;
import io.reelgate.generation.PromptText;
import io.reelgate.generation.JobState;
import io.reelgate.generation.JobView;
import io.reelgate.provider.ModelCatalog;
import io.reelgate.videos.ModelMenu;
import io.reelgate.team.ChangeRefused;
import io.reelgate.web.SqlRow;

/**
 * A board's money and runs: the estimate of the whole sequence, "generate" (one all-or-nothing hold
 * for every shot it covers, {@link Admission#hold}), draft → final, retry, stop (every hold
 * released) and re-generating single shots ({@link BoardEdits} changes the shots). A shot its provider
 * would refuse with the board's cast ({@link Casting#refusal}) stops "generate" before anything is held. Each is one
 * transaction that locks the board row, so two tabs or two instances never both start a board.
 */
@ApplicationScoped
public class Storyboards {

    /** The outcome of "generate": what was held, or why nothing was. */
    public record Started(SequenceHold hold, int shots) {
    }

    private final EntityManager em;
    private final Admission admission;
    private final Settlement settlement;
    private final ModelMenu menus;
    private final GenerationConfig generation;
    private final BoardRunner runner;
    private final BoardCast cast;
    private final Casting casting;
    private final JobQueries jobs;

    Storyboards(EntityManager em, Admission admission, Settlement settlement, ModelMenu menus,
            GenerationConfig generation, BoardRunner runner, BoardCast cast, Casting casting, JobQueries jobs) {
        this.jobs = jobs;
        this.em = em;
        this.admission = admission;
        this.settlement = settlement;
        this.menus = menus;
        this.generation = generation;
        this.runner = runner;
        this.cast = cast;
        this.casting = casting;
    }

    public List<Storyboard> ofTeam(long teamId) {
        return Storyboard.find("teamId = ?1 order by updatedAt desc, id desc", teamId).list();
    }

    public Storyboard board(long teamId, long boardId) {
        Storyboard board = Storyboard.findById(boardId);
        if (board == null || board.teamId != teamId) {
            throw new NotFoundException();
        }
        return board;
    }

    public List<StoryboardShot> shots(long boardId) {
        return StoryboardShot.find("storyboardId = ?1 order by position", boardId).list();
    }

    /** The shots "generate" would make now: those without a hold and without a finished or running take. */
    static List<StoryboardShot> pending(List<StoryboardShot> shots, Map<Long, JobView> takes) {
        return shots.stream().filter(s -> s.changeable(takes.get(s.id))).toList();
    }

    private List<StoryboardShot> pending(long boardId) {
        List<StoryboardShot> shots = shots(boardId);
        return pending(shots, StoryboardShot.currentTakes(shots, jobs));
    }

    /** What generating the pending shots would cost on their models, and on their draft models (null: not cheaper). */
    public record Estimates(SequenceHold onModels, SequenceHold onDrafts) {
    }

    /**
     * What generating the board's pending shots would cost and whether the budget allows it (empty
     * when none is pending); {@code draft} only when draft models make it cheaper. Changes nothing.
     */
    @Transactional
    public Optional<Estimates> estimate(Storyboard board, List<StoryboardShot> pending, long memberId) {
        if (pending.isEmpty()) {
            return Optional.empty();
        }
        List<AdmissionRequest> onModels = requests(board, pending, memberId, false);
        List<AdmissionRequest> onDrafts = requests(board, pending, memberId, true);
        SequenceHold full = admission.estimateHold(board.teamId, memberId, onModels);
        SequenceHold draft = onDrafts.equals(onModels) ? null : admission.estimateHold(board.teamId, memberId, onDrafts);
        return Optional.of(new Estimates(full, draft != null && draft.total().compareTo(full.total()) < 0 ? draft : null));
    }

    /** The estimate of a board's pending shots, read afresh. */
    @Transactional
    public Optional<Estimates> estimate(long teamId, long memberId, long boardId) {
        Storyboard board = board(teamId, boardId);
        return estimate(board, pending(board.id), memberId);
    }

    /**
     * "Generate": holds the money of every pending shot at once, all or nothing, and starts the
     * board. With {@code draft}, each shot is made with its model's draft (cheaper) model first.
     */
    @Transactional
    public Started generate(long teamId, long memberId, long boardId, boolean draft) {
        Storyboard board = Storyboard.locked(teamId, boardId);
        if (board.state != Storyboard.State.EDITING && board.state != Storyboard.State.DONE) {
            throw new ChangeRefused("The storyboard is " + board.state.label().toLowerCase()
                    + "; wait for it, or stop it first.");
        }
        List<StoryboardShot> todo = pending(board.id);
        if (todo.isEmpty()) {
            throw new ChangeRefused(shots(board.id).isEmpty() ? "Add a shot first."
                    : "Every shot already has a take; re-generate a shot to change it.");
        }
        return hold(board, todo, memberId, draft);
    }

    /** "Make final": every shot whose take was made with a draft model, again with its own model. */
    @Transactional
    public Started makeFinal(long teamId, long memberId, long boardId, Long onlyShot) {
        Storyboard board = Storyboard.locked(teamId, boardId);
        if (board.state != Storyboard.State.DONE && board.state != Storyboard.State.EDITING) {
            throw new ChangeRefused("Wait until the storyboard is ready.");
        }
        List<StoryboardShot> shots = shots(board.id);
        Map<Long, JobView> takes = StoryboardShot.currentTakes(shots, jobs);
        List<StoryboardShot> drafts = shots.stream().filter(s -> onlyShot == null || s.id.equals(onlyShot))
                .filter(s -> takes.containsKey(s.id) && takes.get(s.id).state() == JobState.COMPLETED
                        && !takes.get(s.id).model().equals(s.model))
                .toList();
        if (drafts.isEmpty()) {
            throw new ChangeRefused("No shot has a draft take to make final.");
        }
        return hold(board, drafts, memberId, false);
    }

    /** Makes one shot again (its current take stays in the gallery of its takes); the other shots stay. */
    @Transactional
    public Started regenerate(long teamId, long memberId, long boardId, long shotId, String prompt) {
        Storyboard board = Storyboard.locked(teamId, boardId);
        if (board.state == Storyboard.State.RUNNING || board.state == Storyboard.State.STITCHING) {
            throw new ChangeRefused("Wait until the storyboard is ready or paused.");
        }
        StoryboardShot shot = StoryboardShot.of(board, shotId);
        if (shot.holdReservationId != null) {
            throw new ChangeRefused("Shot " + shot.position + " is already waiting to be generated.");
        }
        String before = shot.prompt;
        if (prompt != null && !prompt.isBlank()) {
            shot.prompt = BoardEdits.checkedPrompt(prompt, generation.maxPromptLength());
        }
        Started started = hold(board, List.of(shot), memberId, false);
        if (started.hold().refused()) {
            shot.prompt = before;
        }
        return started;
    }

    /**
     * Stops the board: every hold is released in this transaction, running takes are canceled;
     * finished takes stay. Returns what was released.
     */
    @Transactional
    public Money stop(long teamId, long boardId) {
        Storyboard board = Storyboard.locked(teamId, boardId);
        List<StoryboardShot> held = shots(board.id).stream().filter(s -> s.holdReservationId != null).toList();
        Money released = Money.ZERO;
        if (!held.isEmpty()) {
            // under the board's lock no shot is being sent, so every one of these holds is still open
            Number open = (Number) em.createNativeQuery("""
                    select coalesce(sum(amount_micros), 0)
                    from reservation
                    where id = any(?1) and state = 'OPEN'
                    """).setParameter(1, held.stream().map(s -> s.holdReservationId).toArray(Long[]::new))
                    .getSingleResult();
            released = Money.ofMicros(open.longValue());
        }
        for (StoryboardShot shot : held) {
            settlement.settle(shot.holdReservationId, SettlementOutcome.CANCELED_BEFORE_SUBMISSION, 0);
            shot.holdReservationId = null;
            shot.takeModel = null;
        }
        board.state = Storyboard.State.EDITING;
        board.pausedShotId = null;
        board.pauseReason = null;
        board.updatedAt = Instant.now();
        runner.afterCommitCancelRunning(board.id);
        return released;
    }

    /** One take of a shot, as the board's charges list shows it. */
    public record Take(long jobId, int shot, String model, JobState state, long chargedMicros) {

        public String charged() {
            return Money.ofMicros(chargedMicros).display();
        }
    }

    /** Every take of the board, replaced and failed ones included, oldest first. */
    public List<Take> takeHistory(long boardId) {
        return SqlRow.list(em.createNativeQuery("""
                select t.job_id, s.position, j.model, j.state, coalesce(j.charged_micros, 0) as charged_micros
                from storyboard_take t
                join storyboard_shot s on s.id = t.shot_id
                join video_job j on j.id = t.job_id
                where t.storyboard_id = ?1
                order by j.created_at, j.id
                """, Tuple.class).setParameter(1, boardId)).stream()
                .map(r -> new Take(r.longValue("job_id"), r.intValue("position"), r.string("model"),
                        JobState.valueOf(r.string("state")), r.longValue("charged_micros"))).toList();
    }

    private Started hold(Storyboard board, List<StoryboardShot> shots, long memberId, boolean draft) {
        for (StoryboardShot s : shots) {
            PromptText.tooLong(board.promptFor(s), "prompt", generation.maxPromptLength(), null).ifPresent(problem -> {
                throw new ChangeRefused("Shot " + s.position + ", with what every shot keeps: " + problem);
            });
        }
        List<AdmissionRequest> requests = requests(board, shots, memberId, draft);
        List<BoardCast.Member> members = cast.of(board.id);
        for (int i = 0; i < shots.size(); i++) {
            StoryboardShot s = shots.get(i);
            String model = requests.get(i).model();
            casting.refusal(board, s, model, casting.of(s, model, members)).ifPresent(problem -> {
                throw new ChangeRefused("Shot " + s.position + " cannot be made with the cast: " + problem
                        + " Nothing was held.");
            });
        }
        SequenceHold hold = admission.hold(board.teamId, memberId, requests);
        if (hold.refused()) {
            return new Started(hold, shots.size());
        }
        for (int i = 0; i < shots.size(); i++) {
            StoryboardShot shot = shots.get(i);
            shot.holdReservationId = hold.reservationIds().get(i);
            shot.takeModel = requests.get(i).model();
            em.createNativeQuery("insert into storyboard_hold (reservation_id, storyboard_id, shot_id) values (?1, ?2, ?3)")
                    .setParameter(1, shot.holdReservationId).setParameter(2, board.id).setParameter(3, shot.id)
                    .executeUpdate();
        }
        board.state = Storyboard.State.RUNNING;
        board.pausedShotId = null;
        board.pauseReason = null;
        board.updatedAt = Instant.now();
        runner.afterCommitAdvance(board.id);
        return new Started(hold, shots.size());
    }

    private List<AdmissionRequest> requests(Storyboard board, List<StoryboardShot> shots, long memberId, boolean draft) {
        ModelMenu.Menu menu = menus.forTeam(board.teamId);
        List<AdmissionRequest> requests = new ArrayList<>();
        for (StoryboardShot s : shots) {
            String model = draft ? draftModel(menu, s, board.size) : s.model;
            requests.add(new AdmissionRequest(board.teamId, memberId, s.provider, model, board.size, s.seconds, true));
        }
        return requests;
    }

    /**
     * The cheapest of the provider's draft models whose final model is the shot's, if the team may use
     * one for this size and length; otherwise the shot's own model.
     */
    static String draftModel(ModelMenu.Menu menu, StoryboardShot shot, String size) {
        return menu.groups().stream().filter(g -> g.provider().equals(shot.provider))
                .flatMap(g -> g.choices().stream()).map(ModelMenu.Choice::model)
                .filter(m -> shot.model.equals(m.finalModel()) && m.offers(size) && m.seconds().contains(shot.seconds))
                .min(java.util.Comparator.comparingLong(m -> m.micros(size, shot.seconds, false)))
                .map(ModelCatalog.Model::name).orElse(shot.model);
    }
}
