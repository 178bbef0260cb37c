package io.reelgate.provider;

/** A provider job's status as the Videos API reports it. */
public enum VideoStatus {
    QUEUED, IN_PROGRESS, COMPLETED, FAILED;

    public static VideoStatus fromApi(String status) {
        return switch (status) {
            case "queued" -> QUEUED;
            case "in_progress" -> IN_PROGRESS;
            case "completed" -> COMPLETED;
            case "failed" -> FAILED;
            default -> throw new IllegalArgumentException("Unknown video status " + status);
        };
    }

    public String apiName() {
        return name().toLowerCase();
    }

    public boolean terminal() {
        return this == COMPLETED || this == FAILED;
    }
}
