package io.reelgate.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.audit.AuditTrail;
import io.reelgate.budget.BudgetSettings;
import io.reelgate.generation.GenerationService;
import io.reelgate.generation.JobRoutes;
import io.reelgate.generation.JobView;
import io.reelgate.generation.VideoJob;
import io.reelgate.provider.Providers;
import io.reelgate.team.RoutePolicies;
import io.reelgate.team.Team;
import io.reelgate.team.TeamRole;
import io.reelgate.team.Tier;
import io.reelgate.testing.DatabaseSnapshot;
import io.reelgate.testing.Fixtures;
import io.reelgate.testing.Session;
import io.restassured.specification.RequestSpecification;

/**
 * A team admin narrows the route policy of Veo 3.1 (sold here by Vertex AI, the Gemini API,
 * Replicate, fal.ai, OpenRouter and Runway) on /t/{team}/admin/routes: the next job follows it,
 * every change is audited, bad input changes nothing, members and other teams are untouched.
 */
@QuarkusTest
class RoutePolicyPageTest {

    static final String VERTEX = "vertex/veo-3.1-generate-001";
    static final String VEO = "veo/veo-3.1-generate-preview";
    static final String REPLICATE = "replicate/google/veo-3.1";
    static final List<String> ALL = List.of(VERTEX, VEO, REPLICATE, "fal/fal-ai/veo3.1", "openrouter/google/veo-3.1",
            "runway/veo3.1");

    @Inject
    Fixtures fixtures;
    @Inject
    BudgetSettings budgets;
    @Inject
    GenerationService generation;
    @Inject
    JobRoutes jobRoutes;
    @Inject
    RoutePolicies policies;
    @Inject
    AuditTrail audit;
    @Inject
    Providers providers;
    @Inject
    DataSource dataSource;

    Team team;
    Session admin;
    long member;

    @BeforeEach
    void team() {
        team = fixtures.team("routing", Tier.PRO);
        admin = fixtures.memberOf(team, "ria", TeamRole.ADMIN);
        member = fixtures.personIn(team, "mem", TeamRole.MEMBER);
        budgets.update(team.id, new BudgetSettings.Form("100", "1", "HARD", "0", "", "50,75,90,100"));
        fixtures.teamsCustomLimits(team.id, 100_000, 1_000_000);
    }

    private String page() {
        return "/t/" + team.slug + "/admin/routes";
    }

    private Document get(Session who) {
        return get(who, page());
    }

    private static Document get(Session who, String url) {
        return Jsoup.parse(who.given().get(url).then().statusCode(200).extract().asString());
    }

    /** The form of Veo 3.1 as posted: the choice, the pin, and the routes ticked "may use". */
    private static RequestSpecification form(Session who, String model, String policy, String pin, List<String> routes) {
        RequestSpecification form = who.form().formParam("model", model).formParam("policy", policy);
        if (pin != null) {
            form.formParam("pin", pin);
        }
        routes.forEach(r -> form.formParam("route", r));
        return form;
    }

    /** Submits a 4 s Veo 3.1 video as the member and cancels it; returns the job as queued. */
    private JobView nextJob() {
        var submitted = generation.submit(GenerationService.Request.of(team.id, member, null, "veo-3.1", "1280x720", 4,
                "a harbour at dawn " + Fixtures.unique("p")));
        assertThat(submitted).as("admitted").isInstanceOf(GenerationService.Queued.class);
        JobView job = ((GenerationService.Queued) submitted).job();
        generation.cancel(team.id, job.id());
        return job;
    }

    private String label(String route) {
        return providers.label(route.substring(0, route.indexOf('/')));
    }

    @Test
    void theAdminSeesEachRouteWithItsPriceAndHealthAndTheOperatorsPolicy() {
        Document doc = get(admin);
        var card = doc.selectFirst("[data-testid=routes-veo-3.1]");
        assertThat(card).as("a card for Veo 3.1").isNotNull();
        assertEquals("Preferred, then fallbacks", card.select("[data-testid=operator-policy]").text());
        assertThat(card.select("tbody tr").eachAttr("data-testid")).as("every route in the operator's order")
                .containsExactlyElementsOf(ALL.stream().map(r -> "route-" + r).toList());
        var replicate = card.selectFirst("[data-testid='route-" + REPLICATE + "']");
        assertThat(replicate.text()).contains(label(REPLICATE)).contains("$0.20/s at").contains("Healthy");
        assertThat(replicate.select("input[type=checkbox][name=route][checked]")).as("may use, by default").hasSize(1);
        assertThat(card.select("input[name=policy][value=OPERATOR][checked]")).as("follows the operator").hasSize(1);
        assertThat(doc.select("nav.tabs a[aria-current=page]").text()).isEqualTo("Routes");
    }

