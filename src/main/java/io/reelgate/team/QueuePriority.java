package io.reelgate.team;

import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * How a tier's jobs are ordered by the dispatcher, lowest rank first, and how large a share of
 * the dispatch rounds they get: a team's n-th waiting job counts as round ⌊(n−1)/weight⌋.
 */
public enum QueuePriority {
    DEDICATED(0, 4, "Dedicated"),
    PRIORITY(1, 2, "Priority"),
    STANDARD(2, 1, "Standard");

    private final int rank;
    private final int weight;
    private final String label;

    QueuePriority(int rank, int weight, String label) {
        this.rank = rank;
        this.weight = weight;
        this.label = label;
    }

    public String label() {
        return label;
    }

    public int rank() {
        return rank;
    }

    /** Jobs of this priority per dispatch round (4 dedicated, 2 priority, 1 standard). */
    public int weight() {
        return weight;
    }

    /** SQL mapping a stored rank column to its weight, e.g. {@code case r.priority when 0 then 4 … end}. */
    public static String weightSql(String rankColumn) {
        return Stream.of(values()).map(p -> "when " + p.rank + " then " + p.weight)
                .collect(Collectors.joining(" ", "case " + rankColumn + " ", " else 1 end"));
    }
}
