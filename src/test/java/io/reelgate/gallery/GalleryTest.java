package io.reelgate.gallery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.budget.BudgetSettings;
import io.reelgate.storage.ObjectStore;
import io.reelgate.team.Team;
import io.reelgate.team.TeamRole;
import io.reelgate.team.Tier;
import io.reelgate.testing.Fixtures;
import io.reelgate.testing.Session;
import io.reelgate.testing.Videos;
import io.restassured.response.Response;

/** The gallery and the video page over HTTP, as a signed-in member. */
@QuarkusTest
class GalleryTest {

    @Inject
    Fixtures fixtures;
    @Inject
    Videos videos;
    @Inject
    BudgetSettings settings;
    @Inject
    EntityManager em;
    @Inject
    ObjectStore store;

    Team team;
    Session member;
    long memberId;

    @BeforeEach
    void team() {
        team = fixtures.team("gallery", Tier.PRO);
        settings.update(team.id, new BudgetSettings.Form("100", "1", "HARD", "0", "", "50,75,90,100"));
        member = fixtures.memberOf(team, "gia", TeamRole.MEMBER);
        memberId = fixtures.userId(member);
    }

    private Document gallery(String query) {
        return Jsoup.parse(member.given().get("/t/" + team.slug + "/gallery" + query).then().statusCode(200).extract().asString());
    }

    private static List<String> ids(Document page) {
        return page.select("article.gcard").eachAttr("id");
    }

    private long row(String prompt, String model, String state, Instant finished) {
        return videos.row(team.id, memberId, prompt, model, state, finished);
    }

    @Test
    void finishedVideosAppearNewestFirstWithPosterLengthModelAndAuthor() {
        Instant now = Instant.now();
        long older = row("A lighthouse in a storm", "sora-2", "COMPLETED", now.minusSeconds(600));
        long newer = row("Kites over a beach", "sora-2-pro", "COMPLETED", now.minusSeconds(60));
        row("A failed attempt", "sora-2", "FAILED", now.minusSeconds(30));

        Document page = gallery("");

        assertThat(ids(page)).containsExactly("v-" + newer, "v-" + older);
        var card = page.selectFirst("#v-" + newer);
        assertThat(card.select("img").attr("src")).isEqualTo("/t/" + team.slug + "/videos/" + newer + "/poster");
        assertThat(card.select(".gcard-media").attr("data-sprite")).isEqualTo("/t/" + team.slug + "/videos/" + newer + "/spritesheet");
        assertThat(card.select(".gcard-media").attr("data-aspect")).isEqualTo("1280x720");
        assertThat(card.select(".gcard-duration").text()).isEqualTo("4 s");
        assertThat(card.text()).contains("Kites over a beach").contains("sora-2-pro")
                .containsIgnoringCase(member.username());
        assertThat(card.select("a.gcard-media").attr("href")).isEqualTo("/t/" + team.slug + "/videos/" + newer);
    }

    @Test
    void theStatusFilterShowsFailedVideosWithTheirReason() {
        Instant now = Instant.now();
        row("Fine", "sora-2", "COMPLETED", now.minusSeconds(60));
        long failed = row("Blocked one", "sora-2", "FAILED", now.minusSeconds(30));

        Document page = gallery("?status=failed");

        assertThat(ids(page)).containsExactly("v-" + failed);
        assertThat(page.selectFirst("#v-" + failed).text()).contains("moderation blocked");
        assertThat(page.select("#v-" + failed + " a.gcard-media").attr("href")).isEqualTo("/t/" + team.slug + "/jobs/" + failed);
        assertThat(ids(gallery("?status=all"))).hasSize(2);
    }

    @Test
    void searchMatchesWordsOfThePromptIncludingOtherForms() {
        Instant now = Instant.now();
        long lighthouse = row("A lighthouse on a cliff while waves crash", "sora-2", "COMPLETED", now.minusSeconds(300));
        row("A cat sleeping in the sun", "sora-2", "COMPLETED", now.minusSeconds(200));

        assertThat(ids(gallery("?q=lighthouses"))).as("stemming").containsExactly("v-" + lighthouse);
        assertThat(ids(gallery("?q=wave+crashing"))).containsExactly("v-" + lighthouse);
        assertThat(ids(gallery("?q=cliff+-lighthouse"))).as("web search syntax: minus excludes").isEmpty();
        Document none = gallery("?q=submarine");
        assertThat(none.select(".empty h2").text()).isEqualTo("No videos match");
    }

