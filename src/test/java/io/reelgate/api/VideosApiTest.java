package io.reelgate.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.imageio.ImageIO;
import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.budget.BudgetSettings;
import io.reelgate.budget.Ledger;
import io.reelgate.budget.Money;
import io.reelgate.ops.Operations;
import io.reelgate.team.MemberAdmin;
import io.reelgate.team.Team;
import io.reelgate.team.TeamDirectory;
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
 * The Videos API over HTTP, as an OpenAI SDK calls it: every route, every refusal, idempotency
 * under concurrency, and a budget that admits exactly what it can pay for.
 */
@QuarkusTest
class VideosApiTest {

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
    MemberAdmin members;
    @Inject
    Operations operations;
    @Inject
    TeamDirectory teams;
    @Inject
    DataSource dataSource;
    @Inject
    Videos videos;

    /** A team with a budget, a member and that member's key. */
    record Caller(Team team, long userId, String key) {
        RequestSpecification api() {
            return given().header("Authorization", "Bearer " + key);
        }
    }

    private Caller caller(String budget) {
        Team team = fixtures.team("api", Tier.PRO);
        settings.update(team.id, new BudgetSettings.Form(budget, "1", "HARD", "0", "", "50,75,90,100"));
        fixtures.teamsCustomLimits(team.id, 1000, 100_000);
        long member = fixtures.personIn(team, "dev", TeamRole.MEMBER);
        return new Caller(team, member, keys.create(team.id, member, "ci job", null).secret());
    }

