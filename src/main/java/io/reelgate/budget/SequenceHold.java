package io.reelgate.budget;

import java.util.List;

/**
 * The money held for a sequence of requests at once ({@link Admission#hold}): one hold per request
 * ({@code reservationIds}, empty for an estimate or a refusal) with its cost, their total and
 * length, what the budget keeps after it ({@code left}), or why it was refused (nothing written).
 */
public record SequenceHold(List<Long> reservationIds, List<Money> costs, Money total, int seconds, Money left,
        AdmissionResult.Rejected refusal) {

    public boolean refused() {
        return refusal != null;
    }
}
