package io.reelgate.studio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.Color;
import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.awaitility.Awaitility;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.budget.BudgetSettings;
import io.reelgate.budget.Ledger;
import io.reelgate.budget.Money;
import io.reelgate.generation.JobInputs;
import io.reelgate.generation.JobState;
import io.reelgate.generation.JobStore;
import io.reelgate.generation.VideoJob;
import io.reelgate.provider.InputImage;
import io.reelgate.provider.Reference;
import io.reelgate.storage.ObjectStore;
import io.reelgate.storage.TeamKeys;
import io.reelgate.team.Team;
import io.reelgate.team.TeamRole;
import io.reelgate.team.Tier;
import io.reelgate.testing.Fixtures;
import io.reelgate.testing.Images;
import io.reelgate.testing.Session;
import io.reelgate.testing.SimulatorWire;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Issue 30 in the studio, over HTTP: reference images and a last frame are offered only where the
 * chosen model takes them, reach the provider with the job, and what the provider would refuse is
 * named next to its field before anything is reserved or stored.
 */
@QuarkusTest
class StudioReferencesTest {

    static final String VEO_FAST = "veo/veo-3.1-fast-generate-preview";
    static final InputImage RED = Images.solid(new Color(220, 30, 30), 64, 36);
    static final InputImage BLUE = Images.solid(new Color(30, 40, 220), 64, 36);

    @Inject
    java.time.InstantSource clock;
    @Inject
    Fixtures fixtures;
    @Inject
    BudgetSettings settings;
    @Inject
    EntityManager em;
    @Inject
    JobStore jobs;
    @Inject
    JobInputs inputs;
    @Inject
    SimulatorWire wire;
    @Inject
    Ledger ledger;
    @Inject
    ObjectStore store;

    Team team;
    Session member;

    @BeforeEach
    void team() {
        team = fixtures.team("refs", Tier.PRO);
        settings.update(team.id, new BudgetSettings.Form("100", "1", "HARD", "0", "", "50,75,90,100"));
        member = fixtures.memberOf(team, "rita", TeamRole.MEMBER);
    }

    private RequestSpecification composer(String prompt, String model, String seconds) {
        return member.given().multiPart("_csrf", member.csrf()).multiPart("prompt", prompt).multiPart("model", model)
                .multiPart("size", "1280x720").multiPart("seconds", seconds);
    }

    private static RequestSpecification withReferences(RequestSpecification form, InputImage... images) {
        for (int i = 0; i < images.length; i++) {
            form = form.multiPart("reference" + (i + 1), "ref" + (i + 1) + ".png", images[i].bytes(), "image/png")
                    .multiPart("referenceKind", "asset");
        }
        return form;
    }

    private long jobCount() {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from video_job where team_id = ?1").setParameter(1, team.id).getSingleResult()).longValue());
    }

    private VideoJob latest() {
        return QuarkusTransaction.requiringNew().call(() -> em.createQuery(
                "from VideoJob j where j.teamId = :t order by j.id desc", VideoJob.class).setParameter("t", team.id)
                .setMaxResults(1).getSingleResult());
    }

    private static Document html(Response r) {
        return Jsoup.parse(r.asString());
    }

    @Test
    void twoReferencesReachTheProviderWithTheJobAndItsCardSaysSo() {
        String prompt = Fixtures.unique("The red and the blue robot wave");
        Response r = withReferences(composer(prompt, VEO_FAST, "8"), RED, BLUE).post("/t/" + team.slug + "/studio");

        assertEquals(303, r.statusCode(), () -> html(r).select(".field-error, #form-errors").text());
        VideoJob job = latest();
        assertEquals(List.of(Reference.Kind.ASSET, Reference.Kind.ASSET), inputs.referenceKinds(job.id),
                "two job_reference rows, in order");
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> wire.sent("gemini", "/instances/0/prompt", prompt).isPresent());
        JsonNode refs = wire.sent("gemini", "/instances/0/prompt", prompt).orElseThrow().at("/instances/0/referenceImages");
        assertEquals(2, refs.size(), "the simulated Gemini API received both references");
        assertEquals(java.util.Base64.getEncoder().encodeToString(BLUE.bytes()),
                refs.path(1).path("image").path("bytesBase64Encoded").asText(), "in the order they were chosen");

