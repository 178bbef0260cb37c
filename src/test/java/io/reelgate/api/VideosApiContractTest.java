package io.reelgate.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.imageio.ImageIO;
import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.budget.BudgetSettings;
import io.reelgate.team.Team;
import io.reelgate.team.TeamRole;
import io.reelgate.team.Tier;
import io.reelgate.testing.DatabaseSnapshot;
import io.reelgate.testing.Fixtures;
import io.reelgate.testing.Videos;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * The strict contract of {@code /v1/videos} (docs/api.md): unknown fields and parts, trailing
 * JSON, broken multipart bodies, inexact {@code model}/{@code size}/{@code seconds} and unknown
 * query parameters are refused in OpenAI's error shape and change nothing; what is accepted is
 * answered byte for byte as before, and {@code /q/openapi} describes all of it.
 */
@QuarkusTest
class VideosApiContractTest {

    @Inject
    io.reelgate.testing.TestClock clock;
    @Inject
    Fixtures fixtures;
    @Inject
    ApiKeys keys;
    @Inject
    BudgetSettings settings;
    @Inject
    DataSource dataSource;
    @Inject
    Videos videos;

    record Caller(Team team, long userId, String key) {
        RequestSpecification api() {
            return given().header("Authorization", "Bearer " + key);
        }

        Response json(String body) {
            return api().contentType(ContentType.JSON).body(body).post("/v1/videos");
        }

        /** Everything the team owns except the key's last-use stamp, which every authenticated call may write. */
        Map<String, String> snapshot(DataSource dataSource) {
            Map<String, String> snapshot = new TreeMap<>(DatabaseSnapshot.ofTeam(dataSource, team.id));
            snapshot.remove("api_key");
            return snapshot;
        }
    }

    private Caller caller() {
        Team team = fixtures.team("contract", Tier.PRO);
        settings.update(team.id, new BudgetSettings.Form("100", "1", "HARD", "0", "", "50,75,90,100"));
        fixtures.teamsCustomLimits(team.id, 1000, 100_000);
        long member = fixtures.personIn(team, "dev", TeamRole.MEMBER);
        return new Caller(team, member, keys.create(team.id, member, "contract", null).secret());
    }

    static void assertError(Response r, int status, String code, String param) {
        assertEquals(status, r.statusCode(), r.asString());
        assertThat(r.contentType()).as(r.asString()).startsWith("application/json");
        JsonPath error = r.jsonPath();
        assertEquals(code, error.getString("error.code"), r.asString());
        assertEquals(param, error.getString("error.param"), r.asString());
        assertThat(error.getMap("error")).as("OpenAI's four fields: " + r.asString())
                .containsOnlyKeys("message", "type", "param", "code");
        assertThat(error.getString("error.message")).isNotBlank();
        assertEquals("invalid_request_error", error.getString("error.type"), r.asString());
    }

