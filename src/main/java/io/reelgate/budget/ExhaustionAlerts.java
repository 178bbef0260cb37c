package io.reelgate.budget;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Records the budget-exhausted alert (the {@code EXHAUSTED} row of the alert outbox, once per team
 * and period) outside the transaction that refused the request: every submit path rolls its refusal
 * back, which took an alert written inside it along. The write runs after that transaction has
 * ended, on a worker (a new transaction cannot start inside the old one's completion); should the
 * instance die in between, the team's next refusal records it.
 */
@ApplicationScoped
class ExhaustionAlerts {

    private static final Logger LOG = Logger.getLogger(ExhaustionAlerts.class);
    private static final int REMEMBERED = 10_000;

    private final DataSource dataSource;
    private final ManagedExecutor executor;
    /** Team and period already recorded by this instance: a burst of refusals writes once. */
    private final Set<String> recorded = ConcurrentHashMap.newKeySet();

    ExhaustionAlerts(DataSource dataSource, ManagedExecutor executor) {
        this.dataSource = dataSource;
        this.executor = executor;
    }

    void afterRefusal(@Observes(during = TransactionPhase.AFTER_COMPLETION) BudgetExhausted refusal) {
        String key = refusal.teamId() + "/" + refusal.periodStart();
        if (recorded.contains(key)) {
            return;
        }
        executor.runAsync(() -> record(refusal, key)).exceptionally(e -> {
            LOG.errorf(e, "Team %d: the budget-exhausted alert could not be recorded", refusal.teamId());
            return null;
        });
    }

    private void record(BudgetExhausted refusal, String key) {
        QuarkusTransaction.requiringNew().run(() -> {
            try (Connection connection = dataSource.getConnection()) {
                new MoneySql(connection).recordExhausted(refusal.teamId(), refusal.periodStart(), refusal.spent(),
                        refusal.budget());
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        if (recorded.size() >= REMEMBERED) {
            recorded.clear();
        }
        recorded.add(key);
    }
}
