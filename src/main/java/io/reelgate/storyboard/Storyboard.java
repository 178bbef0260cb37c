package io.reelgate.storyboard;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A sequence of shots of one team, generated in order and stitched into one video. */
@Entity
public class Storyboard extends PanacheEntityBase {

    /** Where the board is; the shots' takes say the rest. */
    public enum State {
        /** Shots can be added, changed, reordered and removed (those without a take). */
        EDITING,
        /** Its held shots are being generated, in order. */
        RUNNING,
        /** A shot failed: it waits for retry, an edited retry or stop. */
        PAUSED,
        /** Every shot is done; they are being joined. */
        STITCHING,
        /** The stitched video of the latest cut is ready. */
        DONE;

        public String label() {
            return switch (this) {
                case EDITING -> "Draft";
                case RUNNING -> "Generating";
                case PAUSED -> "Paused";
                case STITCHING -> "Stitching";
                case DONE -> "Ready";
            };
        }

        /** The badge colour pages show the state in. */
        public String tone() {
            return switch (this) {
                case EDITING -> "neutral";
                case PAUSED -> "warning";
                case DONE -> "success";
                case RUNNING, STITCHING -> "info";
            };
        }
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public long teamId;
    public long createdBy;
    public String title;
    public String keepText;
    public String size;
    @Enumerated(EnumType.STRING)
    public State state;
    public Long pausedShotId;
    public String pauseReason;
    public int cut;
    /** The instance stitching the board (lease/Leases renews its lease), or null. */
    public String stitchLeaseOwner;
    /** Until when the stitch is leased, or (with no owner) when a failed stitch is tried again. */
    public Instant stitchLeaseUntil;
    public int stitchAttempts;
    public String stitchError;
    public Long videoJobId;
    public Instant createdAt;
    public Instant updatedAt;

    /** The team's board, locked for the rest of the transaction; 404 for another team's. */
    static Storyboard locked(long teamId, long boardId) {
        Storyboard board = findById(boardId, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        if (board == null || board.teamId != teamId) {
            throw new jakarta.ws.rs.NotFoundException();
        }
        return board;
    }

    /** The prompt a shot is sent with: its own, then what every shot keeps. */
    public String promptFor(StoryboardShot shot) {
        String keep = keepText == null ? "" : keepText.strip();
        return keep.isEmpty() ? shot.prompt.strip() : shot.prompt.strip() + "\n\n" + keep;
    }
}