    @Test
    void unknownFieldsAndPartsAre400UnknownParameterAndNothingIsCharged() throws IOException {
        Caller c = caller();
        Map<String, String> before = c.snapshot(dataSource);
        Response misspelt = c.json("{\"model\": \"sora-2\", \"prompt\": \"a cat\", \"image_url\": \"data:image/png;base64,"
                + java.util.Base64.getEncoder().encodeToString(png()) + "\"}");
        assertError(misspelt, 400, "unknown_parameter", "image_url");
        assertThat(misspelt.jsonPath().getString("error.message")).as("points to the right field").contains("input_reference");
        assertError(c.json("{\"prompt\": \"a cat\", \"input_reference\": {\"url\": \"data:x\"}}"), 400, "unknown_parameter",
                "input_reference.url");
        assertError(c.json("{\"prompt\": \"a cat\", \"n\": 2}"), 400, "unknown_parameter", "n");
        assertError(c.api().multiPart("prompt", "a cat").multiPart("image_url", "data:image/png;base64,AAAA")
                .post("/v1/videos"), 400, "unknown_parameter", "image_url");
        assertError(c.api().multiPart("prompt", "a cat").multiPart("reference", "a.png", png(), "image/png")
                .post("/v1/videos"), 400, "unknown_parameter", "reference");
        assertError(c.api().multiPart("prompt", "a cat").multiPart("input_reference", "data:image/png;base64,AAAA")
                .post("/v1/videos"), 400, "invalid_type", "input_reference");
        assertError(c.api().multiPart("prompt", "a cat").multiPart("input_reference", "empty.png", new byte[0], "image/png")
                .post("/v1/videos"), 400, "invalid_image_format", "input_reference");
        assertError(c.api().multiPart("prompt", "a cat").multiPart("seconds", "4").multiPart("seconds", "8")
                .post("/v1/videos"), 400, "invalid_request", "seconds");
        assertError(c.api().multiPart("prompt", "a cat").multiPart("model", "m.txt", "sora-2".getBytes(), "text/plain")
                .post("/v1/videos"), 400, "invalid_type", "model");
        assertThat(c.snapshot(dataSource)).as("nothing reserved, stored or counted").isEqualTo(before);
        long done = videos.row(c.team().id, c.userId(), "a harbour", "sora-2", "COMPLETED", clock.instant());
        Map<String, String> withRow = c.snapshot(dataSource);
        assertError(c.api().contentType(ContentType.JSON).body("{\"prompt\": \"at night\", \"model\": \"sora-2\"}")
                .post("/v1/videos/video_" + done + "/remix"), 400, "unknown_parameter", "model");
        assertThat(c.snapshot(dataSource)).as("the remix changed nothing").isEqualTo(withRow);
    }

    @Test
    void trailingContentOrASecondJsonValueIsInvalidJson() {
        Caller c = caller();
        Map<String, String> before = c.snapshot(dataSource);
        assertError(c.json("{\"prompt\": \"a cat\"} junk"), 400, "invalid_json", null);
        assertError(c.json("{\"prompt\": \"a cat\"}{\"prompt\": \"a dog\"}"), 400, "invalid_json", null);
        assertError(c.json("{\"prompt\": \"a cat\"} 1"), 400, "invalid_json", null);
        assertError(c.json("{\"prompt\": \"a cat\"}]"), 400, "invalid_json", null);
        assertError(c.json("{\"prompt\": \"a cat\"} // comment"), 400, "invalid_json", null);
        assertThat(c.snapshot(dataSource)).as("nothing reserved, stored or counted").isEqualTo(before);
        assertEquals(200, c.json("{\"prompt\": \"a cat\"}\r\n\t ").statusCode(), "whitespace after the object is fine");
    }

    @Test
    void truncatedMalformedAndOversizeMultipartAre4xxInOpenAiShapeNeverA500() {
        Caller c = caller();
        Map<String, String> before = c.snapshot(dataSource);
        String part = "--b\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\na cat";
        Map<String, String> bodies = Map.of(
                "no closing boundary", part + "\r\n--b",
                "cut inside a value", part,
                "cut inside the part headers", "--b\r\nContent-Disposition: form-dat",
                "no boundary at all", "a cat",
                "a part header without a colon", "--b\r\nno colon here\r\n\r\nx\r\n--b--\r\n");
        for (var body : bodies.entrySet()) {
            byte[] bytes = body.getValue().getBytes(StandardCharsets.ISO_8859_1);
            assertError(RawHttp.post("/v1/videos", c.key(), "multipart/form-data; boundary=b", bytes), 400,
                    "invalid_multipart", null);
            assertError(RawHttp.postChunked("/v1/videos", c.key(), "multipart/form-data; boundary=b", bytes), 400,
                    "invalid_multipart", null);
        }
        assertError(RawHttp.post("/v1/videos", c.key(), "multipart/form-data; boundary=", (part + "\r\n--b--\r\n")
                .getBytes(StandardCharsets.ISO_8859_1)), 400, "invalid_multipart", null);
        assertError(RawHttp.post("/v1/videos", c.key(), "multipart/form-data; boundary=b", ("--b\r\nContent-Disposition: "
                + "form-data\r\n\r\nx\r\n--b--\r\n").getBytes(StandardCharsets.ISO_8859_1)), 400, "invalid_multipart", null);
        Response tooLarge = c.api().multiPart("prompt", "a".repeat(70 * 1024)).post("/v1/videos");
        assertEquals(413, tooLarge.statusCode(), tooLarge.asString());
        assertEquals("request_too_large", tooLarge.jsonPath().getString("error.code"), tooLarge.asString());
        assertThat(c.snapshot(dataSource)).as("nothing reserved, stored or counted").isEqualTo(before);
    }

