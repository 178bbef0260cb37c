package io.reelgate.budget;

import java.time.Instant;
import java.util.List;

/** The result of checking that every running total equals the sum of its ledger entries. */
public record Reconciliation(Instant checkedAt, int totalsChecked, List<Mismatch> mismatches) {

    /** A total that disagrees with its entries; {@code scope} says which total (team, member, open reservations). */
    public record Mismatch(String scope, long teamId, java.time.LocalDate periodStart, Long userId, long totalSpent,
            long entriesSpent, long totalReserved, long entriesReserved) {
    }

    public boolean balanced() {
        return mismatches.isEmpty();
    }
}
