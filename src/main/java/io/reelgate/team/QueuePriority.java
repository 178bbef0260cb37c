package io.reelgate.team;

/** How a tier's jobs are ordered by the dispatcher, lowest rank first. */
public enum QueuePriority {
    DEDICATED(0, "Dedicated"),
    PRIORITY(1, "Priority"),
    STANDARD(2, "Standard");

    private final int rank;
    private final String label;

    QueuePriority(int rank, String label) {
        this.rank = rank;
        this.label = label;
    }

    public String label() {
        return label;
    }

    public int rank() {
        return rank;
    }
}
