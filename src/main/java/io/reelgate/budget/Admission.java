package io.reelgate.budget;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;

import io.reelgate.team.TierConfig;

/**
 * Admits generation requests: one database transaction per request that serialises on the team's
 * money lock (a transaction-scoped advisory lock), so no overspend and no over-admission happen under any concurrency, on one instance
 * or many. Callers that must write more in the same transaction (the pipeline's job row) call
 * {@link #admit} from inside their own {@code @Transactional} method. A refusal by the budget is
 * announced as {@link BudgetExhausted}, recorded for the alert mail after the transaction ends
 * ({@link ExhaustionAlerts}), so a caller that rolls the refusal back does not take the alert along.
 */
@ApplicationScoped
public class Admission {

    private final DataSource dataSource;
    private final AdmissionSql core;
    private final InstantSource clock;

    Admission(DataSource dataSource, PriceBook prices, TierConfig tiers, BudgetConfig config, InstantSource clock,
            Event<BudgetExhausted> exhausted) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.core = new AdmissionSql(prices, tiers, Money.parse(config.defaultAmountUsd().toPlainString()),
                exhausted::fire);
    }

    @Transactional
    public AdmissionResult admit(AdmissionRequest request) {
        return admit(request, clock.instant());
    }

    /** Admission as if it were {@code now} (for period and day boundary tests). */
    @Transactional
    public AdmissionResult admit(AdmissionRequest request, Instant now) {
        try (Connection connection = dataSource.getConnection()) {
            return core.admit(connection, request, now);
        } catch (SQLException e) {
            throw new IllegalStateException("Admission failed for team " + request.teamId(), e);
        }
    }

    /**
     * Moves an open reservation to another route of its model at that route's price, or refuses
     * (writing nothing) when the difference does not fit: {@link AdmissionSql#reprice}. Joins the
     * caller's transaction, so the job's move and the money's commit together.
     */
    @Transactional
    public AdmissionResult reprice(long reservationId, String provider, String model, boolean withAudio) {
        try (Connection connection = dataSource.getConnection()) {
            return core.reprice(connection, reservationId, provider, model, withAudio, clock.instant());
        } catch (SQLException e) {
            throw new IllegalStateException("Repricing reservation " + reservationId + " failed", e);
        }
    }

    /**
     * Holds the money of every request, all or nothing, in one transaction under the team's money
     * lock; the holds count against no rate limit. Refused: nothing is written.
     */
    @Transactional
    public SequenceHold hold(long teamId, long memberId, java.util.List<AdmissionRequest> requests) {
        return sequence(teamId, memberId, requests, true);
    }

    /** What {@link #hold} would do now; changes nothing. */
    @Transactional
    public SequenceHold estimateHold(long teamId, long memberId, java.util.List<AdmissionRequest> requests) {
        return sequence(teamId, memberId, requests, false);
    }

    private SequenceHold sequence(long teamId, long memberId, java.util.List<AdmissionRequest> requests, boolean write) {
        try (Connection connection = dataSource.getConnection()) {
            return core.hold(connection, teamId, memberId, requests, clock.instant(), write);
        } catch (SQLException e) {
            throw new IllegalStateException("Holding money failed for team " + teamId, e);
        }
    }

    /** What admitting the request now would cost and whether it would pass; changes nothing. */
    @Transactional
    public Estimate estimate(AdmissionRequest request) {
        try (Connection connection = dataSource.getConnection()) {
            return core.estimate(connection, request, clock.instant());
        } catch (SQLException e) {
            throw new IllegalStateException("Estimate failed for team " + request.teamId(), e);
        }
    }
}
