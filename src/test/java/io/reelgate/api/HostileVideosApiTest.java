package io.reelgate.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import javax.imageio.ImageIO;
import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.budget.BudgetSettings;
import io.reelgate.storage.ObjectStore;
import io.reelgate.team.Team;
import io.reelgate.team.TeamRole;
import io.reelgate.team.Tier;
import io.reelgate.testing.DatabaseSnapshot;
import io.reelgate.testing.Fixtures;
import io.reelgate.testing.Videos;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Hostile input to {@code /v1} — bodies, multipart (also cut short over a raw socket), headers,
 * paths and query parameters — under one rule: a 4xx (never a 5xx) in OpenAI's error shape
 * ({@code {"error": {"message", "type", "param", "code"}}}), and nothing reserved, stored or
 * counted: the team's rows, its idempotency records and its storage are as they were. The studio's
 * and the other features' hostile input is {@code web/HostileInputTest}.
 */
@QuarkusTest
class HostileVideosApiTest {

    record Case(String group, String name, Supplier<Response> send) {
    }

    private static final List<String> TYPES = List.of("invalid_request_error", "insufficient_quota", "requests");

    @Inject
    io.reelgate.testing.TestClock clock;
    @Inject
    Fixtures fixtures;
    @Inject
    DataSource dataSource;
    @Inject
    ObjectStore store;
    @Inject
    BudgetSettings budgets;
    @Inject
    ApiKeys keys;
    @Inject
    Videos videos;

    Team team;
    String apiKey;
    long video;
    long foreignVideo;

