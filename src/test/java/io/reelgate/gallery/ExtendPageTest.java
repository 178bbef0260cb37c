package io.reelgate.gallery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Duration;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.budget.BudgetSettings;
import io.reelgate.budget.Ledger;
import io.reelgate.budget.Money;
import io.reelgate.generation.GenerationService;
import io.reelgate.generation.JobQueries;
import io.reelgate.generation.JobState;
import io.reelgate.generation.JobView;
import io.reelgate.team.Team;
import io.reelgate.team.TeamRole;
import io.reelgate.team.Tier;
import io.reelgate.testing.Fixtures;
import io.reelgate.testing.Session;
import io.reelgate.testing.TestClock;
import io.reelgate.testing.Videos;
import io.restassured.response.Response;

/**
 * The video page's Extend card over HTTP (issue 30): the form with the seconds Veo adds and their
 * price on a Veo video; the button disabled with the reason, and the way that is left, on a video
 * no provider can extend and on one its provider no longer holds; posting it queues the extension,
 * and the two pages link to each other.
 */
@QuarkusTest
class ExtendPageTest {

    static final String VEO = "veo-3.1-fast-generate-preview";

    @Inject
    Fixtures fixtures;
    @Inject
    BudgetSettings settings;
    @Inject
    GenerationService generation;
    @Inject
    JobQueries jobs;
    @Inject
    Videos videos;
    @Inject
    Ledger ledger;
    @Inject
    TestClock clock;

    Team team;
    Session member;
    long memberId;

    @BeforeEach
    void team() {
        team = fixtures.team("extend-page", Tier.PRO);
        settings.update(team.id, new BudgetSettings.Form("100", "1", "HARD", "0", "", "50,75,90,100"));
        member = fixtures.memberOf(team, "eva", TeamRole.MEMBER);
        memberId = fixtures.userId(member);
    }

    @AfterEach
    void realTime() {
        clock.reset();
    }