    @Test
    void modelSizeAndSecondsAreTakenExactlyNeverTrimmed() {
        Caller c = caller();
        Map<String, String> before = c.snapshot(dataSource);
        for (String field : List.of("model", "size", "seconds")) {
            String good = switch (field) {
                case "model" -> "sora-2";
                case "size" -> "1280x720";
                default -> "4";
            };
            for (String bad : List.of(good + " ", " " + good, good + "\\u0007", good + "\\n", "\\u00a0" + good,
                    good + "\\u200b", "")) {
                assertError(c.json("{\"prompt\": \"a cat\", \"" + field + "\": \"" + bad + "\"}"), 400, "invalid_value",
                        field);
            }
            assertError(c.api().multiPart("prompt", "a cat").multiPart(field, good + " ").post("/v1/videos"), 400,
                    "invalid_value", field);
            assertError(c.api().multiPart("prompt", "a cat").multiPart(field, "\t" + good).post("/v1/videos"), 400,
                    "invalid_value", field);
        }
        assertThat(c.snapshot(dataSource)).as("nothing reserved, stored or counted").isEqualTo(before);
    }

    @Test
    void secondsIsDigitsWithoutLeadingZerosOrAJsonInteger() {
        Caller c = caller();
        Map<String, String> before = c.snapshot(dataSource);
        assertError(c.json("{\"prompt\": \"a cat\", \"seconds\": \"08\"}"), 400, "invalid_value", "seconds");
        assertError(c.api().multiPart("prompt", "a cat").multiPart("seconds", "08").post("/v1/videos"), 400,
                "invalid_value", "seconds");
        assertError(c.json("{\"prompt\": \"a cat\", \"seconds\": 8.0}"), 400, "invalid_type", "seconds");
        assertError(c.json("{\"prompt\": \"a cat\", \"seconds\": 8e0}"), 400, "invalid_type", "seconds");
        assertError(c.json("{\"prompt\": \"a cat\", \"seconds\": \"8.0\"}"), 400, "invalid_type", "seconds");
        assertError(c.json("{\"prompt\": \"a cat\", \"seconds\": \"+8\"}"), 400, "invalid_type", "seconds");
        assertError(c.json("{\"prompt\": \"a cat\", \"seconds\": -8}"), 400, "invalid_value", "seconds");
        assertError(c.json("{\"prompt\": \"a cat\", \"seconds\": 0}"), 400, "invalid_value", "seconds");
        assertError(c.json("{\"prompt\": \"a cat\", \"seconds\": 99999999999}"), 400, "invalid_value", "seconds");
        assertError(c.json("{\"prompt\": \"a cat\", \"seconds\": true}"), 400, "invalid_type", "seconds");
        assertThat(c.snapshot(dataSource)).as("nothing reserved, stored or counted").isEqualTo(before);
        assertEquals("8", c.json("{\"prompt\": \"a cat\", \"seconds\": \"8\"}").then().statusCode(200).extract()
                .path("seconds"));
        assertEquals("8", c.json("{\"prompt\": \"a cat\", \"seconds\": 8}").then().statusCode(200).extract()
                .path("seconds"));
        assertEquals("8", c.api().multiPart("prompt", "a cat").multiPart("seconds", "8").post("/v1/videos").then()
                .statusCode(200).extract().path("seconds"));
    }

