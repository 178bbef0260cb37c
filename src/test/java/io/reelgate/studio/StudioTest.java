package io.reelgate.studio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

import javax.imageio.ImageIO;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.awaitility.Awaitility;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.budget.BudgetSettings;
import io.reelgate.generation.GenerationService;
import io.reelgate.generation.JobState;
import io.reelgate.generation.JobStore;
import io.reelgate.generation.JobView;
import io.reelgate.generation.VideoJob;
import io.reelgate.team.Team;
import io.reelgate.team.TeamRole;
import io.reelgate.team.Tier;
import io.reelgate.testing.Fixtures;
import io.reelgate.testing.Session;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** Every path through the studio's forms, over HTTP with a signed-in session. */
@QuarkusTest
class StudioTest {

    @Inject
    Fixtures fixtures;
    @Inject
    BudgetSettings settings;
    @Inject
    EntityManager em;
    @Inject
    GenerationService generation;
    @Inject
    JobStore jobs;
    @Inject
    io.reelgate.storage.ObjectStore store;
    @Inject
    io.reelgate.generation.InputSweep sweep;
    @Inject
    io.reelgate.testing.TestClock clock;
    @Inject
    io.reelgate.testing.Videos videos;

    @org.junit.jupiter.api.AfterEach
    void systemTime() {
        clock.reset();
    }

    Team team;
    Session member;

    @BeforeEach
    void team() {
        team = fixtures.team("studio", Tier.PRO);
        settings.update(team.id, new BudgetSettings.Form("100", "1", "HARD", "0", "", "50,75,90,100"));
        member = fixtures.memberOf(team, "sam", TeamRole.MEMBER);
    }

    private RequestSpecification form() {
        return member.given().multiPart("_csrf", member.csrf());
    }

    private Response submit(String prompt, String model, String size, String seconds) {
        return form().multiPart("prompt", prompt).multiPart("model", model).multiPart("size", size)
                .multiPart("seconds", seconds).post("/t/" + team.slug + "/studio");
    }

    private long jobs() {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from video_job where team_id = ?1").setParameter(1, team.id).getSingleResult()).longValue());
    }

    private static Document html(Response r) {
        return Jsoup.parse(r.asString());
    }

    // ------------------------------------------------------------------ the page

    @Test
    void thePageOffersOnlyTheCatalogsChoicesAndAnEstimate() {
        Document page = html(member.given().get("/t/" + team.slug + "/studio").then().statusCode(200).extract().response());
        assertThat(page.select("#model optgroup").first().select("option").eachAttr("value"))
                .as("the default provider's models come first, as provider/model").containsExactly("simulator/sora-2",
                        "simulator/sora-2-pro");
        assertThat(page.select("#size option").eachAttr("value")).containsExactly("1280x720", "720x1280");
        assertThat(page.select("#seconds option").eachAttr("value")).containsExactly("4", "8", "12");
        assertEquals("$0.40", page.select("#estimate-cost").text());
        assertThat(page.select("label[for=prompt]")).isNotEmpty();
        assertThat(page.select("#job-list .empty")).as("empty state").isNotEmpty();
    }

    @Test
    void changingTheModelOffersThatModelsSizesAndLengths() {
        Response r = member.htmx().get("/t/" + team.slug + "/studio/options?model=sora-2-pro&size=1280x720&seconds=4");
        Document options = html(r);
        assertThat(options.select("#size option").eachAttr("value")).contains("1792x1024", "1024x1792");
        assertThat(options.select("#seconds option").eachAttr("value")).containsExactly("10", "15", "25");
        assertThat(options.select("#seconds option[selected]").attr("value")).as("4 s is not offered: first choice").isEqualTo("10");
        assertEquals("estimate-refresh", r.header("HX-Trigger-After-Swap"));
    }

    // ------------------------------------------------------------------ valid and invalid submissions

    @Test
    void aValidSubmissionQueuesTheJobAndRedirectsToItsCard() {
        Response r = submit("A lighthouse in a storm " + Fixtures.unique("x"), "sora-2", "1280x720", "8");
        assertEquals(303, r.statusCode());
        assertThat(r.header("Location")).contains("/t/" + team.slug + "/studio#job-");
        assertEquals(1, jobs());
        Document page = html(member.given().cookies(r.getCookies()).get("/t/" + team.slug + "/studio"));
        assertThat(page.select("#flash-region").text()).contains("on its way");
        assertThat(page.select(".job-card").first().text()).contains("A lighthouse in a storm");
    }