        Document card = html(member.htmx().get("/t/" + team.slug + "/studio/jobs/" + job.id));
        assertEquals("Made from 2 references · asset", card.select("[data-testid=creative]").text());
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> jobs.find(job.id).orElseThrow().state.terminal());
        assertEquals(JobState.COMPLETED, jobs.find(job.id).orElseThrow().state);
    }

    @Test
    void whatTheModelWouldRefuseIsNamedNextToItsFieldAndNothingIsReserved() {
        Response none = withReferences(composer("A fox " + Fixtures.unique("n"), "simulator/sora-2", "4"), RED)
                .post("/t/" + team.slug + "/studio");
        Response four = withReferences(composer("Four friends " + Fixtures.unique("f"), VEO_FAST, "8"), RED, BLUE, RED, BLUE)
                .post("/t/" + team.slug + "/studio");
        Response length = withReferences(composer("Too short " + Fixtures.unique("s"), VEO_FAST, "4"), RED)
                .post("/t/" + team.slug + "/studio");
        Response alone = composer("Ends blue " + Fixtures.unique("e"), VEO_FAST, "4")
                .multiPart("lastFrame", "blue.png", Images.solid(Color.BLUE, 1280, 720).bytes(), "image/png")
                .post("/t/" + team.slug + "/studio");
        Response notImage = composer("Broken " + Fixtures.unique("b"), VEO_FAST, "8")
                .multiPart("reference1", "ref.png", "not an image".getBytes(), "image/png").multiPart("referenceKind", "asset")
                .post("/t/" + team.slug + "/studio");
        Response wrongSize = composer("Wrong size " + Fixtures.unique("w"), "simulator/sora-2", "4")
                .multiPart("lastFrame", "small.png", RED.bytes(), "image/png").post("/t/" + team.slug + "/studio");

        for (Response r : List.of(none, four, length, alone, notImage, wrongSize)) {
            assertEquals(422, r.statusCode(), () -> html(r).select("#form-errors").text());
        }
        assertThat(html(none).select("#references-error").text()).contains("takes no reference images");
        assertThat(html(four).select("#references-error").text()).contains("at most 3 reference images");
        assertThat(html(length).select("#references-error").text()).contains("8-second videos");
        assertThat(html(alone).select("#lastFrame-error").text()).contains("needs a first frame");
        assertThat(html(notImage).select("#references-error").text()).contains("Reference 1").contains("not a JPEG, PNG");
        assertThat(html(wrongSize).select("#lastFrame-error").text()).contains("64x36").contains("exactly 1280x720");

        assertEquals(0, jobCount(), "no job");
        assertEquals(Money.ZERO, ledger.balance(team.id, clock.instant()).reserved(), "nothing reserved");
        assertThat(store.list(TeamKeys.inputs(team.id))).as("no image stored").isEmpty();
    }

    @Test
    void theComposerOffersReferencesAndALastFrameOnlyWhereTheModelTakesThem() {
        Document sora = html(member.htmx().get("/t/" + team.slug + "/studio/options?model=simulator/sora-2"));
        assertThat(sora.select("input[name^=reference]")).as("sora-2 takes no references").isEmpty();
        assertThat(sora.select("#lastFrame")).isEmpty();

        Document fast = html(member.htmx().get("/t/" + team.slug + "/studio/options?model=" + VEO_FAST + "&seconds=8"));
        assertThat(fast.select("input[type=file][name^=reference]").eachAttr("name"))
                .containsExactly("reference1", "reference2", "reference3");
        assertThat(fast.select("select[name=referenceKind]")).as("the Gemini API takes assets only").isEmpty();
        assertThat(fast.select("#lastFrame")).hasSize(1);
        assertThat(fast.select("#images-rules").text()).startsWith(
                "Up to 3 references · 8 s only · not with a first or last frame · last frame needs a first frame");

        Document routed = html(member.htmx().get("/t/" + team.slug + "/studio/options?model=veo-3.1"));
        assertThat(routed.select("select[name=referenceKind]")).as("Vertex AI, one of its routes, takes style too")
                .hasSize(3);
        assertThat(routed.select("#images-rules").text()).startsWith("Up to 3 references (asset or style)");
    }

    @Test
    void theEstimateSaysWhatTheProviderWouldRefuseOfTheChosenImages() {
        String base = "/t/" + team.slug + "/studio/estimate?model=" + VEO_FAST + "&size=1280x720";
        Document fine = html(member.htmx().get(base + "&seconds=8&referenceKind=asset&referenceKind=asset"));
        assertThat(fine.select("#creative-problem")).isEmpty();
        assertEquals("$0.80", fine.select("#estimate-cost").text());

        Document tooShort = html(member.htmx().get(base + "&seconds=4&referenceKind=asset"));
        assertThat(tooShort.select("#creative-problem").text()).contains("8-second videos");
        Document styled = html(member.htmx().get(base + "&seconds=8&referenceKind=style"));
        assertThat(styled.select("#creative-problem").text()).contains("no style references");
    }
}