    @Test
    void aPinnedPolicySavedOnThePageSendsTheNextJobToThatRouteAndIsAudited() {
        List<String> withoutVertex = ALL.stream().filter(r -> !r.equals(VERTEX)).toList();
        form(admin, "veo-3.1", "PINNED", REPLICATE, withoutVertex).post(page()).then().statusCode(303)
                .header("Location", endsWith(page()));

        JobView job = nextJob();
        assertEquals("replicate", job.provider(), "pinned to Replicate");
        assertEquals(List.of(REPLICATE), jobRoutes.of(job.id()).stream().map(t -> t.route().key()).toList());
        assertEquals("pinned", jobRoutes.of(job.id()).get(0).reason());

        Document doc = get(admin);
        assertThat(doc.select("input[name=policy][value=PINNED][checked]")).hasSize(1);
        assertThat(doc.select("select[name=pin] option[selected]").attr("value")).isEqualTo(REPLICATE);
        assertThat(doc.select("[data-testid='route-" + VERTEX + "'] input[name=route][checked]")).as("left out").isEmpty();

        List<AuditTrail.Entry> changes = audit.recent(team.id, 10);
        AuditTrail.Entry policy = changes.stream().filter(c -> c.action().equals("routes.policy")).findFirst().orElseThrow();
        assertEquals("Operator's policy (preferred, then fallbacks)", policy.oldValue());
        assertEquals("Pinned to " + label(REPLICATE) + " (" + REPLICATE + ")", policy.newValue());
        assertEquals(fixtures.user(admin).displayName, policy.actor(), "who changed it");
        AuditTrail.Entry excluded = changes.stream().filter(c -> c.action().equals("routes.excluded")).findFirst().orElseThrow();
        assertEquals("None", excluded.oldValue());
        assertEquals(label(VERTEX) + " (" + VERTEX + ")", excluded.newValue());

        // the operator's order again, without Vertex AI: the Gemini API comes first
        form(admin, "veo-3.1", "OPERATOR", null, withoutVertex).post(page()).then().statusCode(303);
        assertEquals("veo", nextJob().provider(), "preferred, then fallbacks, Vertex AI left out");
        assertEquals(null, policies.find(team.id, "veo-3.1").orElseThrow().policy(),
                "no policy of its own: it follows the operator's, whatever the operator sets later");

        // everything back as the operator has it: no policy of the team's own
        form(admin, "veo-3.1", "OPERATOR", null, ALL).post(page()).then().statusCode(303);
        assertEquals(Optional.empty(), policies.find(team.id, "veo-3.1"));
        assertThat(audit.recent(team.id, 10).stream().filter(c -> c.action().startsWith("routes.")).count())
                .as("pinned and left out, operator's order, everything back").isEqualTo(2 + 1 + 1);
    }

    @Test
    void badInputIsRefusedWithAClearMessageAndChangesNothing() {
        policies.save(team.id, new RoutePolicies.TeamPolicy("veo-3.1", "CHEAPEST", null, Set.of("runway/veo3.1")));
        Map<String, String> before = DatabaseSnapshot.ofTeam(dataSource, team.id);
        List<String> withoutReplicate = ALL.stream().filter(r -> !r.equals(REPLICATE)).toList();
        record Case(String model, String policy, String pin, List<String> routes, String message) {
        }
        List<Case> cases = List.of(
                new Case("no-such-model", "ORDERED", null, ALL, "no model 'no-such-model'"),
                new Case("veo-3.1", "ORDERED", null, List.of(VEO, "acme/veo-9"), "'acme/veo-9' is not a route of Veo 3.1"),
                new Case("veo-3.1", "PINNED", REPLICATE, withoutReplicate, "pin a ticked route"),
                new Case("veo-3.1", "CHEAPEST", null, List.of(), "Tick at least one route"),
                new Case("veo-3.1", "FASTEST", null, ALL, "Choose the operator's policy"),
                new Case("veo-3.1", "PINNED", "nowhere/model", ALL, "Choose the route to pin Veo 3.1 to"));
        for (Case c : cases) {
            String body = form(admin, c.model(), c.policy(), c.pin(), c.routes()).post(page()).then().statusCode(400)
                    .extract().asString();
            Document doc = Jsoup.parse(body);
            assertThat(doc.select("[role=alert]").text() + " " + doc.select(".field-error").text()).as(c.toString())
                    .contains(c.message());
            assertEquals(before, DatabaseSnapshot.ofTeam(dataSource, team.id), "nothing changed by " + c);
        }
        assertEquals("CHEAPEST", policies.find(team.id, "veo-3.1").orElseThrow().policy());
    }

    @Test
    void membersAreRefusedAndAnotherTeamsPolicyIsUntouched() {
        Team other = fixtures.team("routing", Tier.PRO);
        Session otherAdmin = fixtures.memberOf(other, "oli", TeamRole.ADMIN);
        policies.save(other.id, new RoutePolicies.TeamPolicy("veo-3.1", "PINNED", VEO, Set.of()));
        Session memberSession = fixtures.memberOf(team, "mo", TeamRole.MEMBER);
        Map<String, String> otherBefore = DatabaseSnapshot.ofTeam(dataSource, other.id);
        Map<String, String> before = DatabaseSnapshot.ofTeam(dataSource, team.id);

        memberSession.given().get(page()).then().statusCode(403);
        form(memberSession, "veo-3.1", "PINNED", REPLICATE, ALL).post(page()).then().statusCode(403);
        assertEquals(before, DatabaseSnapshot.ofTeam(dataSource, team.id), "a member changed nothing");

        // an admin of one team saves for that team only, and cannot reach the other's page
        form(admin, "veo-3.1", "CHEAPEST", null, ALL).post(page()).then().statusCode(303);
        form(admin, "veo-3.1", "CHEAPEST", null, ALL).post("/t/" + other.slug + "/admin/routes").then().statusCode(404);
        assertEquals(otherBefore, DatabaseSnapshot.ofTeam(dataSource, other.id), "the other team's policy is untouched");
        assertEquals("PINNED", policies.find(other.id, "veo-3.1").orElseThrow().policy());
        assertThat(get(otherAdmin, "/t/" + other.slug + "/admin/routes").select("input[name=policy][value=PINNED][checked]")).hasSize(1);
    }
}
