package io.reelgate.gallery;

import java.sql.Connection;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;

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
 * Gallery server time with 100,000 videos in one team against 1,000 in another, same run (goal:
 * p95 ≤ 20 ms and p95(100k) / p95(1k) ≤ 1.5; docs/benchmarks.md). Not part of {@code verify}:
 * {@code ./mvnw test -Dtest=GalleryBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@QuarkusTest
class GalleryBenchmark {

    /** Jobs seeded; 80 % of them are completed videos, so 125,000 jobs hold 100,000 videos. */
    static final int LARGE_JOBS = Integer.getInteger("bench.jobs", 125_000);
    static final int SMALL_JOBS = 1_250;

    @Inject
    Fixtures fixtures;
    @Inject
    DataSource dataSource;
    @Inject
    LocalServer local;

    @Test
    void galleryAtOneThousandAndOneHundredThousandVideos() throws Exception {
        Team small = fixtures.team("small", Tier.PRO);
        Team large = fixtures.team("large", Tier.PRO);
        Session member = fixtures.memberOf(small, "bench", TeamRole.MEMBER);
        fixtures.member(large, member, TeamRole.MEMBER);
        long memberId = fixtures.userId(member);
        long t0 = System.nanoTime();
        JobSeeder.seed(dataSource, small.id, memberId, SMALL_JOBS, 30);
        JobSeeder.seed(dataSource, large.id, memberId, LARGE_JOBS, 365);
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("analyze video_job");
            s.execute("analyze video_asset");
        }
        System.out.printf("seeded %d + %d jobs in %.1f s%n", SMALL_JOBS, LARGE_JOBS, (System.nanoTime() - t0) / 1e9);

        PageTimer timer = new PageTimer(local.url(), member);
        Map<String, Page> pages = new LinkedHashMap<>();
        for (Team team : List.of(small, large)) {
            String label = team == small ? "1k" : "100k";
            String g = "/t/" + team.slug + "/gallery";
            pages.put("gallery, first page (" + label + ")", Page.of(g));
            pages.put("gallery, a later page (" + label + ")", Page.fragment(g + "?" + laterPage(timer, member, g)));
            pages.put("gallery, search \"boat\" (" + label + ")", Page.of(g + "?q=boat"));
            pages.put("gallery, search a rare word (" + label + ")", Page.of(g + "?q=1234"));
            pages.put("gallery, sora-2-pro only (" + label + ")", Page.of(g + "?model=sora-2-pro"));
        }
        List<PageTimer.Timing> timings = timer.measure(pages, 200, 1_000);

        System.out.printf("%n| page | p50 | p95 | p99 |%n|---|---|---|---|%n");
        timings.forEach(x -> System.out.println(x.row()));
        int half = timings.size() / 2;
        for (int i = 0; i < half; i++) {
            System.out.printf("p95 ratio 100k / 1k, %s: %.2f%n", timings.get(i).name(),
                    timings.get(half + i).p95() / timings.get(i).p95());
        }
    }

    /** The query string of the fifth page, found by following the "more" links. */
    private static String laterPage(PageTimer timer, Session member, String gallery) {
        String next = gallery;
        for (int i = 0; i < 4; i++) {
            String body = io.restassured.RestAssured.given().cookies(member.cookies()).get(next).asString();
            next = Jsoup.parse(body).select("a.gallery-more").attr("href");
        }
        return next.substring(next.indexOf('?') + 1);
    }
}