    private static JsonPath awaitStatus(Caller c, String id, String status) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> c.api().get("/v1/videos/" + id).jsonPath().getString("status"),
                        s -> s.equals(status) || s.equals("failed") && !status.equals("failed"));
        JsonPath video = c.api().get("/v1/videos/" + id).then().statusCode(200).extract().jsonPath();
        assertEquals(status, video.getString("status"), "video " + id + ": " + video.getString("error.message"));
        return video;
    }

    private static void assertError(Response r, int status, String code, String param) {
        assertEquals(status, r.statusCode(), r.asString());
        assertThat(r.contentType()).startsWith("application/json");
        JsonPath error = r.jsonPath();
        assertEquals(code, error.getString("error.code"), r.asString());
        assertEquals(param, error.getString("error.param"), r.asString());
        assertThat(error.getString("error.message")).isNotBlank();
        assertThat(error.getString("error.type")).isNotBlank();
    }

    @Test
    void createPollDownloadListAndDeleteLikeTheOpenAiSdk() {
        Caller c = caller("100");
        JsonPath created = c.api().contentType(ContentType.JSON)
                .body(Map.of("model", "simulator/sora-2", "prompt", "A lighthouse at dawn", "seconds", 4, "size", "1280x720"))
                .post("/v1/videos").then().statusCode(200).extract().jsonPath();
        String id = created.getString("id");
        assertThat(id).startsWith("video_");
        assertEquals("video", created.getString("object"));
        assertEquals("sora-2", created.getString("model"));
        assertThat(created.getString("status")).isIn("queued", "in_progress");
        assertEquals("4", created.getString("seconds"), "seconds is a string, as in OpenAI's video object");
        assertEquals("1280x720", created.getString("size"));

        JsonPath done = awaitStatus(c, id, "completed");
        assertEquals(100, done.getInt("progress"));
        assertThat(done.getLong("completed_at")).isGreaterThanOrEqualTo(done.getLong("created_at"));
        assertNull(done.get("expires_at"), "Reelgate's copy never expires while the video exists");
        assertNull(done.get("error"));

        byte[] video = c.api().get("/v1/videos/" + id + "/content").then().statusCode(200).contentType("video/mp4")
                .extract().asByteArray();
        assertThat(video.length).isGreaterThan(1000);
        assertEquals("ftyp", new String(video, 4, 4), "an MP4 file");
        Response range = c.api().header("Range", "bytes=0-99").get("/v1/videos/" + id + "/content");
        assertEquals(206, range.statusCode());
        assertEquals(100, range.asByteArray().length);
        assertThat(range.header("Content-Range")).isEqualTo("bytes 0-99/" + video.length);
        assertThat(c.api().get("/v1/videos/" + id + "/content?variant=thumbnail").then().statusCode(200).extract()
                .contentType()).startsWith("image/");
        c.api().get("/v1/videos/" + id + "/content?variant=spritesheet").then().statusCode(200).contentType("image/jpeg");

        String second = c.api().contentType(ContentType.JSON).body(Map.of("prompt", "A harbour at noon", "seconds", "4"))
                .post("/v1/videos").then().statusCode(200).extract().path("id");
        JsonPath page = c.api().get("/v1/videos?limit=1").then().statusCode(200).extract().jsonPath();
        assertEquals("list", page.getString("object"));
        assertEquals(List.of(second), page.getList("data.id"), "newest first");
        assertEquals(true, page.getBoolean("has_more"));
        JsonPath next = c.api().get("/v1/videos?limit=1&after=" + page.getString("last_id")).then().statusCode(200)
                .extract().jsonPath();
        assertEquals(List.of(id), next.getList("data.id"));
        assertEquals(false, next.getBoolean("has_more"));
        assertEquals(List.of(id, second), c.api().get("/v1/videos?order=asc").jsonPath().getList("data.id"));

        awaitStatus(c, second, "completed");
        JsonPath deleted = c.api().delete("/v1/videos/" + id).then().statusCode(200).extract().jsonPath();
        assertEquals(true, deleted.getBoolean("deleted"));
        assertEquals("video.deleted", deleted.getString("object"));
        assertError(c.api().get("/v1/videos/" + id), 404, "video_not_found", null);
        assertError(c.api().get("/v1/videos/" + id + "/content"), 404, "video_not_found", null);
        assertEquals(List.of(second), c.api().get("/v1/videos").jsonPath().getList("data.id"));
    }

    @Test
    void multipartWithAnImageAndRemixOfACompletedVideo() throws IOException {
        Caller c = caller("100");
        String id = c.api().multiPart("model", "sora-2").multiPart("prompt", "The photo comes alive")
                .multiPart("seconds", "4").multiPart("size", "1280x720")
                .multiPart("input_reference", "frame.png", png(1280, 720), "image/png")
                .post("/v1/videos").then().statusCode(200).extract().path("id");
        awaitStatus(c, id, "completed");

        JsonPath remix = c.api().contentType(ContentType.JSON).body(Map.of("prompt", "Now at night"))
                .post("/v1/videos/" + id + "/remix").then().statusCode(200).extract().jsonPath();
        assertEquals(id, remix.getString("remixed_from_video_id"));
        assertEquals("Now at night", remix.getString("prompt"));
        awaitStatus(c, remix.getString("id"), "completed");

        assertError(c.api().multiPart("prompt", "x").multiPart("seconds", "4")
                .multiPart("input_reference", "frame.png", "not an image".getBytes(), "image/png").post("/v1/videos"),
                400, "invalid_image_format", "input_reference");
    }

    @Test
    void invalidParametersAre400WithTheParamAndChangeNothing() {
        Caller c = caller("100");
        Map<String, String> before = withoutKeyUse(DatabaseSnapshot.ofTeam(dataSource, c.team().id));
        assertError(c.api().contentType(ContentType.JSON).body(Map.of("model", "sora-2")).post("/v1/videos"), 400,
                "missing_required_parameter", "prompt");
        assertError(c.api().contentType(ContentType.JSON).body(Map.of("model", "dall-e-9", "prompt", "x")).post("/v1/videos"),
                400, "invalid_value", "model");
        assertError(c.api().contentType(ContentType.JSON).body(Map.of("prompt", "x", "seconds", "four")).post("/v1/videos"),
                400, "invalid_type", "seconds");
        assertError(c.api().contentType(ContentType.JSON).body(Map.of("prompt", "x", "seconds", 5)).post("/v1/videos"),
                400, "invalid_value", "seconds");
        assertError(c.api().contentType(ContentType.JSON).body(Map.of("prompt", "x", "size", "999x999")).post("/v1/videos"),
                400, "invalid_value", "size");
        assertError(c.api().contentType(ContentType.JSON).body(Map.of("prompt", "x", "input_reference",
                Map.of("image_url", "https://example.com/a.png"))).post("/v1/videos"), 400, "invalid_value", "input_reference");
        assertError(c.api().contentType(ContentType.JSON).body("{not json").post("/v1/videos"), 400, "invalid_request", null);
        assertError(c.api().contentType(ContentType.JSON).body("[1]").post("/v1/videos"), 400, "invalid_json", null);
        assertError(c.api().contentType(ContentType.TEXT).body("x").post("/v1/videos"), 415, "unsupported_media_type", null);
        assertError(c.api().get("/v1/videos?limit=0"), 400, "invalid_value", "limit");
        assertError(c.api().get("/v1/videos?order=sideways"), 400, "invalid_value", "order");
        assertError(c.api().get("/v1/videos?after=nonsense"), 400, "invalid_value", "after");
        assertError(c.api().get("/v1/nothing-here"), 404, "not_found", null);
        assertError(c.api().header("Idempotency-Key", "k".repeat(300)).contentType(ContentType.JSON)
                .body(Map.of("prompt", "x")).post("/v1/videos"), 400, "invalid_idempotency_key", null);
        assertEquals(before, withoutKeyUse(DatabaseSnapshot.ofTeam(dataSource, c.team().id)),
                "refused requests changed nothing");
    }

    @Test
    void statusOfVideosInProgressAndFailedAndContentOnlyWhenCompleted() {
        Caller c = caller("100");
        long running = videos.row(c.team().id, c.userId(), "still going", "sora-2", "SUBMITTED", clock.instant());
        long failed = videos.row(c.team().id, c.userId(), "refused", "sora-2", "FAILED", clock.instant());

        JsonPath inProgress = c.api().get("/v1/videos/video_" + running).then().statusCode(200).extract().jsonPath();
        assertEquals("in_progress", inProgress.getString("status"));
        assertNull(inProgress.get("completed_at"));
        assertError(c.api().get("/v1/videos/video_" + running + "/content"), 404, "video_not_ready", null);

        JsonPath gone = c.api().get("/v1/videos/video_" + failed).then().statusCode(200).extract().jsonPath();
        assertEquals("failed", gone.getString("status"));
        assertEquals("moderation_blocked", gone.getString("error.code"));
        assertThat(gone.getString("error.message")).isNotBlank();
        assertError(c.api().get("/v1/videos/video_" + failed + "/content"), 404, "video_not_ready", null);
        assertError(c.api().get("/v1/videos/video_" + failed + "/content?variant=gif"), 400, "invalid_value", "variant");
    }

    @Test
    void badMissingRevokedDisabledAndRemovedMembersKeysAre401() {
        Caller c = caller("100");
        String id = c.api().contentType(ContentType.JSON).body(Map.of("prompt", "x", "seconds", "4")).post("/v1/videos")
                .then().statusCode(200).extract().path("id");

        assertError(given().get("/v1/videos/" + id), 401, "invalid_api_key", null);
        assertError(given().header("Authorization", "Bearer rg_" + "A".repeat(43)).get("/v1/videos/" + id), 401,
                "invalid_api_key", null);
        assertError(given().header("Authorization", "Basic abc").get("/v1/videos"), 401, "invalid_api_key", null);
        Response wrong = given().header("Authorization", "Bearer " + c.key() + "x").get("/v1/videos");
        assertError(wrong, 401, "invalid_api_key", null);
        assertThat(wrong.asString()).as("the error never echoes a whole key").doesNotContain(c.key());

        // an operator switches the team's keys off, then on again
        long operator = fixtures.person("op");
        keys.setTeamKeysDisabled(c.team().id, true, operator);
        assertError(c.api().get("/v1/videos/" + id), 401, "invalid_api_key", null);
        keys.setTeamKeysDisabled(c.team().id, false, operator);
        c.api().get("/v1/videos/" + id).then().statusCode(200);

        // revoked: 401 at once, for every route
        ApiKeys.Issued second = keys.create(c.team().id, c.userId(), "second", 30);
        keys.revoke(c.team().id, second.id(), c.userId(), false);
        for (String path : List.of("/v1/videos", "/v1/videos/" + id, "/v1/videos/" + id + "/content")) {
            assertError(given().header("Authorization", "Bearer " + second.secret()).get(path), 401, "invalid_api_key", null);
        }
        assertError(given().header("Authorization", "Bearer " + second.secret()).contentType(ContentType.JSON)
                .body(Map.of("prompt", "x")).post("/v1/videos"), 401, "invalid_api_key", null);

        // the member leaves the team: their keys stop working at once
        long admin = fixtures.personIn(c.team(), "boss", TeamRole.ADMIN);
        members.remove(c.team().id, c.userId(), admin);
        assertError(c.api().get("/v1/videos/" + id), 401, "invalid_api_key", null);
        assertError(c.api().contentType(ContentType.JSON).body(Map.of("prompt", "x")).post("/v1/videos"), 401,
                "invalid_api_key", null);
        // and coming back to the team does not bring the old keys back
        teams.putMember(c.team().id, c.userId(), TeamRole.MEMBER);
        assertError(c.api().get("/v1/videos/" + id), 401, "invalid_api_key", null);
    }

    @Test
    void anotherTeamsKeyGets404OnEveryRouteAndChangesNothing() {
        Caller victim = caller("100");
        String id = victim.api().contentType(ContentType.JSON).body(Map.of("prompt", "private", "seconds", "4"))
                .post("/v1/videos").then().statusCode(200).extract().path("id");
        awaitStatus(victim, id, "completed");
        Caller other = caller("100");
        Map<String, String> before = DatabaseSnapshot.ofTeam(dataSource, victim.team().id);

        assertError(other.api().get("/v1/videos/" + id), 404, "video_not_found", null);
        for (String variant : List.of("video", "thumbnail", "spritesheet")) {
            assertError(other.api().get("/v1/videos/" + id + "/content?variant=" + variant), 404, "video_not_found", null);
        }
        assertError(other.api().delete("/v1/videos/" + id), 404, "video_not_found", null);
        assertError(other.api().contentType(ContentType.JSON).body(Map.of("prompt", "steal"))
                .post("/v1/videos/" + id + "/remix"), 404, "video_not_found", null);
        assertThat(other.api().get("/v1/videos").jsonPath().getList("data.id")).doesNotContain(id);
        // a foreign id as a cursor reveals nothing either: it is only a position
        assertThat(other.api().get("/v1/videos?after=" + id).jsonPath().getList("data.id")).doesNotContain(id);
        // an id that never existed looks the same as a foreign one
        assertEquals(other.api().get("/v1/videos/" + id).jsonPath().getString("error.message").replace(id, "ID"),
                other.api().get("/v1/videos/video_999999999").jsonPath().getString("error.message")
                        .replace("video_999999999", "ID"));
        assertEquals(before, DatabaseSnapshot.ofTeam(dataSource, victim.team().id));
        victim.api().get("/v1/videos/" + id).then().statusCode(200);
    }

    @Test
    void exhaustedBudgetIs429InsufficientQuotaAndArchivedTeamIs403() {
        Caller c = caller("0.50");
        c.api().contentType(ContentType.JSON).body(Map.of("prompt", "first", "seconds", "4")).post("/v1/videos").then()
                .statusCode(200);
        Response refused = c.api().contentType(ContentType.JSON).body(Map.of("prompt", "second", "seconds", "4"))
                .post("/v1/videos");
        assertError(refused, 429, "insufficient_quota", null);
        assertEquals("insufficient_quota", refused.jsonPath().getString("error.type"));
        assertThat(refused.jsonPath().getString("error.message")).containsIgnoringCase("budget");

        operations.setArchived(c.team().id, true, fixtures.person("op"));
        assertError(c.api().contentType(ContentType.JSON).body(Map.of("prompt", "third", "seconds", "4")).post("/v1/videos"),
                403, "team_archived", null);
        assertThat(c.api().get("/v1/videos").jsonPath().getList("data")).as("an archived team's videos stay readable")
                .hasSize(1);
    }

    @Test
    void tierLimitsAre429WithRetryAfterAndStatusReadsNeverCount() {
        Caller c = caller("100");
        fixtures.teamsCustomLimits(c.team().id, 2, 100);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ids.add(c.api().contentType(ContentType.JSON).body(Map.of("prompt", "limited " + i, "seconds", "4"))
                    .post("/v1/videos").then().statusCode(200).extract().path("id"));
        }
        for (int i = 0; i < 30; i++) {
            c.api().get("/v1/videos/" + ids.get(i % 2)).then().statusCode(200);
            c.api().get("/v1/videos").then().statusCode(200);
        }
        Response limited = c.api().contentType(ContentType.JSON).body(Map.of("prompt", "one too many", "seconds", "4"))
                .post("/v1/videos");
        assertError(limited, 429, "rate_limit_exceeded", null);
        assertEquals("requests", limited.jsonPath().getString("error.type"));
        assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(1, 60);
        assertEquals("2", limited.header("x-ratelimit-limit-requests"));
        assertEquals("0", limited.header("x-ratelimit-remaining-requests"));
        assertThat(limited.header("x-ratelimit-reset-requests")).matches("\\d+s");
    }

    @Test
    void oneIdempotencyKeyFromFiftyConcurrentRetriesMakesOneVideoAndOneReservation() throws Exception {
        Caller c = caller("100");
        Map<String, Object> body = Map.of("model", "simulator/sora-2", "prompt", "Exactly once", "seconds", "4");
        List<Callable<Response>> calls = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            calls.add(() -> c.api().header("Idempotency-Key", "retry-1").contentType(ContentType.JSON).body(body)
                    .post("/v1/videos"));
        }
        Set<String> ids = new HashSet<>();
        for (Response r : all(calls)) {
            assertEquals(200, r.statusCode(), r.asString());
            ids.add(r.jsonPath().getString("id"));
        }
        assertThat(ids).as("every retry answered with the same video").hasSize(1);
        assertThat(c.api().get("/v1/videos").jsonPath().getList("data")).hasSize(1);
        assertEquals(1, reservations(c.team().id), "one reservation");

        // same key, different request: 409, nothing made
        Response conflict = c.api().header("Idempotency-Key", "retry-1").contentType(ContentType.JSON)
                .body(Map.of("prompt", "Something else", "seconds", "4")).post("/v1/videos");
        assertError(conflict, 409, "idempotency_key_reused", null);
        // a new key is a new video; the same key on another key's calls is unrelated
        c.api().header("Idempotency-Key", "retry-2").contentType(ContentType.JSON).body(body).post("/v1/videos").then()
                .statusCode(200);
        String other = keys.create(c.team().id, c.userId(), "other", null).secret();
        String third = given().header("Authorization", "Bearer " + other).header("Idempotency-Key", "retry-1")
                .contentType(ContentType.JSON).body(body).post("/v1/videos").then().statusCode(200).extract().path("id");
        assertThat(ids).doesNotContain(third);
        assertEquals(3, reservations(c.team().id));

        // a refused request does not use up its key: after the budget allows it, the retry is admitted
        Caller poor = caller("0.10");
        assertError(poor.api().header("Idempotency-Key", "k").contentType(ContentType.JSON).body(body).post("/v1/videos"),
                429, "insufficient_quota", null);
        settings.update(poor.team().id, new BudgetSettings.Form("10", "1", "HARD", "0", "", "50,75,90,100"));
        poor.api().header("Idempotency-Key", "k").contentType(ContentType.JSON).body(body).post("/v1/videos").then()
                .statusCode(200);
    }

    @Test
    void twoHundredConcurrentCreatesAgainstABudgetForTenAdmitExactlyTen() throws Exception {
        Caller c = caller("4.00");
        List<Callable<Response>> calls = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int n = i;
            calls.add(() -> c.api().contentType(ContentType.JSON)
                    .body(Map.of("model", "simulator/sora-2", "prompt", "rush " + n, "seconds", "4", "size", "1280x720"))
                    .post("/v1/videos"));
        }
        int admitted = 0;
        int quota = 0;
        for (Response r : all(calls)) {
            if (r.statusCode() == 200) {
                admitted++;
            } else {
                assertError(r, 429, "insufficient_quota", null);
                quota++;
            }
        }
        assertEquals(10, admitted, "$4.00 pays for ten 4-second videos at $0.10/s");
        assertEquals(190, quota);
        List<String> ids = c.api().get("/v1/videos?limit=100").jsonPath().getList("data.id");
        assertThat(ids).hasSize(10);
        for (String id : ids) {
            awaitStatus(c, id, "completed");
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> ledger.balance(c.team().id, clock.instant()).reserved().isZero());
        assertEquals(Money.parse("4.00"), ledger.balance(c.team().id, clock.instant()).spent());
        assertThat(ledger.reconcile().balanced()).as("every total equals its entries").isTrue();
    }

    @Test
    void theOpenApiDocumentDescribesV1() {
        JsonPath doc = given().accept("application/json").get("/q/openapi?format=json").then().statusCode(200).extract()
                .jsonPath();
        assertEquals("Reelgate Videos API", doc.getString("info.title"));
        Map<String, Object> paths = doc.getMap("paths");
        assertThat(paths).containsKeys("/v1/videos", "/v1/videos/{id}", "/v1/videos/{id}/content", "/v1/videos/{id}/remix");
        assertThat(paths.keySet()).as("only /v1 is described").allMatch(p -> p.startsWith("/v1/"));
        assertEquals("bearer", doc.getString("components.securitySchemes.teamKey.scheme"));
    }

    /** The key's row records its last use (time and IP); everything else must stay as it was. */
    private static Map<String, String> withoutKeyUse(Map<String, String> snapshot) {
        Map<String, String> copy = new java.util.TreeMap<>(snapshot);
        copy.remove("api_key");
        return copy;
    }

    private int reservations(long teamId) throws Exception {
        try (var conn = dataSource.getConnection();
                var ps = conn.prepareStatement("select count(*) from reservation where team_id = ?")) {
            ps.setLong(1, teamId);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static List<Response> all(List<Callable<Response>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            List<Response> out = new ArrayList<>();
            for (Future<Response> f : pool.invokeAll(calls)) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private static byte[] png(int w, int h) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB), "png", out);
        return out.toByteArray();
    }
}
