package io.reelgate.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.budget.BudgetSettings;
import io.reelgate.budget.Ledger;
import io.reelgate.budget.Money;
import io.reelgate.generation.JobQueries;
import io.reelgate.generation.JobView;
import io.reelgate.team.Team;
import io.reelgate.team.TeamRole;
import io.reelgate.team.Tier;
import io.reelgate.testing.DatabaseSnapshot;
import io.reelgate.testing.Fixtures;
import io.reelgate.testing.TestClock;
import io.reelgate.testing.Videos;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Extending a video through {@code /v1/videos} with Reelgate's {@code reelgate_extends} (issue 30):
 * a chain of extensions is linked videos each charged for its own seconds; an extension of another
 * team's video, of one its provider cannot extend or no longer holds, is a 400 naming the field and
 * changes nothing.
 */
@QuarkusTest
class VideoExtensionsApiTest {

    static final String VEO = "veo/veo-3.1-fast-generate-preview";
    static final long PER_SECOND = 100_000; // $0.10/s at 720p in the test catalog

    @Inject
    TestClock clock;
    @Inject
    Fixtures fixtures;
    @Inject
    ApiKeys keys;
    @Inject
    BudgetSettings settings;
    @Inject
    Ledger ledger;
    @Inject
    JobQueries jobs;
    @Inject
    DataSource dataSource;
    @Inject
    Videos videos;

    record Caller(Team team, long userId, String key) {
        RequestSpecification api() {
            return given().header("Authorization", "Bearer " + key);
        }

        Response json(Map<String, Object> body) {
            return api().contentType(ContentType.JSON).body(body).post("/v1/videos");
        }

        /** Everything the team owns except the key's last-use stamp, which every authenticated call may write. */
        Map<String, String> snapshot(DataSource dataSource) {
            Map<String, String> snapshot = new TreeMap<>(DatabaseSnapshot.ofTeam(dataSource, team.id));
            snapshot.remove("api_key");
            return snapshot;
        }
    }

    @AfterEach
    void realTime() {
        clock.reset();
    }

    private Caller caller() {
        Team team = fixtures.team("extend", Tier.PRO);
        settings.update(team.id, new BudgetSettings.Form("100", "1", "HARD", "0", "", "50,75,90,100"));
        fixtures.teamsCustomLimits(team.id, 1000, 100_000);
        long member = fixtures.personIn(team, "dev", TeamRole.MEMBER);
        return new Caller(team, member, keys.create(team.id, member, "extender", null).secret());
    }