    @TestFactory
    Stream<DynamicTest> everyHostileRequestIsRefusedInOpenAiShapeAndChangesNothing() throws IOException {
        team = fixtures.team("hostile-api", Tier.PRO);
        long member = fixtures.personIn(team, "hap", TeamRole.MEMBER);
        budgets.update(team.id, new BudgetSettings.Form("50", "1", "HARD", "0", "", "50,75,90,100"));
        Team other = fixtures.team("bystander-api", Tier.PRO);
        video = videos.make(team.id, member, "A lighthouse at dusk, slow push in");
        foreignVideo = videos.row(other.id, fixtures.personIn(other, "sly", TeamRole.MEMBER), "Someone else's harbour",
                "sora-2", "COMPLETED", clock.instant());
        apiKey = keys.create(team.id, member, "hostile api suite", null).secret();

        List<Case> cases = new ArrayList<>();
        jsonBodies(cases);
        multipart(cases);
        rawMultipart(cases);
        headers(cases);
        paths(cases);
        queries(cases);
        assertThat(cases).as("the suite's size, recorded in docs/api.md").hasSizeGreaterThanOrEqualTo(150);
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.group() + ": " + c.name(), () -> check(c)));
    }

    private void check(Case c) {
        Map<String, String> before = snapshot();
        List<String> objects = store.list("teams/" + team.id + "/");
        Response response = c.send().get();
        String body = response.asString();
        String shown = c.name() + " → " + response.statusCode() + " " + (body.length() > 300 ? body.substring(0, 300) : body);
        assertThat(response.statusCode()).as(shown).isBetween(400, 499);
        assertThat(response.contentType()).as(shown).startsWith("application/json");
        JsonPath json = new JsonPath(body);
        assertThat(json.getMap("$")).as(shown).containsOnlyKeys("error");
        assertThat(json.getMap("error")).as(shown).containsOnlyKeys("message", "type", "param", "code");
        assertThat(json.getString("error.message")).as(shown).isNotBlank();
        assertThat(json.getString("error.type")).as(shown).isIn(TYPES);
        assertThat(json.getString("error.code")).as(shown).matches("[a-z_]+");
        assertThat(snapshot()).as(c.name() + ": the database").isEqualTo(before);
        assertThat(store.list("teams/" + team.id + "/")).as(c.name() + ": storage").isEqualTo(objects);
    }

    private Map<String, String> snapshot() {
        Map<String, String> snapshot = new LinkedHashMap<>(DatabaseSnapshot.ofTeam(dataSource, team.id));
        snapshot.putAll(DatabaseSnapshot.ofQueries(dataSource, Map.of(
                "video_asset", "select a.* from video_asset a join video_job j on j.id = a.job_id where j.team_id = " + team.id,
                // the key's "last used" stamp is the one write a refused call makes, by design
                "api_key", "select id, name, revoked_at, expires_at from api_key where team_id = " + team.id)));
        return snapshot;
    }

    private RequestSpecification api() {
        return RestAssured.given().header("Authorization", "Bearer " + apiKey).redirects().follow(false);
    }

    // ------------------------------------------------------------------ JSON bodies

    private void jsonBodies(List<Case> cases) throws IOException {
        String image = "data:image/png;base64," + java.util.Base64.getEncoder().encodeToString(png());
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("not JSON", "prompt=a cat");
        bodies.put("truncated JSON", "{\"prompt\": \"a cat\", \"model\": ");
        bodies.put("JSON array", "[\"a cat\"]");
        bodies.put("JSON string", "\"a cat\"");
        bodies.put("JSON null", "null");
        bodies.put("only whitespace", "  \r\n ");
        bodies.put("empty object", "{}");
        bodies.put("trailing junk", "{\"prompt\": \"a cat\"} junk");
        bodies.put("a second object", "{\"prompt\": \"a cat\"}{\"prompt\": \"a dog\"}");
        bodies.put("a trailing number", "{\"prompt\": \"a cat\"} 4");
        bodies.put("a trailing bracket", "{\"prompt\": \"a cat\"}]");
        bodies.put("a trailing comment", "{\"prompt\": \"a cat\"} /* x */");
        bodies.put("a trailing NUL", "{\"prompt\": \"a cat\"}\u0000");
        bodies.put("a comment inside", "{\"prompt\": \"a cat\" /* x */}");
        bodies.put("single quotes", "{'prompt': 'a cat'}");
        bodies.put("a trailing comma", "{\"prompt\": \"a cat\",}");
        bodies.put("NaN seconds", "{\"prompt\": \"a cat\", \"seconds\": NaN}");
        bodies.put("nesting 5000 deep", "{\"prompt\": " + "[".repeat(5000) + "]".repeat(5000) + "}");
        bodies.put("image_url instead of input_reference", "{\"prompt\": \"a cat\", \"image_url\": \"" + image + "\"}");
        bodies.put("an unknown field n", "{\"prompt\": \"a cat\", \"n\": 2}");
        bodies.put("an unknown field with a NUL name", "{\"prompt\": \"a cat\", \"mo\\u0000del\": \"sora-2\"}");
        bodies.put("Model capitalised", "{\"prompt\": \"a cat\", \"Model\": \"sora-2\"}");
        bodies.put("input_reference.url", "{\"prompt\": \"a cat\", \"input_reference\": {\"url\": \"" + image + "\"}}");
        bodies.put("input_reference.file_id", "{\"prompt\": \"a cat\", \"input_reference\": {\"file_id\": \"file_1\"}}");
        bodies.put("input_reference as a string", "{\"prompt\": \"a cat\", \"input_reference\": \"" + image + "\"}");
        bodies.put("input_reference as an array", "{\"prompt\": \"a cat\", \"input_reference\": [\"" + image + "\"]}");
        bodies.put("input_reference remote URL", "{\"prompt\": \"a cat\", \"input_reference\": {\"image_url\": "
                + "\"https://example.com/a.png\"}}");
        bodies.put("input_reference not base64", "{\"prompt\": \"a cat\", \"input_reference\": {\"image_url\": "
                + "\"data:image/png;base64,@@@\"}}");
        bodies.put("input_reference an SVG", "{\"prompt\": \"a cat\", \"input_reference\": {\"image_url\": "
                + "\"data:image/svg+xml;base64,PHN2Zy8+\"}}");
        bodies.put("input_reference image_url a number", "{\"prompt\": \"a cat\", \"input_reference\": {\"image_url\": 5}}");
        bodies.put("prompt is a number", "{\"prompt\": 5}");
        bodies.put("prompt is an object", "{\"prompt\": {\"text\": \"a cat\"}}");
        bodies.put("prompt with a NUL escape", "{\"prompt\": \"a cat\\u0000\"}");
        bodies.put("prompt of only no-break spaces", "{\"prompt\": \"\\u00a0\\u00a0\"}");
        bodies.put("prompt over the limit", "{\"prompt\": \"" + "a".repeat(10_001) + "\"}");
        bodies.put("lone surrogate escape", "{\"prompt\": \"a \\ud800 cat\"}");
        bodies.put("duplicated keys", "{\"prompt\": \"a cat\", \"seconds\": \"8\", \"seconds\": \"4\"}");
        bodies.put("unknown model", "{\"prompt\": \"a cat\", \"model\": \"sora-3\"}");
        bodies.put("model a number", "{\"prompt\": \"a cat\", \"model\": 2}");
        bodies.put("size a number", "{\"prompt\": \"a cat\", \"size\": 1280}");
        bodies.put("size not offered", "{\"prompt\": \"a cat\", \"size\": \"1x1\"}");
        bodies.put("size with a capital X", "{\"prompt\": \"a cat\", \"size\": \"1280X720\"}");
        for (String field : List.of("model", "size", "seconds")) {
            String good = switch (field) {
                case "model" -> "sora-2";
                case "size" -> "1280x720";
                default -> "4";
            };
            Map<String, String> bad = new LinkedHashMap<>();
            bad.put("a trailing space", good + " ");
            bad.put("a leading space", " " + good);
            bad.put("a trailing newline", good + "\\n");
            bad.put("a BEL", good + "\\u0007");
            bad.put("a NUL", good + "\\u0000");
            bad.put("a DEL", good + "\\u007f");
            bad.put("a leading no-break space", "\\u00a0" + good);
            bad.put("a zero-width space", good + "\\u200b");
            bad.put("a right-to-left override", "\\u202e" + good);
            bad.put("empty", "");
            for (var b : bad.entrySet()) {
                bodies.put(field + " with " + b.getKey(), "{\"prompt\": \"a cat\", \"" + field + "\": \"" + b.getValue() + "\"}");
            }
        }
        for (String seconds : List.of("\"08\"", "\"0\"", "\"four\"", "\"8.0\"", "\"+8\"", "\"-8\"", "\"8s\"", "\"1e1\"", "8.0",
                "8e0", "-8", "0", "99999999999", "true", "[8]", "{\"s\": 8}", "\"٨\"", "\"８\"")) {
            bodies.put("seconds " + seconds, "{\"prompt\": \"a cat\", \"seconds\": " + seconds + "}");
        }
        for (var e : bodies.entrySet()) {
            cases.add(new Case("JSON", e.getKey(), () -> api().contentType("application/json")
                    .body(e.getValue().getBytes(StandardCharsets.UTF_8)).post("/v1/videos")));
        }
        cases.add(new Case("JSON", "invalid UTF-8 bytes", () -> api().contentType("application/json")
                .body(new byte[] { '{', '"', 'p', 'r', 'o', 'm', 'p', 't', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}' })
                .post("/v1/videos")));
        Map<String, String> remixes = new LinkedHashMap<>();
        remixes.put("an unknown field", "{\"prompt\": \"at night\", \"model\": \"sora-2\"}");
        remixes.put("trailing junk", "{\"prompt\": \"at night\"} junk");
        remixes.put("a second object", "{\"prompt\": \"at night\"}{}");
        remixes.put("an array", "[\"at night\"]");
        remixes.put("a NUL prompt", "{\"prompt\": \"\\u0000\"}");
        remixes.put("a number prompt", "{\"prompt\": 5}");
        remixes.put("no prompt", "{}");
        for (var e : remixes.entrySet()) {
            cases.add(new Case("JSON", "remix: " + e.getKey(), () -> api().contentType("application/json").body(e.getValue())
                    .post("/v1/videos/video_" + video + "/remix")));
        }
        cases.add(new Case("JSON", "remix another team's video", () -> api().contentType("application/json")
                .body("{\"prompt\": \"make it blue\"}").post("/v1/videos/video_" + foreignVideo + "/remix")));
    }

    // ------------------------------------------------------------------ multipart

    private void multipart(List<Case> cases) throws IOException {
        byte[] png = png();
        Map<String, Supplier<RequestSpecification>> forms = new LinkedHashMap<>();
        forms.put("an unknown part image_url", () -> api().multiPart("prompt", "a cat").multiPart("image_url", "data:x"));
        forms.put("an unknown file part", () -> api().multiPart("prompt", "a cat").multiPart("image", "a.png", png, "image/png"));
        forms.put("the prompt twice", () -> api().multiPart("prompt", "a cat").multiPart("prompt", "a dog"));
        forms.put("seconds twice", () -> api().multiPart("prompt", "a cat").multiPart("seconds", "4").multiPart("seconds", "8"));
        forms.put("two references", () -> api().multiPart("prompt", "a cat").multiPart("input_reference", "a.png", png,
                "image/png").multiPart("input_reference", "b.png", png, "image/png"));
        forms.put("input_reference as text", () -> api().multiPart("prompt", "a cat").multiPart("input_reference",
                "data:image/png;base64,AAAA"));
        forms.put("model as a file", () -> api().multiPart("prompt", "a cat").multiPart("model", "m.txt",
                "sora-2".getBytes(StandardCharsets.UTF_8), "text/plain"));
        forms.put("prompt as a file", () -> api().multiPart("prompt", "p.txt", "a cat".getBytes(StandardCharsets.UTF_8),
                "text/plain"));
        forms.put("an empty reference file", () -> api().multiPart("prompt", "a cat").multiPart("input_reference", "a.png",
                new byte[0], "image/png"));
        forms.put("an SVG reference", () -> api().multiPart("prompt", "a cat").multiPart("input_reference", "v.svg",
                "<svg/>".getBytes(StandardCharsets.UTF_8), "image/svg+xml"));
        forms.put("text claiming to be a PNG", () -> api().multiPart("prompt", "a cat").multiPart("input_reference", "a.png",
                "not an image".getBytes(StandardCharsets.UTF_8), "image/png"));
        forms.put("an empty prompt", () -> api().multiPart("prompt", " "));
        forms.put("no prompt", () -> api().multiPart("model", "sora-2"));
        forms.put("seconds 08", () -> api().multiPart("prompt", "a cat").multiPart("seconds", "08"));
        forms.put("seconds with a trailing space", () -> api().multiPart("prompt", "a cat").multiPart("seconds", "4 "));
        forms.put("size with a tab", () -> api().multiPart("prompt", "a cat").multiPart("size", "1280x720\t"));
        forms.put("model with a newline", () -> api().multiPart("prompt", "a cat").multiPart("model", "sora-2\n"));
        forms.put("model empty", () -> api().multiPart("prompt", "a cat").multiPart("model", ""));
        forms.put("a part over the form limit (64 KiB)", () -> api().multiPart("prompt", "a".repeat(70 * 1024)));
        for (var e : forms.entrySet()) {
            cases.add(new Case("multipart", e.getKey(), () -> e.getValue().get().post("/v1/videos")));
        }
    }

    private void rawMultipart(List<Case> cases) {
        String part = "--b\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\na cat";
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("no closing boundary", part + "\r\n--b");
        bodies.put("cut inside a value", part);
        bodies.put("cut inside the part headers", "--b\r\nContent-Disposition: form-dat");
        bodies.put("cut after the first boundary", "--b\r\n");
        bodies.put("no boundary at all", "a cat");
        bodies.put("a part header without a colon", "--b\r\nno colon here\r\n\r\nx\r\n--b--\r\n");
        bodies.put("a part without a name", "--b\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b--\r\n");
        bodies.put("only the closing boundary", "--b--\r\n");
        bodies.put("an unknown part", "--b\r\nContent-Disposition: form-data; name=\"image_url\"\r\n\r\ndata:x\r\n" + part
                .substring(0) + "\r\n--b--\r\n");
        for (var e : bodies.entrySet()) {
            byte[] bytes = e.getValue().getBytes(StandardCharsets.ISO_8859_1);
            cases.add(new Case("raw multipart", e.getKey(),
                    () -> RawHttp.post("/v1/videos", apiKey, "multipart/form-data; boundary=b", bytes)));
            cases.add(new Case("raw multipart", e.getKey() + ", chunked",
                    () -> RawHttp.postChunked("/v1/videos", apiKey, "multipart/form-data; boundary=b", bytes)));
        }
        byte[] whole = (part + "\r\n--b--\r\n").getBytes(StandardCharsets.ISO_8859_1);
        cases.add(new Case("raw multipart", "a body declared larger than the request limit (64 MiB)",
                () -> RawHttp.postDeclared("/v1/videos", apiKey, "multipart/form-data; boundary=b", 65L * 1024 * 1024,
                        "--b\r\n".getBytes(StandardCharsets.ISO_8859_1))));
        cases.add(new Case("JSON", "a body declared larger than the request limit (64 MiB)",
                () -> RawHttp.postDeclared("/v1/videos", apiKey, "application/json", 65L * 1024 * 1024,
                        "{\"prompt\": \"".getBytes(StandardCharsets.ISO_8859_1))));
        cases.add(new Case("raw multipart", "no boundary parameter",
                () -> RawHttp.post("/v1/videos", apiKey, "multipart/form-data", whole)));
        cases.add(new Case("raw multipart", "another boundary than the body's",
                () -> RawHttp.post("/v1/videos", apiKey, "multipart/form-data; boundary=zzz", whole)));
        for (String boundary : List.of("", "\"", "\"b", "\"\"", "b".repeat(71), "b b ", "é")) {
            cases.add(new Case("raw multipart", "the boundary '" + boundary + "'", () -> RawHttp.post("/v1/videos", apiKey,
                    "multipart/form-data; boundary=" + boundary, whole)));
        }
    }

    // ------------------------------------------------------------------ headers, paths, query parameters

    private void headers(List<Case> cases) {
        String body = "{\"prompt\": \"a cat\"}";
        cases.add(new Case("headers", "text/plain", () -> api().contentType("text/plain").body(body).post("/v1/videos")));
        cases.add(new Case("headers", "XML", () -> api().contentType("application/xml")
                .body("<video><prompt>a cat</prompt></video>").post("/v1/videos")));
        cases.add(new Case("headers", "form-urlencoded", () -> api().contentType("application/x-www-form-urlencoded")
                .body("prompt=a+cat").post("/v1/videos")));
        cases.add(new Case("headers", "JSON declared, multipart sent", () -> api().contentType("application/json")
                .body("--b\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\na cat\r\n--b--\r\n").post("/v1/videos")));
        cases.add(new Case("headers", "no key", () -> RestAssured.given().contentType("application/json").body(body)
                .post("/v1/videos")));
        cases.add(new Case("headers", "an unknown key", () -> RestAssured.given().header("Authorization", "Bearer rg_"
                + "0".repeat(43)).contentType("application/json").body(body).post("/v1/videos")));
        cases.add(new Case("headers", "the key in the Basic scheme", () -> RestAssured.given().header("Authorization",
                "Basic " + apiKey).contentType("application/json").body(body).post("/v1/videos")));
        cases.add(new Case("headers", "Bearer and nothing", () -> RestAssured.given().header("Authorization", "Bearer ")
                .contentType("application/json").body(body).post("/v1/videos")));
        cases.add(new Case("headers", "two Authorization headers, the first valid", () -> api().header("Authorization",
                "Bearer rg_" + "1".repeat(43)).contentType("application/json").body(body).post("/v1/videos")));
        cases.add(new Case("headers", "the key with a tab inside", () -> RestAssured.given().header("Authorization",
                "Bearer " + apiKey.substring(0, 5) + "\t" + apiKey.substring(5)).get("/v1/videos")));
        cases.add(new Case("headers", "Idempotency-Key with a tab", () -> api().header("Idempotency-Key", "a\tb")
                .contentType("application/json").body(body).post("/v1/videos")));
        cases.add(new Case("headers", "Idempotency-Key of 256 characters", () -> api().header("Idempotency-Key",
                "i".repeat(256)).contentType("application/json").body(body).post("/v1/videos")));
        cases.add(new Case("headers", "Accept: text/html only", () -> api().accept("text/html").contentType("application/json")
                .body(body).post("/v1/videos")));
    }

    private void paths(List<Case> cases) {
        for (String id : List.of("video_0" + video, "VIDEO_" + video, "video_-1", "video_99999999999999999999",
                "video_" + foreignVideo, "video_999999999", "video_abc", "video_", "' or 1=1 --", "video_" + video + "%20",
                "%20video_" + video, "video_" + video + "%00", "video_" + video + "%0a", "..%2F..%2Fetc%2Fpasswd",
                "video_" + video + ".json")) {
            cases.add(new Case("paths", "retrieve " + id, () -> api().urlEncodingEnabled(!id.contains("%"))
                    .get("/v1/videos/" + id)));
        }
        cases.add(new Case("paths", "delete another team's video", () -> api().delete("/v1/videos/video_" + foreignVideo)));
        cases.add(new Case("paths", "delete with a leading zero", () -> api().delete("/v1/videos/video_0" + video)));
        cases.add(new Case("paths", "content of another team's video",
                () -> api().get("/v1/videos/video_" + foreignVideo + "/content")));
        cases.add(new Case("paths", "a path under content", () -> api().get("/v1/videos/video_" + video + "/content/x")));
        cases.add(new Case("paths", "GET remix", () -> api().get("/v1/videos/video_" + video + "/remix")));
        cases.add(new Case("paths", "PUT a video", () -> api().contentType("application/json").body("{}")
                .put("/v1/videos/video_" + video)));
        cases.add(new Case("paths", "PATCH the collection", () -> api().contentType("application/json").body("{}")
                .patch("/v1/videos")));
        cases.add(new Case("paths", "DELETE the collection", () -> api().delete("/v1/videos")));
        cases.add(new Case("paths", "an unknown route", () -> api().get("/v1/video")));
    }

    private void queries(List<Case> cases) {
        for (String limit : List.of("0", "101", "-1", "abc", "1e2", "05", "", "+5", "%205", "5%20", "2147483648", "5.0")) {
            cases.add(new Case("query", "list: limit '" + limit + "'",
                    () -> api().urlEncodingEnabled(false).get("/v1/videos?limit=" + limit)));
        }
        Map<String, String> lists = new LinkedHashMap<>();
        lists.put("limit twice", "limit=5&limit=50");
        lists.put("order twice", "order=asc&order=desc");
        lists.put("order ASC", "order=ASC");
        lists.put("order empty", "order=");
        lists.put("order sideways", "order=sideways");
        lists.put("after an unknown video", "after=video_nope");
        lists.put("after with a leading zero", "after=video_0" + video);
        lists.put("after empty", "after=");
        lists.put("after with a trailing space", "after=video_" + video + "%20");
        lists.put("an unknown parameter", "limt=5");
        lists.put("an unknown parameter beside known ones", "limit=5&page=2");
        lists.put("a parameter without a value", "verbose");
        for (var e : lists.entrySet()) {
            cases.add(new Case("query", "list: " + e.getKey(), () -> api().urlEncodingEnabled(false)
                    .get("/v1/videos?" + e.getValue())));
        }
        String content = "/v1/videos/video_" + video + "/content";
        cases.add(new Case("query", "content: variant VIDEO", () -> api().get(content + "?variant=VIDEO")));
        cases.add(new Case("query", "content: variant empty", () -> api().get(content + "?variant=")));
        cases.add(new Case("query", "content: variant hologram", () -> api().get(content + "?variant=hologram")));
        cases.add(new Case("query", "content: variant twice", () -> api().get(content + "?variant=video&variant=thumbnail")));
        cases.add(new Case("query", "content: an unknown parameter", () -> api().get(content + "?download=1")));
        cases.add(new Case("query", "retrieve: an unknown parameter", () -> api().get("/v1/videos/video_" + video
                + "?expand=all")));
        cases.add(new Case("query", "create: an unknown parameter", () -> api().contentType("application/json")
                .body("{\"prompt\": \"a cat\"}").post("/v1/videos?model=sora-2")));
        cases.add(new Case("query", "remix: an unknown parameter", () -> api().contentType("application/json")
                .body("{\"prompt\": \"at night\"}").post("/v1/videos/video_" + foreignVideo + "/remix?x=1")));
        cases.add(new Case("query", "delete: an unknown parameter", () -> api().delete("/v1/videos/video_" + video
                + "?force=true")));
    }

    private static byte[] png() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(1280, 720, BufferedImage.TYPE_INT_RGB), "png", out);
        return out.toByteArray();
    }
}
