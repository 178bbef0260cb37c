package io.reelgate.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.team.Team;
import io.reelgate.team.TeamDirectory;
import io.reelgate.team.TeamRole;
import io.reelgate.team.Tier;
import io.reelgate.team.TierConfig;
import io.reelgate.testing.Fixtures;

/**
 * Exactness under concurrency: 200 simultaneous admissions, on one connection pool or split
 * across two independent pools (two app instances on one database), never overspend and never
 * over-admit; settlement is exactly once; the ledger always reconciles.
 */
@QuarkusTest
class AdmissionConcurrencyTest {

    static final int CLIENTS = 200;

    @Inject
    Admission admission;
    @Inject
    Settlement settlement;
    @Inject
    Ledger ledger;
    @Inject
    BudgetSettings settings;
    @Inject
    TeamDirectory teams;
    @Inject
    Fixtures fixtures;
    @Inject
    PriceBook prices;
    @Inject
    TierConfig tiers;
    @Inject
    BudgetConfig budgetConfig;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;
    @ConfigProperty(name = "quarkus.datasource.username")
    String dbUser;
    @ConfigProperty(name = "quarkus.datasource.password")
    String dbPassword;

    static ExecutorService pool;

    @BeforeAll
    static void threads() {
        pool = Executors.newFixedThreadPool(CLIENTS);
    }

    @AfterAll
    static void stopThreads() {
        pool.shutdownNow();
    }

    /** 8 s of sora-2 at 720p costs $0.80: a $8.00 budget fits exactly 10. */
    private AdmissionRequest eightSeconds(Team team, long member) {
        return new AdmissionRequest(team.id, member, "simulator", "sora-2", "1280x720", 8, false);
    }

    private Team budgetTeam(String usd) {
        Team team = fixtures.team("race", Tier.ENTERPRISE);
        assertTrue(settings.update(team.id, Budgets.amount(usd)).valid());
        return team;
    }

    @Test
    void twoHundredConcurrentAdmissionsAgainstABudgetForTenAdmitExactlyTen() throws Exception {
        Team team = budgetTeam("8.00");
        List<Long> members = members(team, 20);

        List<AdmissionResult> results = race(i -> admission.admit(eightSeconds(team, members.get(i % members.size()))));

        assertEquals(10, admitted(results).size(), "admitted");
        assertThat(rejected(results)).allMatch(r -> r.reason() == AdmissionResult.Reason.BUDGET_EXCEEDED);
        Balance balance = ledger.balance(team.id, Instant.now());
        assertEquals(Money.parse("8.00"), balance.spent().plus(balance.reserved()));
        assertTrue(ledger.reconcile().balanced(), () -> ledger.reconcile().mismatches().toString());
    }

    @Test
    void twoHundredConcurrentAdmissionsAgainstFivePerMinuteAdmitExactlyFive() throws Exception {
        Team team = budgetTeam("100000");
        teams.setCustomLimits(team.id, 5, 1000);
        List<Long> members = members(team, 20);

        List<AdmissionResult> results = race(i -> admission.admit(eightSeconds(team, members.get(i % members.size()))));

        assertEquals(5, admitted(results).size());
        assertThat(rejected(results)).allMatch(r -> r.reason() == AdmissionResult.Reason.RATE_LIMITED);
        assertTrue(ledger.reconcile().balanced());
    }

    @Test
    void twoIndependentConnectionPoolsTogetherStillAdmitExactlyTen() throws Exception {
        Team team = budgetTeam("8.00");
        List<Long> members = members(team, 20);
        try (SecondInstance other = new SecondInstance(20)) {
            List<AdmissionResult> results = race(i -> i % 2 == 0
                    ? admission.admit(eightSeconds(team, members.get(i % members.size())))
                    : other.admit(eightSeconds(team, members.get(i % members.size()))));

            assertEquals(10, admitted(results).size());
            assertThat(admitted(results).stream().map(AdmissionResult.Admitted::reservationId).distinct()).hasSize(10);
        }
        Balance balance = ledger.balance(team.id, Instant.now());
        assertThat(balance.spent().plus(balance.reserved())).isLessThanOrEqualTo(Money.parse("8.00"));
        assertTrue(ledger.reconcile().balanced());
    }

    @Test
    void twoIndependentConnectionPoolsTogetherStillAdmitExactlyFivePerMinute() throws Exception {
        Team team = budgetTeam("100000");
        teams.setCustomLimits(team.id, 5, 1000);
        List<Long> members = members(team, 20);
        try (SecondInstance other = new SecondInstance(20)) {
            List<AdmissionResult> results = race(i -> i % 2 == 0
                    ? admission.admit(eightSeconds(team, members.get(i % members.size())))
                    : other.admit(eightSeconds(team, members.get(i % members.size()))));
            assertEquals(5, admitted(results).size());
        }
    }

    @Test
    void settlingTwiceAndConcurrentlyChargesOnceAndLeavesNoReservation() throws Exception {
        Team team = budgetTeam("50.00");
        long member = fixtures.personIn(team, "settler", TeamRole.MEMBER);
        List<Long> reservations = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            reservations.add(((AdmissionResult.Admitted) admission.admit(eightSeconds(team, member))).reservationId());
        }