    @Test
    void queryParametersIdsAndHeadersAreReadExactly() {
        Caller c = caller();
        long done = videos.row(c.team().id, c.userId(), "a harbour", "sora-2", "COMPLETED", clock.instant());
        Map<String, String> before = c.snapshot(dataSource);
        assertError(c.api().get("/v1/videos?limt=5"), 400, "unknown_parameter", "limt");
        assertError(c.api().get("/v1/videos/video_" + done + "?expand=all"), 400, "unknown_parameter", "expand");
        assertError(c.api().get("/v1/videos?limit=5&limit=50"), 400, "invalid_request", "limit");
        assertError(c.api().get("/v1/videos?limit=abc"), 400, "invalid_value", "limit");
        assertError(c.api().get("/v1/videos?limit=05"), 400, "invalid_value", "limit");
        assertError(c.api().get("/v1/videos?order=ASC"), 400, "invalid_value", "order");
        assertError(c.api().get("/v1/videos/video_" + done + "/content?variant=VIDEO"), 400, "invalid_value", "variant");
        assertError(c.api().get("/v1/videos/video_0" + done), 404, "video_not_found", null);
        assertError(c.api().urlEncodingEnabled(false).get("/v1/videos/video_" + done + "%20"), 404, "video_not_found", null);
        assertError(c.api().get("/v1/videos?limit="), 400, "invalid_value", "limit");
        assertError(c.api().header("Idempotency-Key", "a\tb").contentType(ContentType.JSON).body("{\"prompt\": \"a cat\"}")
                .post("/v1/videos"), 400, "invalid_idempotency_key", null);
        Response twoKeys = given().header("Authorization", "Bearer " + c.key()).header("Authorization", "Bearer rg_other")
                .get("/v1/videos");
        assertEquals(401, twoKeys.statusCode(), "two Authorization headers: which one would count?");
        assertThat(c.snapshot(dataSource)).as("nothing reserved, stored or counted").isEqualTo(before);
        assertEquals(200, c.api().get("/v1/videos?limit=100&order=asc").statusCode());
    }

    @Test
    void theWireFormatIsByteForByteWhatTheSdksAlreadyRead() {
        Caller c = caller();
        long done = videos.row(c.team().id, c.userId(), "A \"quoted\" harbour", "sora-2", "COMPLETED",
                Instant.ofEpochSecond(1_796_000_000L));
        long failed = videos.row(c.team().id, c.userId(), "refused", "sora-2", "FAILED", Instant.ofEpochSecond(1_796_000_100L));
        String completed = "{\"id\":\"video_" + done + "\",\"object\":\"video\",\"model\":\"sora-2\",\"status\":\"completed\","
                + "\"progress\":100,\"created_at\":1796000000,\"completed_at\":1796000000,\"expires_at\":null,"
                + "\"size\":\"1280x720\",\"seconds\":\"4\",\"quality\":\"standard\",\"prompt\":\"A \\\"quoted\\\" harbour\","
                + "\"remixed_from_video_id\":null,\"error\":null}";
        assertEquals(completed, c.api().get("/v1/videos/video_" + done).then().statusCode(200).extract().asString());
        String refused = "{\"id\":\"video_" + failed + "\",\"object\":\"video\",\"model\":\"sora-2\",\"status\":\"failed\","
                + "\"progress\":0,\"created_at\":1796000100,\"completed_at\":null,\"expires_at\":null,\"size\":\"1280x720\","
                + "\"seconds\":\"4\",\"quality\":\"standard\",\"prompt\":\"refused\",\"remixed_from_video_id\":null,"
                + "\"error\":{\"code\":\"moderation_blocked\",\"message\":\"The video could not be made.\"}}";
        assertEquals(refused, c.api().get("/v1/videos/video_" + failed).then().statusCode(200).extract().asString());
        assertEquals("{\"object\":\"list\",\"data\":[" + refused + "," + completed + "],\"first_id\":\"video_" + failed
                + "\",\"last_id\":\"video_" + done + "\",\"has_more\":false}",
                c.api().get("/v1/videos").then().statusCode(200).extract().asString());
        assertEquals("{\"id\":\"video_" + failed + "\",\"object\":\"video.deleted\",\"deleted\":true}",
                c.api().delete("/v1/videos/video_" + failed).then().statusCode(200).extract().asString());
        assertEquals("{\"error\":{\"message\":\"Video with id 'video_" + failed + "' not found.\",\"type\":"
                + "\"invalid_request_error\",\"param\":null,\"code\":\"video_not_found\"}}",
                c.api().get("/v1/videos/video_" + failed).then().statusCode(404).extract().asString());
    }