    @Test
    void filtersNarrowByModelMemberAndDateRange() {
        Instant now = Instant.now();
        Session other = fixtures.memberOf(team, "otis", TeamRole.MEMBER);
        long otherId = fixtures.userId(other);
        long pro = row("Pro one", "sora-2-pro", "COMPLETED", now.minus(3, ChronoUnit.DAYS));
        long plain = row("Plain one", "sora-2", "COMPLETED", now.minus(1, ChronoUnit.HOURS));
        long theirs = videos.row(team.id, otherId, "Theirs", "sora-2", "COMPLETED", now.minus(2, ChronoUnit.HOURS));

        assertThat(ids(gallery("?model=sora-2-pro"))).containsExactly("v-" + pro);
        assertThat(ids(gallery("?member=" + otherId))).containsExactly("v-" + theirs);
        String from = now.minus(2, ChronoUnit.DAYS).atZone(team.zone()).toLocalDate().toString();
        assertThat(ids(gallery("?from=" + from))).containsExactlyInAnyOrder("v-" + plain, "v-" + theirs);
        String to = now.minus(3, ChronoUnit.DAYS).atZone(team.zone()).toLocalDate().toString();
        assertThat(ids(gallery("?to=" + to))).containsExactly("v-" + pro);
        Document page = gallery("?model=sora-2");
        assertThat(page.select("#f-model option[selected]").attr("value")).as("the filter is kept").isEqualTo("sora-2");
        assertThat(page.select("#f-member option").eachText().stream().map(String::toLowerCase))
                .contains(member.username(), other.username());
    }

    @Test
    void badFiltersAreNamedAndShowNothing() {
        row("Anything", "sora-2", "COMPLETED", Instant.now());

        Response r = member.given().get("/t/" + team.slug + "/gallery?from=2026-13-40&member=999999999&model=dall-e");

        assertEquals(400, r.statusCode());
        Document page = Jsoup.parse(r.asString());
        assertThat(page.select("#from-error").text()).isEqualTo("Use a date like 2026-11-25.");
        assertThat(page.select("#member-error").text()).isEqualTo("Choose a member of this team.");
        assertThat(page.select("#model-error").text()).isEqualTo("Choose a model from the list.");
        assertThat(page.select("#f-from").attr("aria-invalid")).isEqualTo("true");
        assertThat(ids(page)).isEmpty();
        assertEquals(400, member.given().get("/t/" + team.slug + "/gallery?from=2026-11-20&to=2026-11-10").statusCode());
    }

    @Test
    void favouritesArePersonalAndFilterTheGallery() {
        Instant now = Instant.now();
        long starred = row("Starred", "sora-2", "COMPLETED", now.minusSeconds(100));
        row("Not starred", "sora-2", "COMPLETED", now.minusSeconds(50));
        Session colleague = fixtures.memberOf(team, "cole", TeamRole.MEMBER);

        Response r = member.htmx().formParam("favourite", "true").post("/t/" + team.slug + "/videos/" + starred + "/favourite");

        assertEquals(200, r.statusCode());
        assertThat(Jsoup.parse(r.asString()).select("button.star").attr("aria-pressed")).isEqualTo("true");
        assertThat(ids(gallery("?fav=true"))).containsExactly("v-" + starred);
        assertThat(gallery("").select("#v-" + starred + " button.star").attr("aria-pressed")).isEqualTo("true");
        Document theirs = Jsoup.parse(colleague.given().get("/t/" + team.slug + "/gallery?fav=true").asString());
        assertThat(ids(theirs)).as("the colleague starred nothing").isEmpty();

        member.form().formParam("favourite", "false").post("/t/" + team.slug + "/videos/" + starred + "/favourite")
                .then().statusCode(303);
        assertThat(ids(gallery("?fav=true"))).isEmpty();
    }

    @Test
    void pagesStayStableWhileNewVideosArrive() {
        Instant start = Instant.now().minus(1, ChronoUnit.DAYS);
        List<Long> all = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            all.add(row("Clip " + i, "sora-2", "COMPLETED", start.plusSeconds(i * 60L)));
        }
        Document first = gallery("");
        assertThat(ids(first)).hasSize(24);
        String more = first.select("a.gallery-more").attr("href");
        assertThat(more).contains("after=");
        assertThat(first.select("a.gallery-more").attr("hx-trigger")).contains("revealed");

