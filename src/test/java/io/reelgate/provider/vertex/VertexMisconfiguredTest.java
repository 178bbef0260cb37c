package io.reelgate.provider.vertex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.reelgate.budget.BudgetSettings;
import io.reelgate.budget.Ledger;
import io.reelgate.budget.Money;
import io.reelgate.generation.GenerationService;
import io.reelgate.generation.JobState;
import io.reelgate.generation.JobStore;
import io.reelgate.generation.VideoJob;
import io.reelgate.provider.simulator.VertexSimulator;
import io.reelgate.team.Team;
import io.reelgate.team.TeamRole;
import io.reelgate.team.Tier;
import io.reelgate.testing.Fixtures;
import io.reelgate.testing.Login;
import io.reelgate.testing.Session;
import io.reelgate.testing.TestClock;

/**
 * A Vertex provider whose key file is missing: the app starts, the operator console says what is
 * wrong in one line, and a member's video fails at once with the reason — nothing sent to Google,
 * nothing charged, nothing left reserved.
 */
@QuarkusTest
@TestProfile(VertexMisconfiguredTest.MissingKey.class)
class VertexMisconfiguredTest {

    public static class MissingKey implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("reelgate.providers.vertex.vertex.credentials-file", "/nonexistent/veo-service-account.json");
        }
    }

    @Inject
    GenerationService generation;
    @Inject
    JobStore jobs;
    @Inject
    Fixtures fixtures;
    @Inject
    BudgetSettings settings;
    @Inject
    Ledger ledger;
    @Inject
    TestClock clock;
    @Inject
    VertexSimulator simulator;

    @Test
    void theOperatorSeesOneLineAndAJobFailsAtOnceWithNothingCharged() {
        Session operator = Login.as(Fixtures.unique("otto"), "user,operator");
        Document ops = Jsoup.parse(operator.given().get("/ops").then().statusCode(200).extract().asString());
        assertThat(ops.select("[data-testid=provider-problem-vertex]").text())
                .contains("could not be loaded").contains("/nonexistent/veo-service-account.json");
        assertThat(ops.select("[data-testid=provider-vertex] .badge").text()).contains("Misconfigured");

        Team team = fixtures.team("vbroken", Tier.PRO);
        settings.update(team.id, new BudgetSettings.Form("100", "1", "HARD", "0", "", "50"));
        long member = fixtures.personIn(team, "m", TeamRole.MEMBER);
        long tokens = simulator.tokensIssued();
        var submitted = generation.submit(GenerationService.Request.of(team.id, member, "vertex",
                "veo-3.1-fast-generate-001", "1280x720", 4, "A harbour " + Fixtures.unique("h")).withAudio(true));
        long id = ((GenerationService.Queued) submitted).job().id();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> jobs.find(id).orElseThrow().state.terminal());
        VideoJob job = jobs.find(id).orElseThrow();
        assertEquals(JobState.FAILED, job.state);
        assertEquals("credentials_invalid", job.errorCode);
        assertThat(job.errorMessage).contains("Nothing was sent to Google");
        assertEquals(0L, job.chargedMicros);
        assertEquals(Money.ZERO, ledger.balance(team.id, clock.instant()).reserved());
        assertEquals(tokens, simulator.tokensIssued(), "no token was asked for");
    }
}