    @Test
    void aLongDetailedPromptNearTheLimitIsAccepted() {
        // Longer than the 2 KiB form-field default of the HTTP layer, with multi-byte characters.
        String prompt = ("Ein Leuchtturm im Sturm, Gischt über den Felsen — " + Fixtures.unique("l") + " ").repeat(120);
        assertThat(prompt.length()).isBetween(5_000, 10_000);
        Response r = submit(prompt, "sora-2", "1280x720", "4");
        assertEquals(303, r.statusCode());
        assertEquals(1, jobs());
    }

    @Test
    void eachInvalidFieldIsNamedNextToItAndNothingIsQueued() {
        Response empty = submit("   ", "sora-2", "1280x720", "8");
        Response size = submit("A cat", "sora-2", "1792x1024", "8");
        Response seconds = submit("A cat", "sora-2", "1280x720", "7");
        Response model = submit("A cat", "sora-9", "1280x720", "8");
        Response tooLong = submit("x".repeat(10_001), "sora-2", "1280x720", "8");

        assertEquals(422, empty.statusCode());
        assertThat(html(empty).select("#prompt-error").text()).isEqualTo("Describe the video you want.");
        assertThat(html(empty).select("#prompt").attr("aria-invalid")).isEqualTo("true");
        assertThat(html(size).select("#size-error").text()).isEqualTo("sora-2 does not offer 1792x1024; choose 1280x720 or 720x1280");
        assertThat(html(seconds).select("#seconds-error").text()).contains("does not render 7 s");
        assertThat(html(model).select(".alert-error, .field-error").text()).contains("Unknown model 'sora-9'");
        assertThat(html(tooLong).select("#prompt-error").text()).contains("the limit is 10000");
        assertEquals(0, jobs());
    }

    @Test
    void aSubmissionWithoutTheCsrfTokenIsRefused() {
        member.given().multiPart("prompt", "A cat").multiPart("model", "sora-2").multiPart("size", "1280x720")
                .multiPart("seconds", "4").post("/t/" + team.slug + "/studio").then().statusCode(403);
        member.given().multiPart("_csrf", "B".repeat(43)).multiPart("prompt", "A cat").multiPart("model", "sora-2")
                .multiPart("size", "1280x720").multiPart("seconds", "4").post("/t/" + team.slug + "/studio").then().statusCode(403);
        assertEquals(0, jobs());
    }

    @Test
    void overBudgetTheButtonIsDisabledWithTheReasonAndASubmissionIsRefused() {
        settings.update(team.id, new BudgetSettings.Form("0.50", "1", "HARD", "0", "", "50"));
        Document estimate = html(member.htmx().get("/t/" + team.slug + "/studio/estimate?model=sora-2&size=1280x720&seconds=8"));
        assertThat(estimate.select("#submit-button").hasAttr("disabled")).isTrue();
        assertThat(estimate.select("#refusal").attr("data-reason")).isEqualTo("budget_exceeded");

        Response r = submit("A cat", "sora-2", "1280x720", "8");
        assertEquals(422, r.statusCode());
        assertThat(html(r).select("#form-errors").text()).contains("This request was refused").contains("$0.80")
                .contains("$0.50");
        assertEquals(0, jobs());
    }

    @Test
    void rateLimitedTheStudioOffersToQueueForTheNextSlot() {
        fixtures.teamsCustomLimits(team.id, 1, 100);
        assertEquals(303, submit("first " + Fixtures.unique("q"), "sora-2", "1280x720", "4").statusCode());

        Document estimate = html(member.htmx().get("/t/" + team.slug + "/studio/estimate?model=sora-2&size=1280x720&seconds=4"));
        assertThat(estimate.select("#queue-button").text()).matches("Queue for \\d\\d:\\d\\d");
        assertThat(estimate.select("#submit-button").hasAttr("disabled")).isTrue();
        assertEquals(422, submit("second", "sora-2", "1280x720", "4").statusCode());

        Response queued = form().multiPart("prompt", "second " + Fixtures.unique("q")).multiPart("model", "sora-2")
                .multiPart("size", "1280x720").multiPart("seconds", "4").multiPart("schedule", "true")
                .post("/t/" + team.slug + "/studio");
        assertEquals(303, queued.statusCode());
        assertEquals(2, jobs());
        Document page = html(member.given().cookies(queued.getCookies()).get("/t/" + team.slug + "/studio"));
        assertThat(page.select("#flash-region").text()).matches(".*Queued for \\d\\d:\\d\\d.*");
        assertThat(page.select(".job-card").first().text()).contains("Queued for");
    }

