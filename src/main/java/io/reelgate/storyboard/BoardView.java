package io.reelgate.storyboard;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.reelgate.budget.Money;
import io.reelgate.budget.SequenceHold;
import io.reelgate.generation.JobState;
import io.reelgate.videos.VideoChapters;
import io.reelgate.generation.VideoJob;
import io.reelgate.videos.ModelMenu;

/** What the board page shows: the board, each shot with its take, the estimate and the stitched video. */
public record BoardView(Storyboard board, List<Shot> shots, List<ModelMenu.Choice> models, List<Integer> seconds,
        SequenceHold estimate, SequenceHold draftEstimate, List<VideoChapters.Row> chapters, List<Storyboards.Take> history,
        int totalSeconds) {

    /** What every take of the board was charged, replaced and failed ones included. */
    public Money spent() {
        return Money.ofMicros(history.stream().mapToLong(Storyboards.Take::chargedMicros).sum());
    }

    /** One shot and its current take. */
    public record Shot(StoryboardShot shot, VideoJob take, String status, String tone, String cost, boolean changeable,
            boolean waiting, boolean draftTake, boolean first, boolean last, String modelValue) {

        public boolean failed() {
            return take != null && (take.state == JobState.FAILED || take.state == JobState.CANCELED) && !waiting;
        }

        /** Where the shot's first frame comes from, in words. */
        public String startText() {
            return shot.start == StoryboardShot.Start.IMAGE ? "starts from an uploaded image"
                    : shot.continues() ? "continues from shot " + (shot.position - 1) : "starts fresh";
        }

        public String formId() {
            return "edit-" + shot.id;
        }

        public boolean done() {
            return take != null && take.state == JobState.COMPLETED && !waiting;
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

    static BoardView of(Storyboard board, List<StoryboardShot> shots, Map<Long, VideoJob> takes, ModelMenu.Menu menu,
            SequenceHold estimate, SequenceHold draftEstimate, List<Storyboards.Take> history,
            List<VideoChapters.Row> chapters) {
        List<Shot> rows = new ArrayList<>();
        int total = 0;
        for (int i = 0; i < shots.size(); i++) {
            StoryboardShot s = shots.get(i);
            VideoJob take = takes.get(s.id);
            boolean waiting = s.holdReservationId != null;
            String status;
            String tone;
            if (waiting) {
                status = s.continues() ? "Waiting for shot " + (s.position - 1) : "Waiting to be sent";
                tone = "info";
            } else if (take == null) {
                status = "Not generated";
                tone = "neutral";
            } else {
                status = take.state.label();
                tone = switch (take.state) {
                    case COMPLETED -> "success";
                    case FAILED, CANCELED -> "danger";
                    default -> "info";
                };
            }
            total += s.seconds;
            String cost = take != null && take.chargedMicros != null && !waiting
                    ? Money.ofMicros(take.chargedMicros).display() : "";
            boolean draftTake = take != null && take.state == JobState.COMPLETED && !take.model.equals(s.model);
            rows.add(new Shot(s, take, status, tone, cost, s.changeable(take), waiting, draftTake, i == 0,
                    i == shots.size() - 1, menu.valueOf(s.provider, s.model)));
        }
        List<ModelMenu.Choice> models = menu.groups().stream().flatMap(g -> g.choices().stream())
                .filter(c -> c.model().offers(board.size)).toList();
        List<Integer> seconds = models.stream().flatMap(c -> c.model().seconds().stream()).distinct().sorted().toList();
        return new BoardView(board, rows, models, seconds, estimate, draftEstimate, chapters, history, total);
    }
}
