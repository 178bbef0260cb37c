package io.reelgate.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.budget.BudgetSettings;
import io.reelgate.generation.GenerationService;
import io.reelgate.generation.JobState;
import io.reelgate.generation.JobStore;
import io.reelgate.provider.Providers;
import io.reelgate.team.RoutePolicies;
import io.reelgate.team.Team;
import io.reelgate.team.TeamRole;
import io.reelgate.team.Tier;
import io.reelgate.testing.Fixtures;
import io.reelgate.testing.Session;
import io.reelgate.testing.Videos;

/** The usage dashboard splits the period's spend by route: which provider made each video. */
@QuarkusTest
class RouteSpendTest {

    @Inject
    Fixtures fixtures;
    @Inject
    BudgetSettings budgets;
    @Inject
    RoutePolicies policies;
    @Inject
    GenerationService generation;
    @Inject
    JobStore jobs;
    @Inject
    Videos videos;
    @Inject
    Providers providers;

    @Test
    void spendOfAModelWithSeveralRoutesIsShownPerRouteNextToOtherModels() {
        Team team = fixtures.team("routespend", Tier.PRO);
        Session admin = fixtures.memberOf(team, "uma", TeamRole.ADMIN);
        long member = fixtures.personIn(team, "m", TeamRole.MEMBER);
        budgets.update(team.id, new BudgetSettings.Form("100", "1", "HARD", "0", "", "50,75,90,100"));
        fixtures.teamsCustomLimits(team.id, 100_000, 1_000_000);
        String page = "/t/" + team.slug + "/admin";

        videos.make(team.id, member, "a quiet street " + Fixtures.unique("p")); // sora-2 at the simulator, one route
        Document before = Jsoup.parse(admin.given().get(page).then().statusCode(200).extract().asString());
        assertThat(before.select("[data-testid=route-spend]")).as("no model with several routes used yet").isEmpty();

        policies.save(team.id, new RoutePolicies.TeamPolicy("veo-3.1", "PINNED", "replicate/google/veo-3.1", Set.of()));
        long id = ((GenerationService.Queued) generation.submit(GenerationService.Request.of(team.id, member, null,
                "veo-3.1", "1280x720", 4, "a kite over dunes " + Fixtures.unique("p")))).job().id();
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> jobs.find(id).orElseThrow().state.terminal());
        assertEquals(JobState.COMPLETED, jobs.find(id).orElseThrow().state);

        Document after = Jsoup.parse(admin.given().get(page).then().statusCode(200).extract().asString());
        List<String> rows = after.select("[data-testid=route-table] tbody tr").stream()
                .map(tr -> String.join(" | ", tr.select("td").eachText())).toList();
        assertThat(rows).containsExactly("Veo 3.1 via " + providers.label("replicate") + " | 1 | $0.80",
                "sora-2 | 1 | $0.40");
        assertThat(after.select("[data-testid=route-spend] svg.chart[role=img] title").text()).isEqualTo("Spend per route");
    }
}
