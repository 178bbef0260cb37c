package io.reelgate.storyboard;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.reelgate.generation.JobQueries;
import io.reelgate.generation.JobState;
import io.reelgate.generation.JobView;

/**
 * One shot of a storyboard: what to generate, and its takes. {@code holdReservationId} is the money
 * held for its next take until that take's job is admitted; {@code jobId} is its current take.
 */
@Entity
public class StoryboardShot extends PanacheEntityBase {

    /** What the shot's first frame is. */
    public enum Start {
        /** The previous shot's last frame (the first shot starts fresh). */
        CONTINUE,
        /** Whatever the prompt makes. */
        FRESH,
        /** An uploaded image ({@code imageKey}). */
        IMAGE
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public long storyboardId;
    public int position;
    public String prompt;
    public String provider;
    public String model;
    public int seconds;
    @Enumerated(EnumType.STRING)
    public Start start;
    public String imageKey;
    public String imageType;
    public String takeModel;
    public Long holdReservationId;
    public Long jobId;

    /** The board's shot; 404 for a shot of another board. */
    static StoryboardShot of(Storyboard board, long shotId) {
        StoryboardShot shot = findById(shotId);
        if (shot == null || shot.storyboardId != board.id) {
            throw new jakarta.ws.rs.NotFoundException();
        }
        return shot;
    }

    /** The current take of each shot that has one, read in one query. */
    public static Map<Long, JobView> currentTakes(List<StoryboardShot> shots, JobQueries jobs) {
        List<Long> ids = shots.stream().map(s -> s.jobId).filter(Objects::nonNull).toList();
        Map<Long, JobView> byId = jobs.byIds(ids);
        Map<Long, JobView> takes = new HashMap<>();
        shots.stream().filter(s -> s.jobId != null && byId.containsKey(s.jobId)).forEach(s -> takes.put(s.id, byId.get(s.jobId)));
        return takes;
    }

    /** A take that is done or on its way (a failed or canceled one can be replaced). */
    public static boolean live(JobView take) {
        return take != null && take.state() != JobState.FAILED && take.state() != JobState.CANCELED;
    }

    /**
     * Whether the shot may be edited, moved or removed — and whether "generate" makes it: no hold and
     * no live take.
     */
    public boolean changeable(JobView take) {
        return holdReservationId == null && !live(take);
    }

    /** Whether it waits for the previous shot's video. */
    public boolean continues() {
        return start == Start.CONTINUE && position > 1;
    }
}