    private static JsonPath completed(Caller c, Response created) {
        String id = created.then().statusCode(200).extract().jsonPath().getString("id");
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> c.api().get("/v1/videos/" + id).jsonPath().getString("status"),
                        s -> s.equals("completed") || s.equals("failed"));
        JsonPath video = c.api().get("/v1/videos/" + id).then().statusCode(200).extract().jsonPath();
        assertEquals("completed", video.getString("status"), id + ": " + video.getString("error.message"));
        return video;
    }

    private static void assertError(Response r, String param, String says) {
        assertEquals(400, r.statusCode(), r.asString());
        JsonPath error = r.jsonPath();
        assertEquals("invalid_request_error", error.getString("error.type"), r.asString());
        assertEquals(param, error.getString("error.param"), r.asString());
        assertThat(error.getString("error.message")).as(r.asString()).containsIgnoringCase(says);
    }

    private JobView job(Caller c, String videoId) {
        return jobs.ofTeam(c.team().id, Long.parseLong(videoId.substring("video_".length()))).orElseThrow();
    }

    @Test
    void aVideoExtendedTwiceIsThreeLinkedVideosEachChargedForItsOwnSeconds() {
        Caller c = caller();
        JsonPath source = completed(c, c.json(Map.of("model", VEO, "prompt", Fixtures.unique("A kite rises"),
                "size", "1280x720", "seconds", "8")));
        assertThat(source.getMap("$")).as("a video that extends nothing reads as OpenAI's").doesNotContainKey(
                "reelgate_extends");

        Response first = c.json(Map.of("prompt", Fixtures.unique("It flies over the sea"), "reelgate_extends",
                source.getString("id")));
        assertEquals(source.getString("id"), first.then().statusCode(200).extract().jsonPath().getString("reelgate_extends"));
        JsonPath extended = completed(c, first);
        assertEquals("veo-3.1-fast-generate-preview", extended.getString("model"), "the source's model");
        assertEquals("1280x720", extended.getString("size"), "the source's size");
        assertEquals("7", extended.getString("seconds"), "left out: what Veo adds, 7 s");

        JsonPath second = completed(c, c.api().multiPart("prompt", Fixtures.unique("And lands on a boat"))
                .multiPart("model", VEO).multiPart("seconds", "7").multiPart("reelgate_extends", extended.getString("id"))
                .post("/v1/videos"));
        assertEquals(extended.getString("id"), second.getString("reelgate_extends"), "multipart takes it too");

        assertEquals(8 * PER_SECOND, job(c, source.getString("id")).chargedMicros());
        assertEquals(7 * PER_SECOND, job(c, extended.getString("id")).chargedMicros(), "an extension pays for what it adds");
        assertEquals(7 * PER_SECOND, job(c, second.getString("id")).chargedMicros());
        assertEquals(Money.ofMicros(22 * PER_SECOND), ledger.balance(c.team().id, clock.instant()).spent());
        assertEquals(source.getString("id"), c.api().get("/v1/videos/" + extended.getString("id")).jsonPath()
                .getString("reelgate_extends"), "retrieve shows the link");
    }

    @Test
    void whatCannotBeExtendedIsA400NamingTheFieldAndNothingIsReserved() {
        Caller c = caller();
        Caller stranger = caller();
        long theirs = videos.row(stranger.team().id, stranger.userId(), "Their harbour", "sora-2", "COMPLETED",
                clock.instant());
        long sora = videos.make(c.team().id, c.userId(), Fixtures.unique("A fox"));
        JsonPath veo = completed(c, c.json(Map.of("model", VEO, "prompt", Fixtures.unique("A kite"), "size", "1280x720",
                "seconds", "8")));
        Map<String, String> before = c.snapshot(dataSource);

        assertError(c.json(Map.of("prompt", "More harbour", "reelgate_extends", "video_" + theirs)), "reelgate_extends",
                "no video");
        assertError(c.json(Map.of("prompt", "More harbour", "reelgate_extends", "video_0" + sora)), "reelgate_extends",
                "no video");
        assertError(c.json(Map.of("prompt", "More fox", "reelgate_extends", "video_" + sora)), "reelgate_extends",
                "storyboard");
        assertError(c.json(Map.of("prompt", "Longer", "reelgate_extends", veo.getString("id"), "model",
                "simulator/sora-2")), "model", "veo/veo-3.1-fast-generate-preview");
        assertError(c.json(Map.of("prompt", "Taller", "reelgate_extends", veo.getString("id"), "size", "720x1280")),
                "size", "1280x720");
        assertError(c.json(Map.of("prompt", "Short", "reelgate_extends", veo.getString("id"), "seconds", 4)),
                "seconds", "exactly 7 seconds");
        assertEquals(400, c.json(Map.of("prompt", "x", "reelgate_extend", veo.getString("id"))).statusCode(),
                "a misspelt field is still refused");

        assertThat(c.snapshot(dataSource)).as("nothing reserved, stored or counted").isEqualTo(before);
    }

    @Test
    void aVideoItsProviderNoLongerHoldsCannotBeExtended() {
        Caller c = caller();
        JsonPath veo = completed(c, c.json(Map.of("model", VEO, "prompt", Fixtures.unique("A kite"), "size", "1280x720",
                "seconds", "8")));
        Instant expires = job(c, veo.getString("id")).contentExpiresAt();
        assertThat(expires).as("Veo keeps its videos for a while").isNotNull();
        clock.set(expires.plus(Duration.ofMinutes(1)));
        Map<String, String> before = c.snapshot(dataSource);

        assertError(c.json(Map.of("prompt", "Later", "reelgate_extends", veo.getString("id"))), "reelgate_extends",
                "no longer holds this video");

        assertThat(c.snapshot(dataSource)).as("nothing reserved or counted").isEqualTo(before);
        assertEquals(Money.ZERO, ledger.balance(c.team().id, clock.instant()).reserved());
    }
}
