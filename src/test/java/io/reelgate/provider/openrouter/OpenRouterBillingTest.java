package io.reelgate.provider.openrouter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;

import jakarta.inject.Inject;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.budget.Ledger;
import io.reelgate.budget.Money;
import io.reelgate.generation.JobState;
import io.reelgate.generation.VideoJob;
import io.reelgate.team.Team;
import io.reelgate.testing.Fixtures;
import io.reelgate.testing.Login;
import io.reelgate.testing.ProviderRuns;
import io.reelgate.testing.Session;
import io.reelgate.testing.TestClock;

/**
 * Jobs on OpenRouter (simulated) are charged what OpenRouter reports it billed, through the whole
 * pipeline: below the list price, at it, above it under a hard cap (never more than reserved) and
 * under a soft cap (the whole bill); the ledger reconciles and the operator's drift report shows it.
 */
@QuarkusTest
class OpenRouterBillingTest {

    static final String WAN = "alibaba/wan-2.6"; // $0.04 a second: a 5 s job reserves $0.20

    @Inject
    ProviderRuns runs;
    @Inject
    Ledger ledger;
    @Inject
    TestClock clock;

    private Team team(String capMode) {
        return runs.fundedTeam("orbill", capMode);
    }

    private VideoJob run(Team team, String prompt) {
        VideoJob job = runs.run(team, "openrouter", WAN, "1280x720", 5, prompt + " " + Fixtures.unique("b"),
                Optional.empty(), false);
        assertEquals(JobState.COMPLETED, job.state, job.errorCode + ": " + job.errorMessage);
        return job;
    }

    @Test
    void eachJobIsChargedOpenRoutersBillWithinTheReservationUnderAHardCap() {
        Team team = team("HARD");
        VideoJob below = run(team, "A quiet pond bill-below");
        VideoJob at = run(team, "A quiet pond");
        VideoJob above = run(team, "A quiet pond bill-above");
        assertEquals(100_000L, below.billedMicros, "half the list price, as OpenRouter reported");
        assertEquals(100_000L, below.chargedMicros, "charged the bill");
        assertEquals(200_000L, at.chargedMicros);
        assertEquals(300_000L, above.billedMicros);
        assertEquals(200_000L, above.chargedMicros, "hard cap: never more than the reservation");
        assertEquals(Money.parse("0.50"), ledger.balance(team.id, clock.instant()).spent());
        assertEquals(Money.ZERO, ledger.balance(team.id, clock.instant()).reserved());
        assertThat(ledger.reconcile().balanced()).isTrue();
    }

    @Test
    void aSoftCapChargesTheWholeBillAndTheOperatorSeesTheDrift() {
        Team team = team("SOFT");
        VideoJob above = run(team, "A loud pond bill-above");
        assertEquals(300_000L, above.chargedMicros, "soft cap: the overage is charged");
        assertEquals(Money.parse("0.30"), ledger.balance(team.id, clock.instant()).spent());
        assertThat(ledger.reconcile().balanced()).isTrue();

        Session operator = Login.as(Fixtures.unique("otto"), "user,operator");
        Document status = Jsoup.parse(operator.given().get("/ops/reconciliation-status").then().statusCode(200).extract()
                .asString());
        assertThat(status.select("[data-testid=drift] td code").eachText()).as("the drift report lists OpenRouter")
                .contains("openrouter");
        assertThat(ledger.drift(30).providers()).anyMatch(r -> r.provider().equals("openrouter") && r.jobs() >= 1
                && r.billedMicros() >= 300_000);
    }
}