    @Test
    void aMemberCapRefusesTheMemberWithTheNumbers() {
        settings.update(team.id, new BudgetSettings.Form("100", "1", "HARD", "0", "0.30", "50"));
        Response r = submit("A cat", "sora-2", "1280x720", "4");
        assertEquals(422, r.statusCode());
        assertThat(html(r).select("#form-errors").text()).contains("personal").contains("$0.30");
    }

    // ------------------------------------------------------------------ uploads

    @Test
    void openingContinueFromLastFrameTwiceStoresOneFrameAndUnusedInputsAreSweptAfterADay() throws IOException {
        long member = fixtures.userId(this.member);
        long source = videos.make(team.id, member, "A kite over the dunes " + Fixtures.unique("f"));
        String inputs = "teams/" + team.id + "/inputs/";
        for (int i = 0; i < 3; i++) {
            Document page = html(this.member.given().get("/t/" + team.slug + "/studio?frame=" + source).then().statusCode(200)
                    .extract().response());
            assertThat(page.select("input[name=frameKey]").attr("value")).endsWith("last-frame-" + source + ".png");
        }
        assertThat(store.list(inputs)).as("a GET opened three times stored one frame").hasSize(1);

        // an uploaded first frame that a job uses stays; the frame nobody used goes after a day
        assertEquals(303, form().multiPart("prompt", "From this frame " + Fixtures.unique("i")).multiPart("model", "sora-2")
                .multiPart("size", "1280x720").multiPart("seconds", "4")
                .multiPart("image", "first.png", image("png", 1280, 720), "image/png").post("/t/" + team.slug + "/studio")
                .statusCode());
        String used = latest().inputImageKey;
        assertThat(store.list(inputs)).hasSize(2).contains(used);
        sweep.sweep();
        assertThat(store.list(inputs)).as("nothing is a day old yet").hasSize(2);
        clock.set(clock.instant().plus(java.time.Duration.ofHours(25)));
        sweep.sweep();
        assertThat(store.list(inputs)).containsExactly(used);
    }