        List<Long> arrived = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            arrived.add(row("Arrived " + i, "sora-2", "COMPLETED", Instant.now()));
        }
        Response r = member.given().header("HX-Request", "true").get(more);
        Document second = Jsoup.parse(r.asString());
        assertThat(r.asString()).as("an HTMX page is only the cards").doesNotContain("<html");

        List<String> seen = new ArrayList<>(ids(first));
        seen.addAll(ids(second));
        List<String> expected = reversed(all).stream().map(id -> "v-" + id).toList();
        assertThat(seen).as("every older video once, in order, none of the new ones").isEqualTo(expected);
        assertThat(second.select("a.gallery-more")).as("the end").isEmpty();
        assertThat(ids(gallery("")).subList(0, 5)).containsExactlyElementsOf(reversed(arrived).stream().map(id -> "v-" + id).toList());

        Document plain = gallery(more.substring(more.indexOf('?')));
        assertThat(ids(plain)).as("without scripts the link is a full page").hasSize(6);
        assertThat(plain.select("h1").text()).isEqualTo("Gallery");
    }

    @Test
    void theVideoPageHasThePlayerDetailsAndActions() {
        long id = videos.make(team.id, memberId, "A paper plane over rooftops " + Fixtures.unique("p"));

        Document page = Jsoup.parse(member.given().get("/t/" + team.slug + "/videos/" + id).then().statusCode(200)
                .extract().asString());

        String base = "/t/" + team.slug + "/videos/" + id;
        assertThat(page.select("video#player").attr("src")).isEqualTo(base + "/video");
        assertThat(page.select("video#player").attr("poster")).isEqualTo(base + "/poster");
        assertThat(page.select("a[href=" + base + "/download]")).isNotEmpty();
        assertThat(page.select("a[href=/t/" + team.slug + "/studio?remix=" + id + "]").text()).isEqualTo("Remix");
        assertThat(page.select(".page-header a[href=/t/" + team.slug + "/studio?frame=" + id + "]").text())
                .isEqualTo("Continue from last frame");
        assertThat(page.select(".prompt-full").text()).startsWith("A paper plane over rooftops");
        assertThat(page.select("dl.facts").text()).contains("sora-2").contains("1280x720").contains("Charged").contains("$0.40")
                .contains("Generating").contains("Total");
        assertThat(page.select("#sharing").text()).contains("No links yet");
    }

    @Test
    void aJobThatIsNotAVideoSendsItsPageToTheJobPage() {
        long failed = row("Failed", "sora-2", "FAILED", Instant.now());
        member.given().get("/t/" + team.slug + "/videos/" + failed).then().statusCode(303)
                .header("Location", org.hamcrest.Matchers.endsWith("/t/" + team.slug + "/jobs/" + failed));
    }

    @Test
    void deletingAsksForConfirmationThenRemovesTheObjectsButNotTheLedger() {
        long id = videos.make(team.id, memberId, "Something to delete " + Fixtures.unique("d"));
        String prefix = "teams/" + team.id + "/";
        int objectsBefore = store.list(prefix).size();
        long ledgerBefore = ledgerRows();
        assertThat(objectsBefore).isGreaterThanOrEqualTo(3);

        String refused = member.form().post("/t/" + team.slug + "/videos/" + id + "/delete").then().statusCode(422)
                .extract().asString();
        assertThat(refused).contains("Nothing was deleted");
        assertThat(store.list(prefix)).as("no confirmation, nothing deleted").hasSize(objectsBefore);
        member.given().get("/t/" + team.slug + "/videos/" + id).then().statusCode(200);

        member.form().formParam("confirm", "delete").post("/t/" + team.slug + "/videos/" + id + "/delete")
                .then().statusCode(303).header("Location", org.hamcrest.Matchers.endsWith("/t/" + team.slug + "/gallery"));

        assertThat(store.list(prefix)).as("video, poster and spritesheet removed").hasSize(objectsBefore - 3);
        member.given().get("/t/" + team.slug + "/videos/" + id).then().statusCode(404);
        member.given().get("/t/" + team.slug + "/videos/" + id + "/video").then().statusCode(404);
        assertThat(ids(gallery(""))).doesNotContain("v-" + id);
        assertEquals(ledgerBefore, ledgerRows(), "the ledger keeps what was charged");
    }

    private static List<Long> reversed(List<Long> list) {
        List<Long> copy = new ArrayList<>(list);
        java.util.Collections.reverse(copy);
        return copy;
    }

    private long ledgerRows() {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from ledger_entry where team_id = ?1").setParameter(1, team.id).getSingleResult()).longValue());
    }
}
