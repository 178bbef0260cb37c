package io.reelgate.testing;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.awaitility.Awaitility;

import io.reelgate.budget.BudgetSettings;
import io.reelgate.generation.GenerationService;
import io.reelgate.generation.JobStore;
import io.reelgate.generation.VideoJob;
import io.reelgate.provider.InputImage;
import io.reelgate.team.Team;
import io.reelgate.team.TeamRole;
import io.reelgate.team.Tier;
import io.restassured.RestAssured;

/** Jobs run through the real pipeline against a provider's simulator, for the adapter tests of every provider. */
@ApplicationScoped
public class ProviderRuns {

    private final Fixtures fixtures;
    private final BudgetSettings settings;
    private final GenerationService generation;
    private final JobStore jobs;

    ProviderRuns(Fixtures fixtures, BudgetSettings settings, GenerationService generation, JobStore jobs) {
        this.fixtures = fixtures;
        this.settings = settings;
        this.generation = generation;
        this.jobs = jobs;
    }

    /** Sets the simulators' fault plan ({@code PUT /sim/admin/faults}); an empty map clears it. */
    public static void faults(Map<String, Object> plan) {
        RestAssured.given().header("Authorization", "Bearer sk-sim-reelgate-dev").contentType("application/json")
                .body(plan).put("/sim/admin/faults").then().statusCode(200);
    }

    /** A Pro team with $1,000 under {@code capMode} and limits high enough that only the provider decides. */
    public Team fundedTeam(String prefix, String capMode) {
        Team team = fixtures.team(prefix, Tier.PRO);
        settings.update(team.id, new BudgetSettings.Form("1000", "1", capMode, capMode.equals("SOFT") ? "20" : "0", "",
                "50,75,90,100"));
        fixtures.teamsCustomLimits(team.id, 1000, 100000);
        return team;
    }

    /** Submits a video for a new member of {@code team} and waits until its job has ended. */
    public VideoJob run(Team team, String provider, String model, String size, int seconds, String prompt,
            Optional<InputImage> image, boolean sound) {
        long member = fixtures.personIn(team, "m", TeamRole.MEMBER);
        var result = generation.submit(GenerationService.Request.of(team.id, member, provider, model, size, seconds,
                prompt).withImage(image).withAudio(sound));
        if (!(result instanceof GenerationService.Queued queued)) {
            throw new AssertionError("not admitted: " + result);
        }
        long id = queued.job().id();
        Awaitility.await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(50))
                .until(() -> jobs.find(id).orElseThrow().state.terminal());
        return jobs.find(id).orElseThrow();
    }
}