    @Test
    void oneRenderedFormMakesOneVideoHoweverOftenItIsSent() throws Exception {
        String token = html(member.given().get("/t/" + team.slug + "/studio").then().statusCode(200).extract().response())
                .select("#composer input[name=submission]").attr("value");
        assertThat(token).hasSize(43);
        String prompt = "A lantern on a jetty " + Fixtures.unique("d");
        java.util.concurrent.Callable<Response> send = () -> form().multiPart("prompt", prompt).multiPart("model", "sora-2")
                .multiPart("size", "1280x720").multiPart("seconds", "4").multiPart("submission", token)
                .post("/t/" + team.slug + "/studio");
        long before = jobs();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(5);
        try {
            // a double click, and then some: five posts of the same form at once
            List<java.util.concurrent.Future<Response>> sent = pool.invokeAll(java.util.Collections.nCopies(5, send));
            java.util.Set<String> targets = new java.util.HashSet<>();
            for (var f : sent) {
                assertEquals(303, f.get().statusCode());
                targets.add(f.get().header("Location").replaceAll(".*#", "#"));
            }
            assertThat(targets).as("every post lands on the one job").hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(before + 1, jobs(), "one job");
        long reservations = QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from reservation where team_id = ?1").setParameter(1, team.id).getSingleResult()).longValue());
        assertEquals(before + 1, reservations, "one reservation");
        // later, the browser resends it: still the same job; a freshly rendered form is a new one
        assertEquals(303, send.call().statusCode());
        assertEquals(before + 1, jobs());
        String next = html(member.given().get("/t/" + team.slug + "/studio").then().statusCode(200).extract().response())
                .select("#composer input[name=submission]").attr("value");
        assertThat(next).isNotEqualTo(token);
    }

    @Test
    void aRefusedSubmissionCanBeSentAgainWithTheSameForm() {
        settings.update(team.id, new BudgetSettings.Form("0.10", "1", "HARD", "0", "", "50,75,90,100"));
        String token = html(member.given().get("/t/" + team.slug + "/studio").then().statusCode(200).extract().response())
                .select("#composer input[name=submission]").attr("value");
        var refused = form().multiPart("prompt", "Too dear " + Fixtures.unique("r")).multiPart("model", "sora-2")
                .multiPart("size", "1280x720").multiPart("seconds", "4").multiPart("submission", token)
                .post("/t/" + team.slug + "/studio");
        assertEquals(422, refused.statusCode());
        settings.update(team.id, new BudgetSettings.Form("100", "1", "HARD", "0", "", "50,75,90,100"));
        long before = jobs();
        assertEquals(303, form().multiPart("prompt", "Too dear now fine").multiPart("model", "sora-2")
                .multiPart("size", "1280x720").multiPart("seconds", "4").multiPart("submission", token)
                .post("/t/" + team.slug + "/studio").statusCode());
        assertEquals(before + 1, jobs());
    }

    @Test
    void aPngNamedJpgIsAcceptedForWhatItIs() throws IOException {
        Response r = form().multiPart("prompt", "From this frame " + Fixtures.unique("i")).multiPart("model", "sora-2")
                .multiPart("size", "1280x720").multiPart("seconds", "4")
                .multiPart("image", "photo.jpg", image("png", 1280, 720), "image/jpeg").post("/t/" + team.slug + "/studio");
        assertEquals(303, r.statusCode());
        VideoJob job = latest();
        assertEquals("image/png", job.inputImageType);
    }

    @Test
    void aTextFileNamedPngIsRefused() {
        Response r = form().multiPart("prompt", "A cat").multiPart("model", "sora-2").multiPart("size", "1280x720")
                .multiPart("seconds", "4").multiPart("image", "frame.png", "not an image at all".getBytes(), "image/png")
                .post("/t/" + team.slug + "/studio");
        assertEquals(422, r.statusCode());
        assertThat(html(r).select("#image-error").text()).contains("not a JPEG, PNG or WebP image");
        assertEquals(0, jobs());
    }

    @Test
    void anImageOfTheWrongSizeIsRefusedWithBothSizes() throws IOException {
        Response r = form().multiPart("prompt", "A cat").multiPart("model", "sora-2").multiPart("size", "1280x720")
                .multiPart("seconds", "4").multiPart("image", "small.png", image("png", 640, 480), "image/png")
                .post("/t/" + team.slug + "/studio");
        assertEquals(422, r.statusCode());
        assertThat(html(r).select("#image-error").text()).contains("640x480").contains("exactly 1280x720");
    }

    @Test
    void anImageTwiceTheLimitIsRefusedBeforeAnythingIsStored() {
        long limit = org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("reelgate.studio.max-image-bytes", Long.class); // 4 MiB in tests, 20 MiB by default
        byte[] big = new byte[(int) (2 * limit)];
        Response r = form().multiPart("prompt", "A cat").multiPart("model", "sora-2").multiPart("size", "1280x720")
                .multiPart("seconds", "4").multiPart("image", "huge.png", big, "image/png").post("/t/" + team.slug + "/studio");
        assertEquals(422, r.statusCode());
        assertThat(html(r).select("#image-error").text())
                .contains(String.format(java.util.Locale.ROOT, "%.1f MB", 2 * limit / 1048576.0))
                .contains(String.format(java.util.Locale.ROOT, "%.1f MB", limit / 1048576.0));
        assertEquals(0, jobs());
    }

    // ------------------------------------------------------------------ lint, cards, cancel, remix, draft → final

    @Test
    void theLintWarnsWithASuggestedRewriteButNeverBlocks() {
        Document lint = html(member.htmx().get("/t/" + team.slug + "/studio/lint?prompt=Taylor Swift drinking a Coca-Cola"));
        assertThat(lint.select(".lint-list li")).hasSize(2);
        assertThat(lint.select(".lint-rewrite").text()).isEqualTo("a person drinking a an unbranded product");
        assertEquals(303, submit("Taylor Swift drinking a Coca-Cola " + Fixtures.unique("l"), "sora-2", "1280x720", "4")
                .statusCode());
    }

    @Test
    void anActiveCardRefreshesItselfAndAFinishedOneStops() {
        submit("A windmill " + Fixtures.unique("c"), "sora-2", "1280x720", "4");
        VideoJob job = latest();
        Document active = html(member.htmx().get("/t/" + team.slug + "/studio/jobs/" + job.id));
        assertThat(active.select("#job-" + job.id).attr("hx-trigger")).isEqualTo("every 2s");

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> jobs.find(job.id).orElseThrow().state == JobState.COMPLETED);
        Document done = html(member.htmx().get("/t/" + team.slug + "/studio/jobs/" + job.id));
        assertThat(done.select("#job-" + job.id).hasAttr("hx-trigger")).as("stops polling").isFalse();
        assertThat(done.select(".job-media img").attr("src")).isEqualTo("/t/" + team.slug + "/videos/" + job.id + "/poster");
        assertThat(done.text()).contains("Ready in").contains("Charged $0.40");
    }

