package io.reelgate.storyboard;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.reelgate.budget.Money;
import io.reelgate.budget.SequenceHold;
import io.reelgate.generation.JobState;
import io.reelgate.videos.VideoChapters;
import io.reelgate.generation.JobView;
import io.reelgate.videos.ModelMenu;

/**
 * What the board page shows: the board, its cast, each shot with its take and the cast it uses, the estimate
 * and the stitched video.
 */
public record BoardView(Storyboard board, List<BoardCast.Member> cast, List<Shot> shots, List<ModelMenu.Choice> models,
        List<Integer> seconds, SequenceHold estimate, SequenceHold draftEstimate, List<VideoChapters.Row> chapters,
        List<Storyboards.Take> history, int totalSeconds) {

    /**
     * The cast images a shot uses: those its take was sent with ({@code sent}), or, before it is sent,
     * those it will be; {@code note} says what differs from the rest (null: nothing), {@code problem}
     * what its provider would refuse ("generate" stops on it).
     */
    public record ShotCast(List<BoardCast.Member> members, boolean sent, boolean continues, String note, String problem) {

        static final ShotCast NONE = new ShotCast(List.of(), false, false, null, null);
    }

    /** Whether another image may join the cast. */
    public boolean castOpen() {
        return cast.size() < BoardCast.MAX;
    }

    /** What every take of the board was charged, replaced and failed ones included. */
    public Money spent() {
        return Money.ofMicros(history.stream().mapToLong(Storyboards.Take::chargedMicros).sum());
    }

    /** One shot and its current take. */
    public record Shot(StoryboardShot shot, JobView take, String status, String tone, String cost, boolean changeable,
            boolean waiting, boolean draftTake, boolean first, boolean last, String modelValue, ShotCast cast) {

        public boolean failed() {
            return take != null && (take.state() == JobState.FAILED || take.state() == JobState.CANCELED) && !waiting;
        }

        /** Where the shot's first frame comes from, in words. */
        public String startText() {
            if (shot.start == StoryboardShot.Start.IMAGE) {
                return "starts from an uploaded image";
            }
            if (shot.continues() && !cast.continues() && !cast.members().isEmpty()) {
                return "starts from the cast";
            }
            return shot.continues() ? "continues from shot " + (shot.position - 1) : "starts fresh";
        }

        public String formId() {
            return "edit-" + shot.id;
        }

        public boolean done() {
            return take != null && take.state() == JobState.COMPLETED && !waiting;
        }
    }

    public boolean editing() {
        return board.state == Storyboard.State.EDITING || board.state == Storyboard.State.DONE
                || board.state == Storyboard.State.PAUSED;
    }

    public boolean active() {
        return board.state == Storyboard.State.RUNNING || board.state == Storyboard.State.STITCHING;
    }

    public boolean stoppable() {
        return board.state == Storyboard.State.RUNNING || board.state == Storyboard.State.PAUSED;
    }

    public boolean canGenerate() {
        return estimate != null && (board.state == Storyboard.State.EDITING || board.state == Storyboard.State.DONE);
    }

    public boolean hasDraftTakes() {
        return shots.stream().anyMatch(Shot::draftTake);
    }

    public Shot paused() {
        return shots.stream().filter(s -> s.shot().id.equals(board.pausedShotId)).findFirst().orElse(null);
    }

    static BoardView of(Storyboard board, List<BoardCast.Member> cast, List<StoryboardShot> shots, Map<Long, JobView> takes,
            Map<Long, ShotCast> casts, ModelMenu.Menu menu, SequenceHold estimate, SequenceHold draftEstimate,
            List<Storyboards.Take> history, List<VideoChapters.Row> chapters) {
        List<Shot> rows = new ArrayList<>();
        int total = 0;
        for (int i = 0; i < shots.size(); i++) {
            StoryboardShot s = shots.get(i);
            JobView take = takes.get(s.id);
            boolean waiting = s.holdReservationId != null;
            ShotCast used = casts.getOrDefault(s.id, ShotCast.NONE);
            String status;
            String tone;
            if (waiting) {
                status = used.continues() ? "Waiting for shot " + (s.position - 1) : "Waiting to be sent";
                tone = "info";
            } else if (take == null) {
                status = "Not generated";
                tone = "neutral";
            } else {
                status = take.state().label();
                tone = switch (take.state()) {
                    case COMPLETED -> "success";
                    case FAILED, CANCELED -> "danger";
                    default -> "info";
                };
            }
            total += s.seconds;
            String cost = take != null && take.chargedMicros() != null && !waiting
                    ? Money.ofMicros(take.chargedMicros()).display() : "";
            boolean draftTake = take != null && take.state() == JobState.COMPLETED && !take.model().equals(s.model);
            rows.add(new Shot(s, take, status, tone, cost, s.changeable(take), waiting, draftTake, i == 0,
                    i == shots.size() - 1, menu.valueOf(s.provider, s.model), used));
        }
        List<ModelMenu.Choice> models = menu.groups().stream().flatMap(g -> g.choices().stream())
                .filter(c -> c.model().offers(board.size)).toList();
        List<Integer> seconds = models.stream().flatMap(c -> c.model().seconds().stream()).distinct().sorted().toList();
        return new BoardView(board, cast, rows, models, seconds, estimate, draftEstimate, chapters, history, total);
    }
}
