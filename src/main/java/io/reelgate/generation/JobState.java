package io.reelgate.generation;

import java.util.EnumSet;
import java.util.Set;

/**
 * The states of a generation job and the only transitions between them:
 * {@code ADMITTED → SUBMITTING → SUBMITTED → INGESTING → (DERIVING →) COMPLETED}, with FAILED and
 * CANCELED where they make sense. DERIVING makes the poster and spritesheet a provider did not
 * deliver. A job may go back from SUBMITTING to ADMITTED (rate limited, provider down: retry
 * later) and from INGESTING to SUBMITTED (an early webhook: content not ready yet).
 */
public enum JobState {
    ADMITTED, SUBMITTING, SUBMITTED, INGESTING, DERIVING, COMPLETED, FAILED, CANCELED;

    public boolean terminal() {
        return this == COMPLETED || this == FAILED || this == CANCELED;
    }

    public Set<JobState> next() {
        return switch (this) {
            case ADMITTED -> EnumSet.of(SUBMITTING, CANCELED, FAILED);
            case SUBMITTING -> EnumSet.of(SUBMITTED, ADMITTED, FAILED, CANCELED);
            case SUBMITTED -> EnumSet.of(SUBMITTED, INGESTING, FAILED, CANCELED);
            case INGESTING -> EnumSet.of(SUBMITTED, DERIVING, COMPLETED, FAILED);
            case DERIVING -> EnumSet.of(COMPLETED, FAILED);
            case COMPLETED, FAILED, CANCELED -> EnumSet.noneOf(JobState.class);
        };
    }

    public boolean canMoveTo(JobState target) {
        return next().contains(target);
    }

    /** What people see. */
    public String label() {
        return switch (this) {
            case ADMITTED -> "Queued";
            case SUBMITTING -> "Sending";
            case SUBMITTED -> "Generating";
            case INGESTING -> "Saving";
            case DERIVING -> "Preparing previews";
            case COMPLETED -> "Done";
            case FAILED -> "Failed";
            case CANCELED -> "Canceled";
        };
    }
}
