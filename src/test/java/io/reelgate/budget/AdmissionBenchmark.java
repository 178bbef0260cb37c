package io.reelgate.budget;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.team.Team;
import io.reelgate.team.TeamDirectory;
import io.reelgate.team.TeamRole;
import io.reelgate.team.Tier;
import io.reelgate.testing.Fixtures;

/**
 * Admission throughput and latency with 50 concurrent clients over 100 teams, against a bare
 * single-row insert transaction on the same pool in the same run (docs/benchmarks.md). Not part
 * of {@code verify}: {@code ./mvnw test -Dtest=AdmissionBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@QuarkusTest
class AdmissionBenchmark {

    static final int CLIENTS = Integer.getInteger("bench.clients", 50);
    static final int TEAMS = 100;
    static final long RUN_MS = 15_000;
    static final long WARMUP_MS = 5_000;

    @Inject
    Admission admission;
    @Inject
    BudgetSettings settings;
    @Inject
    TeamDirectory teams;
    @Inject
    Fixtures fixtures;
    @Inject
    Baseline baseline;

    /** The baseline: one insert of one row in its own transaction, through the same JTA + pool path. */
    @ApplicationScoped
    static class Baseline {
        @Inject
        DataSource dataSource;

        void createTable() throws Exception {
            try (Connection c = dataSource.getConnection()) {
                c.createStatement().execute("create table if not exists bench_baseline (id bigint generated always as "
                        + "identity primary key, team_id bigint not null, at timestamptz not null default now())");
            }
        }

        @Transactional
        void insert(long teamId) throws Exception {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps = c.prepareStatement("insert into bench_baseline (team_id) values (?)")) {
                ps.setLong(1, teamId);
                ps.executeUpdate();
            }
        }
    }

    interface Call {
        void run(long teamId, long memberId) throws Exception;
    }

    @Test
    void admissionVersusABareInsert() throws Exception {
        baseline.createTable();
        long[] teamIds = new long[TEAMS];
        long[] members = new long[TEAMS];
        for (int i = 0; i < TEAMS; i++) {
            Team team = fixtures.team("bench", Tier.ENTERPRISE);
            settings.update(team.id, Budgets.amount("1000000"));
            teams.setCustomLimits(team.id, 100_000, 10_000_000);
            teamIds[i] = team.id;
            members[i] = fixtures.personIn(team, "bench", TeamRole.MEMBER);
        }
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            Call insert = (team, member) -> baseline.insert(team);
            Call admit = (team, member) -> {
                if (!(admission.admit(new AdmissionRequest(team, member, "simulator", "sora-2", "1280x720", 4,
                        false)) instanceof AdmissionResult.Admitted)) {
                    throw new IllegalStateException("refused");
                }
            };
            run(pool, teamIds, members, insert, WARMUP_MS);
            run(pool, teamIds, members, admit, WARMUP_MS);
            Result base = run(pool, teamIds, members, insert, RUN_MS);
            Result adm = run(pool, teamIds, members, admit, RUN_MS);
            System.out.println("\n| transaction | throughput | p50 | p99 |");
            System.out.println("|---|---|---|---|");
            System.out.println(base.row("bare single-row insert (baseline)"));
            System.out.println(adm.row("admission (lock, checks, reservation, ledger, totals)"));
            System.out.printf("p99 ratio admission/baseline: %.2f; throughput %.0f admissions/s%n",
                    adm.p99() / base.p99(), adm.perSecond());
        } finally {
            pool.shutdownNow();
        }
    }

    record Result(long count, long elapsedNs, long[] latencies) {
        double perSecond() {
            return count / (elapsedNs / 1e9);
        }

        double p50() {
            return latencies[latencies.length / 2] / 1e6;
        }

        double p99() {
            return latencies[(int) (latencies.length * 0.99)] / 1e6;
        }

        String row(String name) {
            return String.format("| %s | %.0f /s | %.2f ms | %.2f ms |", name, perSecond(), p50(), p99());
        }
    }

    private static Result run(ExecutorService pool, long[] teams, long[] members, Call call, long durationMs)
            throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<long[]>> futures = new ArrayList<>();
        long[] deadline = new long[1];
        for (int c = 0; c < CLIENTS; c++) {
            futures.add(pool.submit(() -> {
                start.await();
                long[] samples = new long[1 << 16];
                int n = 0;
                while (System.nanoTime() < deadline[0]) {
                    int i = ThreadLocalRandom.current().nextInt(teams.length);
                    long t0 = System.nanoTime();
                    call.run(teams[i], members[i]);
                    long t = System.nanoTime() - t0;
                    if (n == samples.length) {
                        samples = Arrays.copyOf(samples, n * 2);
                    }
                    samples[n++] = t;
                }
                return Arrays.copyOf(samples, n);
            }));
        }
        long begin = System.nanoTime();
        deadline[0] = begin + durationMs * 1_000_000;
        start.countDown();
        List<Long> all = new ArrayList<>();
        for (Future<long[]> f : futures) {
            for (long t : f.get()) {
                all.add(t);
            }
        }
        long elapsed = System.nanoTime() - begin;
        long[] sorted = all.stream().mapToLong(Long::longValue).sorted().toArray();
        return new Result(sorted.length, elapsed, sorted);
    }
}