    private JobView finished(long id) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> jobs.ofTeam(team.id, id).orElseThrow().state().terminal());
        JobView job = jobs.ofTeam(team.id, id).orElseThrow();
        assertEquals(JobState.COMPLETED, job.state(), () -> job.errorCode() + ": " + job.errorMessage());
        return job;
    }

    private JobView veo(String prompt) {
        var submitted = generation.submit(GenerationService.Request.of(team.id, memberId, "veo", VEO, "1280x720", 8,
                Fixtures.unique(prompt)));
        assertThat(submitted).isInstanceOf(GenerationService.Queued.class);
        return finished(((GenerationService.Queued) submitted).job().id());
    }

    private Document page(long id) {
        return Jsoup.parse(member.given().get("/t/" + team.slug + "/videos/" + id).then().statusCode(200).extract()
                .asString());
    }

    @Test
    void aVeoVideoOffersToAddSevenSecondsAtTheirPriceAndPostingQueuesTheExtension() {
        JobView source = veo("A kite rises");
        Document page = page(source.id());
        assertNotNull(page.selectFirst("#extend-form"), "the form is offered");
        assertEquals("7", page.selectFirst("#extend-form input[name=seconds]").val(), "Veo adds exactly 7 s");
        assertThat(page.selectFirst("#extend-seconds-fixed").text()).contains("7 seconds").contains("becomes 15 s long");
        assertEquals("$0.70", page.selectFirst("#extend-cost").text(), "7 s at $0.10/s");
        assertThat(page.selectFirst("#extend-button").hasAttr("disabled")).as("the button is enabled").isFalse();
        assertEquals("#extend", page.selectFirst(".page-header a[href=#extend]").attr("href"));

        String token = page.selectFirst("#extend-form input[name=submission]").val();
        Response empty = member.form().formParam("seconds", "7").formParam("prompt", " ").formParam("submission", token)
                .post("/t/" + team.slug + "/videos/" + source.id() + "/extend");
        assertEquals(422, empty.statusCode());
        assertThat(Jsoup.parse(empty.asString()).selectFirst("#extend-prompt-error").text()).contains("what happens next");

        Response sent = member.form().formParam("seconds", "7").formParam("prompt", "It flies over the sea")
                .formParam("submission", token).post("/t/" + team.slug + "/videos/" + source.id() + "/extend");
        assertEquals(303, sent.statusCode(), sent.asString());
        long id = Long.parseLong(sent.header("Location").replaceAll(".*/jobs/", ""));
        JobView extension = finished(id);
        assertEquals(source.id(), extension.extendsJobId());
        assertEquals(7, extension.seconds());
        assertEquals(Money.ofMicros(700_000 + 800_000), ledger.balance(team.id, clock.instant()).spent(),
                "the extension is charged for the 7 seconds it adds");
        Response again = member.form().formParam("seconds", "7").formParam("prompt", "It flies over the sea")
                .formParam("submission", token).post("/t/" + team.slug + "/videos/" + source.id() + "/extend");
        assertEquals("/t/" + team.slug + "/jobs/" + id, again.header("Location").replaceAll("^https?://[^/]+", ""),
                "the same form sent twice is one extension");

        assertEquals("/t/" + team.slug + "/videos/" + source.id(),
                page(id).selectFirst("[data-testid=extends] a").attr("href"));
        assertEquals("/t/" + team.slug + "/videos/" + id,
                page(source.id()).selectFirst("[data-testid=extended-by] a").attr("href"));
    }

    @Test
    void aProviderThatAddsARangeOffersItsSecondsAndTheEstimateFollowsTheChoice() {
        var submitted = generation.submit(GenerationService.Request.of(team.id, memberId, "xai", "grok-imagine-video",
                "854x480", 5, Fixtures.unique("A paper boat")));
        JobView grok = finished(((GenerationService.Queued) submitted).job().id());
        Document page = page(grok.id());
        var options = page.select("#extend-seconds option");
        assertThat(options.size()).as("a choice of seconds").isGreaterThan(1);
        assertEquals("1", options.first().val(), "from the least xAI adds");
        assertEquals("/t/" + team.slug + "/videos/" + grok.id() + "/extend/estimate",
                page.selectFirst("#extend-seconds").attr("hx-get"));

        Document three = Jsoup.parse(member.htmx().get("/t/" + team.slug + "/videos/" + grok.id()
                + "/extend/estimate?seconds=3").then().statusCode(200).extract().asString());
        assertEquals("Extend by 3 s", three.selectFirst("#extend-button").text());
        assertThat(three.selectFirst("#extend-cost").text()).startsWith("$");
        assertThat(three.selectFirst("#extend-form")).as("only the estimate").isNull();
    }

    @Test
    void aVideoNoProviderCanExtendShowsTheButtonDisabledWithTheReasonAndTheLastFrameWay() {
        long sora = videos.row(team.id, memberId, "A fox in the snow", "sora-2", "COMPLETED", clock.instant());
        Document page = page(sora);
        assertThat(page.selectFirst("#extend-form")).as("no form").isNull();
        assertThat(page.selectFirst("#extend-why").text()).contains("cannot extend").contains("storyboard");
        assertThat(page.selectFirst("#extend-unavailable").hasAttr("disabled")).isTrue();
        assertThat(page.selectFirst("#extend-unavailable").attr("title")).isEqualTo(page.selectFirst("#extend-why").text());
        assertEquals("/t/" + team.slug + "/studio?frame=" + sora, page.selectFirst("#extend-last-frame").attr("href"));
    }

    @Test
    void aVideoItsProviderNoLongerHoldsCannotBeExtended() {
        JobView source = veo("A lighthouse");
        clock.set(source.contentExpiresAt().plus(Duration.ofMinutes(1)));
        Document page = page(source.id());
        assertThat(page.selectFirst("#extend-form")).as("no form").isNull();
        assertThat(page.selectFirst("#extend-why").text()).contains("no longer holds this video");
        assertThat(page.selectFirst("#extend-unavailable").hasAttr("disabled")).isTrue();
        assertNotNull(page.selectFirst("#extend-last-frame"), "continuing from the last frame is still possible");
        Document stale = Jsoup.parse(member.htmx().get("/t/" + team.slug + "/videos/" + source.id()
                + "/extend/estimate?seconds=7").then().statusCode(200).extract().asString());
        assertThat(stale.selectFirst("#extend-refusal").text()).as("a page left open past the expiry asks again")
                .contains("no longer holds this video");

        Response refused = member.form().formParam("seconds", "7").formParam("prompt", "Later")
                .post("/t/" + team.slug + "/videos/" + source.id() + "/extend");
        assertEquals(422, refused.statusCode());
        assertEquals(Money.ZERO, ledger.balance(team.id, clock.instant()).reserved(), "nothing reserved");
    }
}