    @Test
    void aQueuedJobCanBeCanceledFromItsCard() {
        fixtures.teamsCustomLimits(team.id, 1, 100);
        submit("first " + Fixtures.unique("k"), "sora-2", "1280x720", "4");
        form().multiPart("prompt", "queued " + Fixtures.unique("k")).multiPart("model", "sora-2").multiPart("size", "1280x720")
                .multiPart("seconds", "4").multiPart("schedule", "true").post("/t/" + team.slug + "/studio");
        VideoJob queued = latest();

        Response r = member.htmx().post("/t/" + team.slug + "/studio/jobs/" + queued.id + "/cancel");

        assertEquals(200, r.statusCode());
        assertThat(html(r).select(".badge").first().text()).isEqualTo("Canceled");
        assertEquals(JobState.CANCELED, jobs.find(queued.id).orElseThrow().state);
    }

    @Test
    void remixAndDraftToFinalPrefillTheComposer() {
        submit("A fox in the snow " + Fixtures.unique("r"), "sora-2", "720x1280", "8");
        VideoJob draft = latest();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> jobs.find(draft.id).orElseThrow().state == JobState.COMPLETED);

        Document remix = html(member.given().get("/t/" + team.slug + "/studio?remix=" + draft.id));
        assertThat(remix.select(".remix-source").text()).contains("Remixing").contains("A fox in the snow");
        assertEquals(String.valueOf(draft.id), remix.select("input[name=remixOf]").attr("value"));

        Document fin = html(member.given().get("/t/" + team.slug + "/studio?from=" + draft.id));
        assertThat(fin.select("#prompt").text()).startsWith("A fox in the snow");
        assertEquals("simulator/sora-2-pro", fin.select("#model option[selected]").attr("value"));
        assertEquals("720x1280", fin.select("#size option[selected]").attr("value"));
        assertEquals("10", fin.select("#seconds option[selected]").attr("value"), "nearest pro length ≥ 8 s");
        assertEquals("$3.00", fin.select("#estimate-cost").text());
    }

    @Test
    void afterThreeBlocksOnSimilarPromptsTheCardAdvisesAFullRewrite() {
        long me = fixtures.userId(member);
        List<String> attempts = List.of("Darth Vader surfing a huge wave at sunset", "Darth Vader surfing a big wave at sunset",
                "darth vader surfing a wave at dusk");
        JobView last = null;
        for (String prompt : attempts) {
            var result = generation.submit(GenerationService.Request.of(team.id, me, null, "sora-2", "1280x720", 4,
                    prompt));
            last = ((GenerationService.Queued) result).job();
            long id = last.id();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> jobs.find(id).orElseThrow().state == JobState.FAILED);
        }
        Document card = html(member.htmx().get("/t/" + team.slug + "/studio/jobs/" + last.id()));
        assertThat(card.select(".job-rewrite").text()).contains("rewrite it completely");
    }

    @Test
    void theJobPageShowsItsHistory() {
        submit("A clock tower " + Fixtures.unique("h"), "sora-2", "1280x720", "4");
        VideoJob job = latest();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> jobs.find(job.id).orElseThrow().state == JobState.COMPLETED);
        Document page = html(member.given().get("/t/" + team.slug + "/jobs/" + job.id).then().statusCode(200).extract().response());
        assertThat(page.select(".timeline li")).hasSizeGreaterThanOrEqualTo(5);
        assertThat(page.select(".timeline li").first().text()).contains("Queued");
        assertThat(page.select(".timeline li").last().text()).contains("Done");
    }

    // ------------------------------------------------------------------ helpers

    private VideoJob latest() {
        return QuarkusTransaction.requiringNew().call(() -> em.createQuery(
                "from VideoJob j where j.teamId = :t order by j.id desc", VideoJob.class).setParameter("t", team.id)
                .setMaxResults(1).getSingleResult());
    }

    private static byte[] image(String format, int w, int h) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB), format, out);
        return out.toByteArray();
    }
}