        // every reservation settled by 20 racing callers, half of them through a second pool
        try (SecondInstance other = new SecondInstance(10)) {
            List<SettlementSql.Settled> results = raceN(reservations.size() * 20, i -> {
                long id = reservations.get(i % reservations.size());
                return i % 2 == 0 ? settlement.settle(id, SettlementOutcome.COMPLETED, 8)
                        : other.settle(id, SettlementOutcome.COMPLETED, 8);
            });
            assertThat(results.stream().filter(r -> !r.alreadySettled())).hasSize(10);
        }
        assertEquals(SettlementSql.Settled.class, settlement.settle(reservations.get(0), SettlementOutcome.FAILED, 0).getClass());
        assertTrue(settlement.settle(reservations.get(0), SettlementOutcome.FAILED, 0).alreadySettled(),
                "a late retry with another outcome changes nothing");

        Balance balance = ledger.balance(team.id, Instant.now());
        assertEquals(Money.parse("8.00"), balance.spent(), "ten 8 s videos at $0.10/s");
        assertEquals(Money.ZERO, balance.reserved(), "no reservation left behind");
        assertTrue(ledger.reconcile().balanced());
    }

    @Test
    void refundsAndAdjustmentsReconcile() {
        Team team = budgetTeam("20.00");
        long member = fixtures.personIn(team, "refundee", TeamRole.MEMBER);
        long admin = fixtures.personIn(team, "admin", TeamRole.ADMIN);
        long id = ((AdmissionResult.Admitted) admission.admit(eightSeconds(team, member))).reservationId();
        settlement.settle(id, SettlementOutcome.COMPLETED, 8);

        ledger.refund(id, Money.parse("0.30"), admin, "Glitchy output, partial refund");
        ledger.adjust(team.id, Money.parse("2.00"), admin, "Manual charge for a support render");
        ledger.adjust(team.id, Money.parse("-0.50"), admin, "Goodwill credit");

        assertEquals(Money.parse("2.00"), ledger.balance(team.id, Instant.now()).spent());
        Money[] mine = ledger.memberSpentAndReserved(team.id, member, Instant.now());
        assertEquals(Money.parse("0.50"), mine[0], "the member's spend is reduced by the refund, not by team adjustments");
        assertTrue(ledger.reconcile().balanced(), () -> ledger.reconcile().mismatches().toString());
    }

    // ------------------------------------------------------------------ helpers

    private List<Long> members(Team team, int n) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(fixtures.personIn(team, "racer", TeamRole.MEMBER));
        }
        return ids;
    }

    interface Attempt<T> {
        T run(int i) throws Exception;
    }

    private List<AdmissionResult> race(Attempt<AdmissionResult> attempt) throws Exception {
        return raceN(CLIENTS, attempt);
    }

    /** Runs n attempts on n threads released at the same instant. */
    private static <T> List<T> raceN(int n, Attempt<T> attempt) throws Exception {
        CountDownLatch ready = new CountDownLatch(Math.min(n, CLIENTS));
        CountDownLatch go = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int index = i;
            Callable<T> task = () -> {
                if (index < CLIENTS) {
                    ready.countDown();
                }
                go.await();
                return attempt.run(index);
            };
            futures.add(pool.submit(task));
        }
        ready.await();
        go.countDown();
        List<T> results = new ArrayList<>();
        for (Future<T> f : futures) {
            results.add(f.get());
        }
        return results;
    }

    private static List<AdmissionResult.Admitted> admitted(List<AdmissionResult> results) {
        return results.stream().filter(r -> r instanceof AdmissionResult.Admitted).map(r -> (AdmissionResult.Admitted) r)
                .toList();
    }

    private static List<AdmissionResult.Rejected> rejected(List<AdmissionResult> results) {
        return results.stream().filter(r -> r instanceof AdmissionResult.Rejected).map(r -> (AdmissionResult.Rejected) r)
                .toList();
    }

    /**
     * A second "app instance": the same admission and settlement code on its own pool of plain
     * JDBC connections to the same database, committing its own transactions.
     */
    final class SecondInstance implements AutoCloseable {
        private final BlockingQueue<Connection> connections;
        private final AdmissionSql admissionCore;
        private final SettlementSql settlementCore;

        SecondInstance(int size) throws SQLException {
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setUrl(jdbcUrl);
            ds.setUser(dbUser);
            ds.setPassword(dbPassword);
            connections = new ArrayBlockingQueue<>(size);
            for (int i = 0; i < size; i++) {
                Connection c = ds.getConnection();
                c.setAutoCommit(false);
                connections.add(c);
            }
            Money defaultBudget = Money.parse(budgetConfig.defaultAmountUsd().toPlainString());
            admissionCore = new AdmissionSql(prices, tiers, defaultBudget, refusal -> { });
            settlementCore = new SettlementSql(budgetConfig, defaultBudget);
        }

        AdmissionResult admit(AdmissionRequest request) throws Exception {
            return inTransaction(c -> admissionCore.admit(c, request, Instant.now()));
        }

        SettlementSql.Settled settle(long reservation, SettlementOutcome outcome, int seconds) throws Exception {
            return inTransaction(c -> settlementCore.settle(c, reservation, outcome, seconds));
        }

        interface Work<T> {
            T run(Connection c) throws SQLException;
        }

        private <T> T inTransaction(Work<T> work) throws Exception {
            Connection c = connections.take();
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                connections.put(c);
            }
        }

        @Override
        public void close() throws SQLException {
            for (Connection c : connections) {
                c.close();
            }
        }
    }
}
