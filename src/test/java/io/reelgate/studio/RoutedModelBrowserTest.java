package io.reelgate.studio;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.provider.Providers;
import io.reelgate.team.RoutePolicies;
import io.reelgate.team.Team;
import io.reelgate.team.TeamRole;
import io.reelgate.testing.Browser;
import io.reelgate.testing.Fixtures;
import io.reelgate.testing.Login;
import io.reelgate.testing.ProviderRuns;
import io.reelgate.testing.RouteHealth;
import io.reelgate.testing.Session;

/**
 * Issue 29 in Chromium: Veo 3.1, sold here by six providers, is one choice in the studio, and the
 * job card and video page say which route made the video and, when the job moved, why.
 */
@QuarkusTest
class RoutedModelBrowserTest {

    static final String VERTEX = "vertex/veo-3.1-generate-001";

    @Inject
    Fixtures fixtures;
    @Inject
    ProviderRuns runs;
    @Inject
    RoutePolicies policies;
    @Inject
    RouteHealth routes;
    @Inject
    Providers providers;

    @BeforeEach
    @AfterEach
    void healthy() {
        routes.restore();
    }

    /** A user who has signed in once, member of a new Pro team with $1,000. */
    private Team member(String name) {
        Login.as(name);
        Team team = runs.fundedTeam("routed", "HARD");
        fixtures.member(team, new Session(name, Map.of()), TeamRole.MEMBER);
        return team;
    }

    @Test
    void veoIsOfferedOnceAndItsVideoNamesTheRouteThatMadeIt() {
        String name = Fixtures.unique("vera");
        Team team = member(name);

        try (Browser browser = Browser.open(1280)) {
            WebDriver driver = browser.driver();
            signedIntoStudio(browser, name, team);

            List<WebElement> veo = new Select(driver.findElement(By.id("model"))).getOptions().stream()
                    .filter(o -> o.getText().startsWith("Veo 3.1 ·")).toList();
            assertThat(veo).as("Veo 3.1 once, not once per provider (Veo 3.1 Fast is another model)").hasSize(1);
            assertThat(veo.get(0).getAttribute("value")).isEqualTo("veo-3.1");
            assertThat(veo.get(0).findElement(By.xpath("..")).getAttribute("label"))
                    .isEqualTo("Any provider (Reelgate picks the route)");

            String card = submitVeo(browser, "A lighthouse at dusk, waves below " + Fixtures.unique("l"));
            String vertex = "Veo 3.1 via " + providers.label("vertex");
            assertThat(driver.findElement(By.cssSelector("#" + card + " [data-testid=route]")).getText())
                    .as("the card names the preferred route, and no reason").isEqualTo(vertex);

            driver.findElement(By.cssSelector("#" + card + " a.btn-primary")).click();
            browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("player")));
            assertThat(driver.findElement(By.cssSelector("[data-testid=route]")).getText())
                    .as("the video page names the route").isEqualTo(vertex);

            browser.go("/t/" + team.slug + "/jobs/" + card.substring("job-".length()));
            assertThat(driver.findElement(By.cssSelector(".facts [data-testid=route]")).getText())
                    .as("the job page names the route").isEqualTo(vertex);
        }
    }

    @Test
    void whenThePreferredRouteIsDownTheVideoSaysWhereItWentAndWhy() {
        String name = Fixtures.unique("rhea");
        Team team = member(name);
        // as a team admin would: not on Vertex AI (data residency), so the Gemini API comes first
        policies.save(team.id, new RoutePolicies.TeamPolicy("veo-3.1", "ORDERED", null, Set.of(VERTEX)));
        ProviderRuns.faults(Map.of("only", "gemini", "serverErrorNext", 100_000));

        try (Browser browser = Browser.open(1280)) {
            WebDriver driver = browser.driver();
            signedIntoStudio(browser, name, team);
            String card = submitVeo(browser, "A night market in the rain, slow dolly " + Fixtures.unique("m"));

            String gemini = providers.label("veo");
            String replicate = providers.label("replicate");
            assertThat(driver.findElement(By.cssSelector("#" + card + " [data-testid=route]")).getText())
                    .as("the card says where the job went and why")
                    .isEqualTo("Veo 3.1 via " + replicate + ", after " + gemini + " was unavailable (HTTP 503)");

            driver.findElement(By.cssSelector("#" + card + " a.btn-primary")).click();
            browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("player")));
            String route = driver.findElement(By.cssSelector("[data-testid=route]")).getText();
            assertThat(route).as("the video page's route").startsWith("Veo 3.1 via " + replicate)
                    .contains("after " + gemini + " was unavailable (HTTP 503)");
        }
    }

    private static void signedIntoStudio(Browser browser, String name, Team team) {
        browser.signInAsCustom(name, "user");
        browser.waiting().until(ExpectedConditions.urlContains("/t/"));
        browser.go("/t/" + team.slug + "/studio");
    }

    /** Chooses Veo 3.1, sends the prompt and waits until its card says the video is ready; returns the card's id. */
    private static String submitVeo(Browser browser, String prompt) {
        WebDriver driver = browser.driver();
        new Select(driver.findElement(By.id("model"))).selectByValue("veo-3.1");
        browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("provider-facts"),
                "Veo 3.1 via"));
        driver.findElement(By.id("prompt")).sendKeys(prompt);
        browser.waiting().until(ExpectedConditions.textMatches(By.id("prompt-count"), java.util.regex.Pattern.compile("^[1-9].*")));
        driver.findElement(By.id("submit-button")).click();
        browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("flash-region"), "on its way"));
        String card = driver.findElement(By.cssSelector(".job-card")).getAttribute("id");
        new WebDriverWait(driver, Duration.ofSeconds(90)).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(ExpectedConditions.textToBePresentInElementLocated(By.id(card), "Ready in"));
        return card;
    }
}
