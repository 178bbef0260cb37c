package io.reelgate.studio;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.reelgate.budget.BudgetSettings;
import io.reelgate.team.Team;
import io.reelgate.team.TeamRole;
import io.reelgate.team.Tier;
import io.reelgate.testing.Fixtures;
import io.reelgate.testing.JobSeeder;
import io.reelgate.testing.PageTimer;
import io.reelgate.testing.PageTimer.Page;
import io.reelgate.testing.Session;
import io.reelgate.web.LocalServer;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Server time of the studio page and its jobs fragment for a team with 1,000 jobs (goal p95 ≤ 20 ms), against
 * the team overview page in the same run as the baseline (docs/benchmarks.md). Not part of {@code verify}:
 * {@code ./mvnw test -Dtest=StudioBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@QuarkusTest
class StudioBenchmark {

    static final int JOBS = Integer.getInteger("bench.jobs", 1_000);

    @Inject
    Fixtures fixtures;
    @Inject
    BudgetSettings settings;
    @Inject
    DataSource dataSource;
    @Inject
    LocalServer local;

    @Test
    void studioWithAThousandJobs() {
        Team team = fixtures.team("bench", Tier.PRO);
        settings.update(team.id, new BudgetSettings.Form("1000", "1", "HARD", "0", "", "50,75,90,100"));
        Session member = fixtures.memberOf(team, "bench", TeamRole.MEMBER);
        JobSeeder.seed(dataSource, team.id, fixtures.userId(member), JOBS, 30);

        String t = "/t/" + team.slug;
        Map<String, Page> pages = new LinkedHashMap<>();
        pages.put("team overview (baseline)", Page.of(t));
        pages.put("studio page", Page.of(t + "/studio"));
        pages.put("jobs fragment (everyone)", Page.fragment(t + "/studio/jobs"));
        pages.put("jobs fragment (mine, failed)", Page.fragment(t + "/studio/jobs?mine=true&status=failed"));
        List<PageTimer.Timing> timings = new PageTimer(local.url(), member).measure(pages, 200, 1_000);

        System.out.printf("%n%d jobs in the team%n| page | p50 | p95 | p99 |%n|---|---|---|---|%n", JOBS);
        timings.forEach(x -> System.out.println(x.row()));
        double base = timings.get(0).p95();
        timings.stream().skip(1).forEach(x -> System.out.printf("p95 ratio %s / baseline: %.2f%n", x.name(), x.p95() / base));
    }
}
