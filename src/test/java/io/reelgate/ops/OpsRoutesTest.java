package io.reelgate.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Set;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.awaitility.Awaitility;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.budget.BudgetSettings;
import io.reelgate.budget.Money;
import io.reelgate.generation.GenerationService;
import io.reelgate.generation.JobState;
import io.reelgate.generation.JobStore;
import io.reelgate.generation.VideoJob;
import io.reelgate.provider.RouteBreakers;
import io.reelgate.team.RoutePolicies;
import io.reelgate.team.Team;
import io.reelgate.team.TeamRole;
import io.reelgate.team.Tier;
import io.reelgate.testing.Fixtures;
import io.reelgate.testing.Login;
import io.reelgate.testing.Session;
import io.reelgate.testing.TestClock;

/** The operator console's Routes section: each route's breaker, and its jobs and spend of the last 24 hours. */
@QuarkusTest
class OpsRoutesTest {

    static final String RUNWAY = "runway/veo3.1";
    static final String REPLICATE = "replicate/google/veo-3.1";

    @Inject
    RouteBreakers breakers;
    @Inject
    GenerationService generation;
    @Inject
    JobStore jobs;
    @Inject
    RoutePolicies policies;
    @Inject
    BudgetSettings budgets;
    @Inject
    Fixtures fixtures;
    @Inject
    TestClock clock;
    @Inject
    EntityManager em;

    Session operator;

    @BeforeEach
    @AfterEach
    void healthy() {
        clock.reset();
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("delete from route_breaker").executeUpdate());
        operator = Login.as(Fixtures.unique("otto"), "user,operator");
    }

    private Element route(String key) {
        Document ops = Jsoup.parse(operator.given().get("/ops").then().statusCode(200).extract().asString());
        Element row = ops.selectFirst("[data-testid=route-model-veo-3.1] [data-testid='route-" + key + "']");
        assertThat(row).as("a row for " + key + " under Veo 3.1").isNotNull();
        return row;
    }

    private static Money spend(Element row) {
        return Money.parse(row.selectFirst("[data-testid=spend]").text().replace("$", "").replace(",", ""));
    }

    private static long jobs(Element row) {
        return Long.parseLong(row.selectFirst("[data-testid=jobs]").text());
    }

    @Test
    void anOpenedBreakerShowsWithItsFailuresLastErrorAndTheOperatorsPolicy() {
        assertThat(route(RUNWAY).selectFirst("[data-testid=breaker]").text()).isEqualTo("Closed");
        for (int i = 0; i < 3; i++) {
            breakers.failed(RUNWAY, "HTTP 503 from Runway: upstream overloaded");
        }
        Element open = route(RUNWAY);
        assertThat(open.selectFirst("[data-testid=breaker]").text()).startsWith("Open").contains("3 failed in a row")
                .contains("until");
        assertThat(open.text()).contains("upstream overloaded");
        Document ops = Jsoup.parse(operator.given().get("/ops").asString());
        assertEquals("Policy: Preferred, then fallbacks",
                ops.selectFirst("[data-testid=route-model-veo-3.1] [data-testid=policy]").text());

        clock.advance(Duration.ofSeconds(61)); // open-for is 60 s: the next job may try the route
        assertThat(route(RUNWAY).selectFirst("[data-testid=breaker]").text()).startsWith("Half open");
    }

    @Test
    void jobsAndSpendOfTheLast24HoursArePerRoute() {
        Team team = fixtures.team("opsroutes", Tier.PRO);
        budgets.update(team.id, new BudgetSettings.Form("100", "1", "HARD", "0", "", "50,75,90,100"));
        fixtures.teamsCustomLimits(team.id, 100_000, 1_000_000);
        policies.save(team.id, new RoutePolicies.TeamPolicy("veo-3.1", "PINNED", REPLICATE, Set.of()));
        long member = fixtures.personIn(team, "m", TeamRole.MEMBER);
        Element before = route(REPLICATE);

        var submitted = generation.submit(GenerationService.Request.of(team.id, member, null, "veo-3.1", "1280x720", 4,
                "a tram in the snow " + Fixtures.unique("p")));
        long id = ((GenerationService.Queued) submitted).job().id();
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> jobs.find(id).orElseThrow().state.terminal());
        VideoJob job = jobs.find(id).orElseThrow();
        assertEquals(JobState.COMPLETED, job.state, job.errorCode + " " + job.errorMessage);
        assertEquals(800_000L, job.chargedMicros, "4 s at Replicate's $0.20/s");

        Element after = route(REPLICATE);
        assertEquals(jobs(before) + 1, jobs(after), "one more job on the route in the last 24 h");
        assertEquals(spend(before).plus(Money.ofMicros(800_000L)), spend(after));

        clock.advance(Duration.ofHours(25)); // a day later by business time: none of these jobs is recent
        Element dayLater = route(REPLICATE);
        assertEquals(0, jobs(dayLater));
        assertEquals(Money.ZERO, spend(dayLater));
    }
}
