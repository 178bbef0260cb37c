package io.reelgate.storyboard;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

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
        FRESH
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

    /** Whether it waits for the previous shot's video. */
    public boolean continues() {
        return start == Start.CONTINUE && position > 1;
    }
}
