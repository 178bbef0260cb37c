package io.reelgate.provider;

import java.util.Locale;

/** A provider job's status, in the Videos API's terms. */
public enum VideoStatus {
    QUEUED, IN_PROGRESS, COMPLETED, FAILED;

    /**
     * The status for an OpenAI-shape {@code status} value. Servers that speak the shape in part use
     * their own words ("processing", "pending"); any word not known is taken as still running, so
     * the job keeps being tracked instead of failing on a name.
     */
    public static VideoStatus fromApi(String status) {
        return switch (status == null ? "" : status.toLowerCase(Locale.ROOT)) {
            case "queued", "pending", "starting" -> QUEUED;
            case "completed", "succeeded", "done" -> COMPLETED;
            case "failed", "cancelled", "canceled", "expired", "aborted" -> FAILED;
            default -> IN_PROGRESS;
        };
    }

    public String apiName() {
        return name().toLowerCase();
    }

    public boolean terminal() {
        return this == COMPLETED || this == FAILED;
    }
}
