package io.reelgate.admin;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.reelgate.budget.BudgetPeriod;
import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.team.Team;
import io.reelgate.team.TeamRole;
import io.reelgate.team.Tier;
import io.reelgate.testing.Fixtures;
import io.reelgate.testing.JobSeeder;
import io.reelgate.testing.PageTimer;
import io.reelgate.testing.PageTimer.Page;
import io.reelgate.testing.Session;
import io.reelgate.web.LocalServer;

/**
 * Usage dashboard server time with 100,000 ledger entries in the period against 1,000 in another
 * team, same run (goal: p95 ≤ 50 ms; docs/benchmarks.md). Entries are written by SQL in the shape
 * the ledger writes them (RESERVE, RELEASE, CHARGE per settled reservation), so the rollup trigger
 * runs for each, and the running totals are set to match. Not part of {@code verify}:
 * {@code ./mvnw test -Dtest=DashboardBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@QuarkusTest
class DashboardBenchmark {

    static final int LARGE_ENTRIES = Integer.getInteger("bench.entries", 100_000);
    static final int SMALL_ENTRIES = 1_000;

    @Inject
    Fixtures fixtures;
    @Inject
    DataSource dataSource;
    @Inject
    LocalServer local;

    @Test
    void dashboardAtOneThousandAndOneHundredThousandLedgerEntries() throws Exception {
        Team small = fixtures.team("small", Tier.PRO);
        Team large = fixtures.team("large", Tier.PRO);
        Session admin = fixtures.memberOf(small, "bench", TeamRole.ADMIN);
        fixtures.member(large, admin, TeamRole.ADMIN);
        long[] members = new long[12];
        for (int i = 0; i < members.length; i++) {
            members[i] = fixtures.personIn(large, "m" + i, TeamRole.MEMBER);
            fixtures.member(small, admin, TeamRole.ADMIN);
        }
        long t0 = System.nanoTime();
        seed(small, members, SMALL_ENTRIES / 3);
        seed(large, members, LARGE_ENTRIES / 3);
        JobSeeder.seed(dataSource, small.id, members[0], SMALL_ENTRIES / 3, 20);
        JobSeeder.seed(dataSource, large.id, members[0], LARGE_ENTRIES / 3, 20);
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("analyze ledger_entry");
            s.execute("analyze reservation");
            s.execute("analyze spend_day");
            s.execute("vacuum analyze video_job"); // as autovacuum would: lets the outcome count read the index only
        }
        System.out.printf("seeded %d + %d ledger entries in %.1f s%n", SMALL_ENTRIES, LARGE_ENTRIES,
                (System.nanoTime() - t0) / 1e9);

        PageTimer timer = new PageTimer(local.url(), admin);
        Map<String, Page> pages = new LinkedHashMap<>();
        pages.put("team overview (1k, baseline)", Page.of("/t/" + small.slug));
        pages.put("usage dashboard (1k entries)", Page.of("/t/" + small.slug + "/admin"));
        pages.put("team overview (100k, baseline)", Page.of("/t/" + large.slug));
        pages.put("usage dashboard (100k entries)", Page.of("/t/" + large.slug + "/admin"));
        List<PageTimer.Timing> timings = timer.measure(pages, 200, 1_000);

        System.out.printf("%n| page | p50 | p95 | p99 |%n|---|---|---|---|%n");
        timings.forEach(x -> System.out.println(x.row()));
        System.out.printf("p95 ratio dashboard 100k / 1k: %.2f%n", timings.get(3).p95() / timings.get(1).p95());
        System.out.printf("p95 ratio dashboard 100k / overview 100k: %.2f%n", timings.get(3).p95() / timings.get(2).p95());
    }

    /** {@code reservations} settled reservations (three ledger entries each) spread over the period so far. */
    private void seed(Team team, long[] members, int reservations) throws Exception {
        Instant now = Instant.now();
        BudgetPeriod period = BudgetPeriod.containing(now, team.zone(), 1);
        LocalDate start = period.start();
        OffsetDateTime from = OffsetDateTime.ofInstant(period.startsAt(), ZoneOffset.UTC);
        double span = Math.max(3600, now.getEpochSecond() - period.startsAt().getEpochSecond() - 60);
        Long[] ids = java.util.Arrays.stream(members).boxed().toArray(Long[]::new);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("insert into reservation (team_id, period_start, member_id, provider, "
                    + "model, size, seconds, micros_per_second, amount_micros, counts_at, state, outcome, charged_micros, "
                    + "created_at, settled_at) select ?, ?, (?::bigint[])[1 + i % ?], 'simulator', "
                    + "case when i % 5 = 0 then 'sora-2-pro' else 'sora-2' end, '1280x720', case when i % 5 = 0 then 10 else 8 end, "
                    + "case when i % 5 = 0 then 300000 else 100000 end, case when i % 5 = 0 then 3000000 else 800000 end, "
                    + "t, 'SETTLED', 'COMPLETED', case when i % 5 = 0 then 3000000 else 800000 end, t, t "
                    + "from (select i, ?::timestamptz + make_interval(secs => i * ? / ?) as t from generate_series(1, ?) i) s")) {
                ps.setLong(1, team.id);
                ps.setObject(2, start);
                ps.setArray(3, c.createArrayOf("bigint", ids));
                ps.setInt(4, ids.length);
                ps.setObject(5, from);
                ps.setDouble(6, span);
                ps.setInt(7, reservations);
                ps.setInt(8, reservations);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("insert into ledger_entry (team_id, period_start, kind, amount_micros, "
                    + "reservation_id, member_id, actor_id, created_at) select r.team_id, r.period_start, k.kind, r.amount_micros, "
                    + "r.id, r.member_id, r.member_id, r.created_at + k.after from reservation r cross join (values "
                    + "('RESERVE', interval '0'), ('RELEASE', interval '40 seconds'), ('CHARGE', interval '40 seconds')) k(kind, after) "
                    + "where r.team_id = ? order by r.id, k.after")) {
                ps.setLong(1, team.id);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("insert into period_total (team_id, period_start, spent_micros, "
                    + "reserved_micros) select team_id, period_start, sum(charged_micros), 0 from reservation where team_id = ? "
                    + "group by 1, 2 on conflict (team_id, period_start) do update set spent_micros = excluded.spent_micros")) {
                ps.setLong(1, team.id);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("insert into member_period_total (team_id, period_start, user_id, "
                    + "spent_micros, reserved_micros) select team_id, period_start, member_id, sum(charged_micros), 0 from reservation "
                    + "where team_id = ? group by 1, 2, 3 on conflict (team_id, period_start, user_id) do update "
                    + "set spent_micros = excluded.spent_micros")) {
                ps.setLong(1, team.id);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("insert into team_budget (team_id, amount_micros) values (?, ?) "
                    + "on conflict (team_id) do update set amount_micros = excluded.amount_micros")) {
                ps.setLong(1, team.id);
                ps.setLong(2, 1_000_000L * 1_000_000L);
                ps.executeUpdate();
            }
            c.commit();
        }
    }
}
