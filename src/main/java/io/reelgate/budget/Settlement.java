package io.reelgate.budget;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.reelgate.provider.Providers;
import io.reelgate.provider.ProvidersConfig;

/**
 * Charges the actual cost of a finished request and releases its reservation, exactly once:
 * idempotent under retries and concurrent calls ({@link SettlementSql}).
 */
@ApplicationScoped
public class Settlement {

    private final DataSource dataSource;
    private final SettlementSql core;
    private final java.time.InstantSource clock;

    Settlement(DataSource dataSource, BudgetConfig config, Providers providers, java.time.InstantSource clock) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.core = new SettlementSql(config, Money.parse(config.defaultAmountUsd().toPlainString()),
                provider -> providers.settings(provider).flatMap(ProvidersConfig.Provider::chargeModerationBlocked));
    }

    @Transactional
    public SettlementSql.Settled settle(long reservationId, SettlementOutcome outcome, int actualSeconds) {
        return settle(reservationId, outcome, actualSeconds, null);
    }

    /**
     * Settles at what the provider reported it billed ({@code billedMicros}, null: it reports
     * nothing and the price book decides); {@link SettlementSql} says how the cap applies.
     */
    @Transactional
    public SettlementSql.Settled settle(long reservationId, SettlementOutcome outcome, int actualSeconds, Long billedMicros) {
        try (Connection connection = dataSource.getConnection()) {
            return core.settle(connection, reservationId, outcome, actualSeconds, billedMicros, clock.instant());
        } catch (SQLException e) {
            throw new IllegalStateException("Settlement of reservation " + reservationId + " failed", e);
        }
    }
}