    @Test
    void theOpenApiDocumentDescribesRequestsResponsesAndErrors() {
        JsonPath doc = given().accept("application/json").get("/q/openapi?format=json").then().statusCode(200).extract()
                .jsonPath();
        Map<String, Object> post = doc.getMap("paths.'/v1/videos'.post");
        assertEquals("#/components/schemas/CreateVideoRequest",
                doc.getString("paths.'/v1/videos'.post.requestBody.content.'application/json'.schema.$ref"), post.toString());
        assertEquals("#/components/schemas/CreateVideoForm",
                doc.getString("paths.'/v1/videos'.post.requestBody.content.'multipart/form-data'.schema.$ref"), post.toString());
        assertEquals("#/components/schemas/Video",
                doc.getString("paths.'/v1/videos'.post.responses.'200'.content.'application/json'.schema.$ref"));
        for (String code : List.of("400", "401", "413", "429")) {
            assertEquals("#/components/schemas/ErrorResponse",
                    doc.getString("paths.'/v1/videos'.post.responses.'" + code + "'.content.'application/json'.schema.$ref"),
                    "the create's " + code);
        }
        assertEquals("#/components/schemas/VideoList",
                doc.getString("paths.'/v1/videos'.get.responses.'200'.content.'application/json'.schema.$ref"));
        assertEquals("#/components/schemas/Video",
                doc.getString("paths.'/v1/videos/{id}'.get.responses.'200'.content.'application/json'.schema.$ref"));
        assertEquals("#/components/schemas/DeletedVideo",
                doc.getString("paths.'/v1/videos/{id}'.delete.responses.'200'.content.'application/json'.schema.$ref"));
        assertEquals("#/components/schemas/RemixVideoRequest", doc.getString(
                "paths.'/v1/videos/{id}/remix'.post.requestBody.content.'application/json'.schema.$ref"));

        String schemas = "components.schemas.";
        assertThat(doc.getMap(schemas + "CreateVideoRequest.properties")).containsOnlyKeys("model", "prompt", "size",
                "seconds", "input_reference", "reelgate_extends");
        assertEquals(false, doc.get(schemas + "CreateVideoRequest.additionalProperties"), "unknown fields are refused");
        assertThat(doc.getList(schemas + "CreateVideoRequest.required")).containsExactly("prompt");
        assertThat(doc.getList(schemas + "CreateVideoRequest.properties.seconds.oneOf")).hasSize(2);
        assertThat(doc.getMap(schemas + "ImageReference.properties")).containsOnlyKeys("image_url");
        assertThat(doc.getMap(schemas + "CreateVideoForm.properties")).containsOnlyKeys("model", "prompt", "size", "seconds",
                "input_reference", "reelgate_extends");
        assertEquals("binary", doc.getString(schemas + "CreateVideoForm.properties.input_reference.format"));

        assertThat(doc.getMap(schemas + "Video.properties")).containsOnlyKeys("id", "object", "model", "status", "progress",
                "created_at", "completed_at", "expires_at", "size", "seconds", "quality", "prompt", "remixed_from_video_id",
                "error", "reelgate_extends");
        assertThat(doc.getList(schemas + "Video.properties.status.enum")).containsExactly("queued", "in_progress",
                "completed", "failed");
        assertThat(doc.getList(schemas + "Video.properties.object.enum")).containsExactly("video");
        assertThat(doc.getList(schemas + "Video.required")).as("reelgate_extends only on extensions").hasSize(14)
                .doesNotContain("reelgate_extends");
        assertThat(doc.getMap(schemas + "VideoError.properties")).containsOnlyKeys("code", "message");
        assertThat(doc.getMap(schemas + "VideoList.properties")).containsOnlyKeys("object", "data", "first_id", "last_id",
                "has_more");
        assertThat(doc.getMap(schemas + "DeletedVideo.properties")).containsOnlyKeys("id", "object", "deleted");

        assertThat(doc.getMap(schemas + "Error.properties")).containsOnlyKeys("message", "type", "param", "code");
        assertThat(doc.getList(schemas + "Error.properties.type.enum")).containsExactlyInAnyOrder("invalid_request_error",
                "insufficient_quota", "requests", "server_error");
        assertThat(doc.getString(schemas + "Error.properties.code.description")).contains("unknown_parameter",
                "invalid_multipart", "request_too_large");
    }

    private static byte[] png() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(1280, 720, BufferedImage.TYPE_INT_RGB), "png", out);
        return out.toByteArray();
    }
}
