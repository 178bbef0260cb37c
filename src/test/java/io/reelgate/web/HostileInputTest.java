package io.reelgate.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.imageio.ImageIO;
import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.api.ApiKeys;
import io.reelgate.budget.BudgetSettings;
import io.reelgate.storage.ObjectStore;
import io.reelgate.team.Team;
import io.reelgate.team.TeamRole;
import io.reelgate.team.Tier;
import io.reelgate.testing.DatabaseSnapshot;
import io.reelgate.testing.Fixtures;
import io.reelgate.testing.Login;
import io.reelgate.testing.Session;
import io.reelgate.testing.Videos;
import io.restassured.RestAssured;
import io.restassured.builder.MultiPartSpecBuilder;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Malformed and hostile input through the real HTTP routes: for each, a clear 4xx (never a 5xx),
 * the team's rows unchanged (every table with a {@code team_id}, plus its assets, favourites and
 * API idempotency records) and its storage unchanged. Searches with query-language characters are
 * the exception by design: they are text to look for, so they answer 200 and find nothing, and
 * change nothing either. The count is recorded in docs/architecture.md and web/package-info.java.
 */
@QuarkusTest
class HostileInputTest {

    /** How a case must be answered. */
    enum Expect {
        /** 400–499 with a message in the body. */
        REFUSED,
        /** 400–499; the body may be empty (provider-facing webhooks, limits enforced before the app). */
        REFUSED_QUIETLY,
        /** 200: the input is only text to search for. */
        SEARCHED
    }

    record Case(String group, String name, Expect expect, Supplier<Response> send) {
    }

    static final String OPENAI_SECRET = "whsec_cmVlbGdhdGUtc2ltdWxhdG9yLWRldi1zZWNyZXQtMDE=";

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
    Team otherTeam;
    Session admin;
    Session stranger;
    Session operator;
    long adminId;
    long video;
    long foreignVideo;
    String apiKey;

    @TestFactory
    Stream<DynamicTest> everyHostileInputIsRefusedClearlyAndChangesNothing() throws IOException {
        team = fixtures.team("hostile", Tier.PRO);
        admin = fixtures.memberOf(team, "hal", TeamRole.ADMIN);
        adminId = fixtures.userId(admin);
        budgets.update(team.id, new BudgetSettings.Form("50", "1", "HARD", "0", "", "50,75,90,100"));
        otherTeam = fixtures.team("bystander", Tier.PRO);
        stranger = fixtures.memberOf(otherTeam, "sly", TeamRole.ADMIN);
        operator = Login.as(Fixtures.unique("opal"), "user,operator");
        video = videos.make(team.id, adminId, "A lighthouse at dusk, slow push in");
        foreignVideo = videos.make(otherTeam.id, fixtures.userId(stranger), "Someone else's harbour");
        apiKey = keys.create(team.id, adminId, "hostile suite", null).secret();

        List<Case> cases = new ArrayList<>();
        prompts(cases);
        parameters(cases);
        images(cases);
        csrf(cases);
        settings(cases);
        people(cases);
        keysAndWebhooks(cases);
        shares(cases);
        search(cases);
        api(cases);
        providerWebhooks(cases);
        operator(cases);
        assertThat(cases).as("the suite's size, recorded in docs").hasSizeGreaterThanOrEqualTo(200);
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.group() + ": " + c.name(), () -> check(c)));
    }

    private void check(Case c) {
        Map<String, String> before = snapshot();
        List<String> objects = store.list("teams/" + team.id + "/");
        Response response = c.send().get();
        int status = response.statusCode();
        String body = response.asString();
        String shown = body.length() > 300 ? body.substring(0, 300) : body;
        switch (c.expect()) {
            case SEARCHED -> assertThat(status).as(c.name() + " " + shown).isEqualTo(200);
            case REFUSED_QUIETLY -> assertThat(status).as(c.name() + " " + shown).isBetween(400, 499);
            case REFUSED -> {
                assertThat(status).as(c.name() + " " + shown).isBetween(400, 499);
                assertThat(body).as(c.name() + ": the refusal says why").isNotBlank();
            }
        }
        assertThat(snapshot()).as(c.name() + ": the database").isEqualTo(before);
        assertThat(store.list("teams/" + team.id + "/")).as(c.name() + ": storage").isEqualTo(objects);
    }

    private Map<String, String> snapshot() {
        Map<String, String> snapshot = new LinkedHashMap<>(DatabaseSnapshot.ofTeam(dataSource, team.id));
        snapshot.putAll(DatabaseSnapshot.ofQueries(dataSource, Map.of(
                "video_asset", "select a.* from video_asset a join video_job j on j.id = a.job_id where j.team_id = " + team.id,
                "video_favourite", "select f.* from video_favourite f join video_job j on j.id = f.job_id where j.team_id = "
                        + team.id,
                "webhook_event", "select * from webhook_event where webhook_id like 'hostile-%'",
                // the key's "last used" stamp is the one write a refused API call makes, by design
                "api_key", "select id, name, revoked_at, expires_at from api_key where team_id = " + team.id)));
        return snapshot;
    }

    // ------------------------------------------------------------------ studio

    private String studio() {
        return "/t/" + team.slug + "/studio";
    }

    /** A composer post with valid fields, {@code changes} applied (a null value leaves the field out). */
    private Response compose(Map<String, Object> changes) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("prompt", "A paper boat on a rain-soaked street, low angle");
        fields.put("model", "simulator/sora-2");
        fields.put("size", "1280x720");
        fields.put("seconds", "4");
        fields.putAll(changes);
        RequestSpecification request = admin.given().multiPart("_csrf", admin.csrf());
        for (var e : fields.entrySet()) {
            if (e.getValue() instanceof String text) {
                request = request.multiPart(new MultiPartSpecBuilder(text).controlName(e.getKey()).charset(StandardCharsets.UTF_8)
                        .build());
            } else if (e.getValue() instanceof byte[] raw) {
                request = request.multiPart(new MultiPartSpecBuilder(raw).controlName(e.getKey()).mimeType("text/plain")
                        .build());
            } else if (e.getValue() instanceof Upload file) {
                request = request.multiPart(e.getKey(), file.name(), file.bytes(), file.type());
            }
        }
        return request.post(studio());
    }

    record Upload(String name, byte[] bytes, String type) {
    }

    private static Map<String, Object> field(String name, Object value) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(name, value);
        return m;
    }

    private void prompts(List<Case> cases) {
        Map<String, Object> prompts = new LinkedHashMap<>();
        prompts.put("over the limit by one", "a".repeat(10_001));
        prompts.put("five times the limit", "word ".repeat(10_000));
        prompts.put("empty", "");
        prompts.put("only spaces", "      ");
        prompts.put("only tabs and newlines", "\t\n\r\n\t");
        prompts.put("only no-break spaces", "\u00A0\u00A0\u00A0");
        prompts.put("only ideographic spaces", "\u3000\u3000");
        prompts.put("only zero-width spaces", "\u200B\u200B\u200B");
        prompts.put("only a byte order mark", "\uFEFF");
        prompts.put("only joiners", "\u200D\u200C\u2060");
        prompts.put("a NUL byte inside", "A cat\u0000 on a mat");
        prompts.put("only NUL bytes", "\u0000\u0000");
        prompts.put("a bell character", "A cat\u0007 on a mat");
        prompts.put("an escape sequence", "A cat \u001B[31mred\u001B[0m");
        prompts.put("a C1 control", "A cat\u009B on a mat");
        prompts.put("a DEL character", "A cat\u007F on a mat");
        prompts.put("only combining marks", "\u0301\u0308\u0327\u0303");
        prompts.put("zalgo over the limit", "Z" + "\u0336\u0335\u0334".repeat(3_400));
        prompts.put("only a right-to-left override", "\u202E");
        prompts.put("only bidi isolates", "\u2066\u2067\u2068\u2069");
        prompts.put("right-to-left override hiding a NUL", "\u202Etxt.exe\u0000");
        prompts.put("only a replacement character", "\uFFFD");
        prompts.put("Hebrew with a NUL", "\u05E9\u05DC\u05D5\u05DD\u0000");
        prompts.put("Arabic over the limit", "\u0633\u0644\u0627\u0645 ".repeat(2_001));
        prompts.put("a private-use character only", "\uE000\uE001");
        for (var e : prompts.entrySet()) {
            cases.add(new Case("prompt", e.getKey(), Expect.REFUSED, () -> compose(field("prompt", e.getValue()))));
        }
        cases.add(new Case("prompt", "missing", Expect.REFUSED, () -> compose(field("prompt", null))));
        cases.add(new Case("prompt", "invalid UTF-8", Expect.REFUSED,
                () -> compose(field("prompt", new byte[] { 'A', ' ', (byte) 0xC3, (byte) 0x28, ' ', 'c', 'a', 't' }))));
        cases.add(new Case("prompt", "invalid UTF-8, overlong slash", Expect.REFUSED,
                () -> compose(field("prompt", new byte[] { 'a', (byte) 0xC0, (byte) 0xAF, 'b' }))));
        cases.add(new Case("prompt", "invalid UTF-8, lone continuation bytes", Expect.REFUSED,
                () -> compose(field("prompt", new byte[] { (byte) 0x80, (byte) 0x81, (byte) 0xBF }))));
        cases.add(new Case("prompt", "invalid UTF-8, surrogate half", Expect.REFUSED,
                () -> compose(field("prompt", new byte[] { 'x', (byte) 0xED, (byte) 0xA0, (byte) 0x80 }))));
        // Veo 3.1 on Replicate takes a negative prompt (the Sora models do not, and the studio drops it for them)
        Map<String, Object> veo = Map.of("model", "replicate/google/veo-3.1-fast", "size", "1280x720", "seconds", "4");
        Map<String, Object> nul = new LinkedHashMap<>(veo);
        nul.put("negativePrompt", "blur\u0000 and noise");
        Map<String, Object> long_ = new LinkedHashMap<>(veo);
        long_.put("negativePrompt", "n".repeat(10_001));
        Map<String, Object> invisible = new LinkedHashMap<>(veo);
        invisible.put("negativePrompt", "\u200B\u00A0");
        cases.add(new Case("prompt", "negative prompt with a NUL", Expect.REFUSED, () -> compose(nul)));
        cases.add(new Case("prompt", "negative prompt over the limit", Expect.REFUSED, () -> compose(long_)));
        cases.add(new Case("prompt", "negative prompt of invisible characters", Expect.REFUSED, () -> compose(invisible)));
    }

    private void parameters(List<Case> cases) {
        Map<String, String> models = new LinkedHashMap<>();
        models.put("unknown model", "simulator/sora-3");
        models.put("unknown provider", "nowhere/sora-2");
        models.put("provider without model", "simulator/");
        models.put("path traversal", "../../etc/passwd");
        models.put("extra path segment", "simulator/sora-2/pro");
        models.put("SQL", "sora-2' or '1'='1");
        models.put("very long", "m".repeat(5_000));
        models.put("NUL", "sora-2\u0000");
        models.put("model of another case", "SIMULATOR/SORA-2");
        for (var e : models.entrySet()) {
            cases.add(new Case("model", e.getKey(), Expect.REFUSED, () -> compose(field("model", e.getValue()))));
        }
        List<String> sizes = List.of("1280x721", "0x0", "-1280x720", "1280*720", "abc", "99999999999x1", "1280x720x3",
                "", "1920x1080", "720p");
        for (String size : sizes) {
            cases.add(new Case("size", "'" + size + "'", Expect.REFUSED, () -> compose(field("size", size))));
        }
        List<String> seconds = List.of("-4", "0", "4.5", "1e3", "four", "99999999999999999999", "0x10", "NaN",
                "Infinity", "5", "", "4 4");
        for (String s : seconds) {
            cases.add(new Case("seconds", "'" + s + "'", Expect.REFUSED, () -> compose(field("seconds", s))));
        }
        cases.add(new Case("seconds", "duplicated, first invalid", Expect.REFUSED, () -> admin.given()
                .multiPart("_csrf", admin.csrf()).multiPart("prompt", "A cat").multiPart("model", "simulator/sora-2")
                .multiPart("size", "1280x720").multiPart("seconds", "7").multiPart("seconds", "4").post(studio())));
        cases.add(new Case("remix", "not a number", Expect.REFUSED, () -> compose(field("remixOf", "abc"))));
        cases.add(new Case("remix", "negative id", Expect.REFUSED, () -> compose(field("remixOf", "-1"))));
        cases.add(new Case("remix", "unknown video", Expect.REFUSED, () -> compose(field("remixOf", "999999999"))));
        cases.add(new Case("remix", "another team's video", Expect.REFUSED,
                () -> compose(field("remixOf", Long.toString(foreignVideo)))));
        cases.add(new Case("remix", "too large for a long", Expect.REFUSED,
                () -> compose(field("remixOf", "99999999999999999999999"))));
        cases.add(new Case("frame", "another team's input", Expect.REFUSED,
                () -> compose(field("frameKey", "teams/" + otherTeam.id + "/inputs/last-frame-" + foreignVideo + ".png"))));
        cases.add(new Case("frame", "path traversal", Expect.REFUSED,
                () -> compose(field("frameKey", "teams/" + team.id + "/inputs/../../" + otherTeam.id + "/inputs/x.png"))));
        cases.add(new Case("frame", "a frame never stored", Expect.REFUSED,
                () -> compose(field("frameKey", "teams/" + team.id + "/inputs/last-frame-999999999.png"))));
        cases.add(new Case("frame", "the team's video object", Expect.REFUSED,
                () -> compose(field("frameKey", "teams/" + team.id + "/videos/" + video + "/video.mp4"))));
        cases.add(new Case("fields", "nothing but unknown fields", Expect.REFUSED, () -> admin.given()
                .multiPart("_csrf", admin.csrf()).multiPart("team_id", Long.toString(otherTeam.id))
                .multiPart("charged_micros", "0").multiPart("state", "COMPLETED").post(studio())));
        cases.add(new Case("fields", "unknown fields and an empty prompt", Expect.REFUSED,
                () -> compose(Map.of("prompt", "", "memberId", "1", "price", "0"))));
        cases.add(new Case("fields", "no fields at all", Expect.REFUSED,
                () -> admin.given().multiPart("_csrf", admin.csrf()).post(studio())));
        cases.add(new Case("fields", "urlencoded instead of multipart", Expect.REFUSED, () -> admin.form()
                .formParam("prompt", "A cat").formParam("model", "sora-2").post(studio())));
        cases.add(new Case("fields", "JSON instead of a form", Expect.REFUSED, () -> admin.given()
                .header("X-CSRF-Token", admin.csrf()).contentType("application/json")
                .body("{\"prompt\":\"A cat\",\"model\":\"sora-2\"}").post(studio())));
    }

    // ------------------------------------------------------------------ images

    private void images(List<Case> cases) throws IOException {
        byte[] png = image("png", 1280, 720);
        byte[] jpeg = image("jpg", 1280, 720);
        Map<String, Upload> uploads = new LinkedHashMap<>();
        uploads.put("text named .png", new Upload("photo.png", "not an image at all".repeat(4).getBytes(StandardCharsets.UTF_8),
                "image/png"));
        uploads.put("truncated PNG", new Upload("cut.png", Arrays.copyOf(png, png.length / 2), "image/png"));
        uploads.put("truncated JPEG", new Upload("cut.jpg", Arrays.copyOf(jpeg, jpeg.length - 200), "image/jpeg"));
        uploads.put("PNG of the wrong size", new Upload("small.png", image("png", 640, 360), "image/png"));
        uploads.put("portrait PNG for a landscape video", new Upload("tall.png", image("png", 720, 1280), "image/png"));
        uploads.put("20,000 x 20,000 PNG header (decompression bomb)", new Upload("bomb.png", pngHeader(20_000, 20_000),
                "image/png"));
        uploads.put("PNG claiming 2^31 pixels wide", new Upload("huge.png", pngHeader(Integer.MAX_VALUE, 720), "image/png"));
        uploads.put("SVG", new Upload("vector.svg", ("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1280\" height=\"720\">"
                + "<script>alert(1)</script></svg>").getBytes(StandardCharsets.UTF_8), "image/svg+xml"));
        uploads.put("SVG named .png", new Upload("vector.png", "<?xml version=\"1.0\"?><svg width=\"1280\" height=\"720\"/>"
                .getBytes(StandardCharsets.UTF_8), "image/png"));
        uploads.put("animated GIF", new Upload("loop.gif", animatedGif(), "image/gif"));
        uploads.put("BMP", new Upload("old.bmp", image("bmp", 1280, 720), "image/bmp"));
        uploads.put("EXIF-rotated JPEG", new Upload("phone.jpg", withExifOrientation(jpeg, 6), "image/jpeg"));
        uploads.put("EXIF-flipped JPEG", new Upload("mirror.jpg", withExifOrientation(jpeg, 2), "image/jpeg"));
        uploads.put("empty file", new Upload("empty.png", new byte[0], "image/png"));
        uploads.put("only a PNG signature", new Upload("sig.png", Arrays.copyOf(png, 8), "image/png"));
        uploads.put("WebP shorter than its RIFF size", new Upload("cut.webp", truncatedWebp(), "image/webp"));
        uploads.put("HTML named .jpg", new Upload("page.jpg", "<html><body>hello</body></html>".repeat(3)
                .getBytes(StandardCharsets.UTF_8), "image/jpeg"));
        long limit = org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("reelgate.studio.max-image-bytes", Long.class);
        uploads.put("one byte over the image limit", new Upload("big.png", padded(png, (int) limit + 1), "image/png"));
        for (var e : uploads.entrySet()) {
            cases.add(new Case("image", e.getKey(), Expect.REFUSED, () -> compose(field("image", e.getValue()))));
        }
        cases.add(new Case("image", "a body declared larger than the request limit", Expect.REFUSED_QUIETLY,
                () -> declaredTooLarge(studio())));
    }

    /**
     * A POST whose Content-Length is over {@code quarkus.http.limits.max-body-size} (64 MiB): the
     * server must refuse it from the header, before reading 64 MiB. Sent over a raw socket, since
     * HTTP clients compute the length themselves.
     */
    private Response declaredTooLarge(String path) {
        java.net.URI base = java.net.URI.create(Login.baseUrl());
        try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            String cookies = String.join("; ", admin.cookies().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .toList());
            String request = "POST " + path + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort() + "\r\n"
                    + "Cookie: " + cookies + "\r\nX-CSRF-Token: " + admin.csrf() + "\r\n"
                    + "Content-Type: multipart/form-data; boundary=xyz\r\nContent-Length: " + (65L * 1024 * 1024)
                    + "\r\n\r\n--xyz\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String status = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
            int code = Integer.parseInt(status.split(" ")[1]);
            return new io.restassured.builder.ResponseBuilder().setStatusCode(code).setBody("").build();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] image(String format, int width, int height) throws IOException {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        var g = img.createGraphics();
        g.setColor(java.awt.Color.ORANGE);
        g.fillRect(width / 4, height / 4, width / 2, height / 2);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, format, out);
        return out.toByteArray();
    }

    /** A PNG signature and IHDR claiming {@code width} × {@code height}, then an empty IDAT and IEND. */
    static byte[] pngHeader(int width, int height) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 + 25 + 12 + 12);
        b.put(new byte[] { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' });
        b.putInt(13).put("IHDR".getBytes(StandardCharsets.US_ASCII)).putInt(width).putInt(height)
                .put(new byte[] { 8, 2, 0, 0, 0 }).putInt(0);
        b.putInt(0).put("IDAT".getBytes(StandardCharsets.US_ASCII)).putInt(0);
        b.putInt(0).put("IEND".getBytes(StandardCharsets.US_ASCII)).putInt(0xAE426082);
        return b.array();
    }

    static byte[] animatedGif() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write("GIF89a".getBytes(StandardCharsets.US_ASCII));
        out.write(new byte[] { 0x00, 0x05, (byte) 0xD0, 0x02, 0, 0, 0 }); // 1280 x 720, no colour table
        out.write("!\u00FF\u000BNETSCAPE2.0\u0003\u0001\u0000\u0000\u0000".getBytes(StandardCharsets.ISO_8859_1));
        out.write(0x3B);
        return out.toByteArray();
    }

    /** The JPEG with an APP1 EXIF segment right after SOI whose Orientation tag is {@code orientation}. */
    static byte[] withExifOrientation(byte[] jpeg, int orientation) {
        byte[] tiff = { 'M', 'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte) orientation, 0, 0, 0, 0,
            0, 0, 0, 0 };
        byte[] exif = new byte[6 + tiff.length];
        System.arraycopy("Exif\0\0".getBytes(StandardCharsets.US_ASCII), 0, exif, 0, 6);
        System.arraycopy(tiff, 0, exif, 6, tiff.length);
        int length = exif.length + 2;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        out.write(0xFF);
        out.write(0xE1);
        out.write(length >> 8);
        out.write(length & 0xFF);
        out.write(exif, 0, exif.length);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    static byte[] truncatedWebp() {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(40).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(100_000).put("WEBP".getBytes(StandardCharsets.US_ASCII));
        b.put("VP8X".getBytes(StandardCharsets.US_ASCII)).putInt(10).put(new byte[] { 0, 0, 0, 0 });
        b.put(new byte[] { (byte) 0xFF, 0x04, 0x00, (byte) 0xCF, 0x02, 0x00 }); // 1280 x 720
        return b.array();
    }

    /** A valid image followed by padding up to {@code size} bytes. */
    static byte[] padded(byte[] image, int size) {
        return Arrays.copyOf(image, Math.max(size, image.length));
    }

    // ------------------------------------------------------------------ CSRF

    private void csrf(List<Case> cases) {
        String settings = "/t/" + team.slug + "/admin/settings";
        String keysPath = "/t/" + team.slug + "/keys";
        String share = "/t/" + team.slug + "/videos/" + video + "/shares";
        String delete = "/t/" + team.slug + "/videos/" + video + "/delete";
        String webhooks = "/t/" + team.slug + "/admin/webhooks";
        Map<String, String> posts = new LinkedHashMap<>();
        posts.put("settings", settings);
        posts.put("API key", keysPath);
        posts.put("share link", share);
        posts.put("delete video", delete);
        posts.put("webhook endpoint", webhooks);
        posts.put("invitation", "/t/" + team.slug + "/admin/members/invitations");
        for (var e : posts.entrySet()) {
            String path = e.getValue();
            cases.add(new Case("csrf", e.getKey() + ": missing", Expect.REFUSED, () -> admin.given()
                    .contentType("application/x-www-form-urlencoded").formParam("name", "x").formParam("confirm", "yes")
                    .formParam("url", "https://example.com/hook").formParam("email", "eve@example.com").post(path)));
            cases.add(new Case("csrf", e.getKey() + ": wrong", Expect.REFUSED, () -> admin.given()
                    .contentType("application/x-www-form-urlencoded").formParam("_csrf", "A".repeat(43))
                    .formParam("name", "x").formParam("confirm", "yes").post(path)));
            cases.add(new Case("csrf", e.getKey() + ": another session's token", Expect.REFUSED, () -> admin.given()
                    .contentType("application/x-www-form-urlencoded").formParam("_csrf", stranger.csrf())
                    .formParam("name", "x").formParam("confirm", "yes").post(path)));
        }
        cases.add(new Case("csrf", "studio: missing", Expect.REFUSED, () -> admin.given().multiPart("prompt", "A cat")
                .multiPart("model", "sora-2").multiPart("size", "1280x720").multiPart("seconds", "4").post(studio())));
        cases.add(new Case("csrf", "studio: another session's token", Expect.REFUSED, () -> admin.given()
                .multiPart("_csrf", stranger.csrf()).multiPart("prompt", "A cat").multiPart("model", "sora-2")
                .multiPart("size", "1280x720").multiPart("seconds", "4").post(studio())));
        cases.add(new Case("csrf", "studio: HTMX header with a wrong token", Expect.REFUSED, () -> admin.given()
                .header("X-CSRF-Token", "B".repeat(43)).header("HX-Request", "true").multiPart("prompt", "A cat")
                .multiPart("model", "sora-2").multiPart("size", "1280x720").multiPart("seconds", "4").post(studio())));
        cases.add(new Case("csrf", "studio: empty token", Expect.REFUSED, () -> admin.given().multiPart("_csrf", "")
                .multiPart("prompt", "A cat").multiPart("model", "sora-2").multiPart("size", "1280x720")
                .multiPart("seconds", "4").post(studio())));
    }

    // ------------------------------------------------------------------ budget settings

    private Response settings(Map<String, ?> changes) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("amount", "50");
        fields.put("resetDay", "1");
        fields.put("timeZone", "America/Los_Angeles");
        fields.put("capMode", "HARD");
        fields.put("softAllowancePct", "0");
        fields.put("memberCap", "");
        fields.put("thresholds", "50,75,90,100");
        fields.putAll(changes);
        RequestSpecification request = admin.form();
        for (var e : fields.entrySet()) {
            if (e.getValue() != null) {
                request = request.formParam(e.getKey(), e.getValue());
            }
        }
        return request.post("/t/" + team.slug + "/admin/settings");
    }

    private void settings(List<Case> cases) {
        Map<String, List<String>> bad = new LinkedHashMap<>();
        bad.put("amount", List.of("-1", "abc", "1e309", "99999999999999999999", "", "NaN", "0x10", "Infinity",
                "10.123456789", "5 dollars", "--5"));
        bad.put("resetDay", List.of("0", "29", "-1", "1.5", "abc", "", "31", "2147483648"));
        bad.put("timeZone", List.of("Mars/Olympus_Mons", "", "../../etc/localtime", "UTC+25", "GMT+99:00", "America/New York",
                "\u0000"));
        bad.put("capMode", List.of("MEDIUM", "", "hard; drop table team"));
        bad.put("softAllowancePct", List.of("-5", "abc", "1000000", "2.5"));
        bad.put("memberCap", List.of("-1", "abc", "1e12"));
        bad.put("thresholds", List.of("0", "201", "abc", "-10", "50.5", "\u00BD", "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21"));
        for (var e : bad.entrySet()) {
            for (String value : e.getValue()) {
                String shown = value.length() > 30 ? value.substring(0, 30) + "…" : value;
                cases.add(new Case("settings", e.getKey() + " '" + shown.replace("\u0000", "\\0") + "'", Expect.REFUSED,
                        () -> settings(Map.of(e.getKey(), value))));
            }
        }
        cases.add(new Case("settings", "amount missing", Expect.REFUSED, () -> settings(field("amount", null))));
        cases.add(new Case("settings", "reset day missing", Expect.REFUSED, () -> settings(field("resetDay", null))));
        cases.add(new Case("settings", "time zone missing", Expect.REFUSED, () -> settings(field("timeZone", null))));
        cases.add(new Case("settings", "cap for a user of another team", Expect.REFUSED, () -> admin.form()
                .formParam("amount", "50").formParam("resetDay", "1").formParam("timeZone", "America/Los_Angeles")
                .formParam("capMode", "HARD").formParam("softAllowancePct", "0").formParam("thresholds", "50")
                .formParam("capUser", Long.toString(fixtures.userId(stranger))).formParam("cap", "5")
                .post("/t/" + team.slug + "/admin/settings")));
        cases.add(new Case("settings", "cap user not a number", Expect.REFUSED, () -> admin.form()
                .formParam("amount", "50").formParam("resetDay", "1").formParam("timeZone", "America/Los_Angeles")
                .formParam("capMode", "HARD").formParam("softAllowancePct", "0").formParam("thresholds", "50")
                .formParam("capUser", "me").formParam("cap", "5").post("/t/" + team.slug + "/admin/settings")));
        cases.add(new Case("settings", "negative member cap", Expect.REFUSED, () -> admin.form()
                .formParam("amount", "50").formParam("resetDay", "1").formParam("timeZone", "America/Los_Angeles")
                .formParam("capMode", "HARD").formParam("softAllowancePct", "0").formParam("thresholds", "50")
                .formParam("capUser", Long.toString(adminId)).formParam("cap", "-5").post("/t/" + team.slug + "/admin/settings")));
        cases.add(new Case("settings", "alert recipient from another team", Expect.REFUSED, () -> admin.form()
                .formParam("amount", "50").formParam("resetDay", "1").formParam("timeZone", "America/Los_Angeles")
                .formParam("capMode", "HARD").formParam("softAllowancePct", "0").formParam("thresholds", "50")
                .formParam("recipient", Long.toString(fixtures.userId(stranger))).post("/t/" + team.slug + "/admin/settings")));
        cases.add(new Case("settings", "duplicated amount, first invalid", Expect.REFUSED, () -> admin.given()
                .contentType("application/x-www-form-urlencoded").body("_csrf=" + admin.csrf() + "&amount=-3&amount=50"
                        + "&resetDay=1&timeZone=UTC&capMode=HARD&softAllowancePct=0&thresholds=50")
                .post("/t/" + team.slug + "/admin/settings")));
        cases.add(new Case("settings", "urlencoded body with invalid percent escapes", Expect.REFUSED, () -> admin.given()
                .contentType("application/x-www-form-urlencoded").body("_csrf=" + admin.csrf() + "&amount=%ZZ&resetDay=%")
                .post("/t/" + team.slug + "/admin/settings")));
    }

    // ------------------------------------------------------------------ members and invitations

    private void people(List<Case> cases) {
        String members = "/t/" + team.slug + "/admin/members";
        long strangerId = fixtures.userId(stranger);
        cases.add(new Case("members", "unknown role", Expect.REFUSED,
                () -> admin.form().formParam("role", "GOD").post(members + "/" + adminId + "/role")));
        cases.add(new Case("members", "empty role", Expect.REFUSED,
                () -> admin.form().formParam("role", "").post(members + "/" + adminId + "/role")));
        cases.add(new Case("members", "the last admin demotes themself", Expect.REFUSED,
                () -> admin.form().formParam("role", "MEMBER").post(members + "/" + adminId + "/role")));
        cases.add(new Case("members", "the last admin removes themself", Expect.REFUSED,
                () -> admin.form().post(members + "/" + adminId + "/remove")));
        cases.add(new Case("members", "role of another team's member", Expect.REFUSED,
                () -> admin.form().formParam("role", "ADMIN").post(members + "/" + strangerId + "/role")));
        cases.add(new Case("members", "remove another team's member", Expect.REFUSED,
                () -> admin.form().post(members + "/" + strangerId + "/remove")));
        cases.add(new Case("members", "user id not a number", Expect.REFUSED,
                () -> admin.form().formParam("role", "ADMIN").post(members + "/abc/role")));
        Map<String, String> emails = new LinkedHashMap<>();
        emails.put("not an address", "not-an-email");
        emails.put("two at signs", "a@b@example.com");
        emails.put("header injection", "eve@example.com\r\nBcc: all@example.com");
        emails.put("300 characters", "e".repeat(290) + "@example.com");
        emails.put("empty", "");
        emails.put("NUL", "eve\u0000@example.com");
        emails.put("only spaces", "   ");
        for (var e : emails.entrySet()) {
            cases.add(new Case("invitation", "email " + e.getKey(), Expect.REFUSED, () -> admin.form()
                    .formParam("email", e.getValue()).formParam("role", "MEMBER").post(members + "/invitations")));
        }
        cases.add(new Case("invitation", "unknown role", Expect.REFUSED, () -> admin.form()
                .formParam("email", "eve@example.com").formParam("role", "OWNER").post(members + "/invitations")));
        cases.add(new Case("invitation", "resend an unknown invitation", Expect.REFUSED,
                () -> admin.form().post(members + "/invitations/999999999/resend")));
        cases.add(new Case("invitation", "revoke an unknown invitation", Expect.REFUSED,
                () -> admin.form().post(members + "/invitations/999999999/revoke")));
        cases.add(new Case("invitation", "accept a token of the wrong length", Expect.REFUSED,
                () -> admin.form().post("/invitations/short")));
        cases.add(new Case("invitation", "accept a token with a wrong alphabet", Expect.REFUSED,
                () -> admin.form().post("/invitations/" + "!".repeat(43))));
    }

    // ------------------------------------------------------------------ API keys and webhook endpoints

    private void keysAndWebhooks(List<Case> cases) {
        String keysPath = "/t/" + team.slug + "/keys";
        Map<String, String[]> keyForms = new LinkedHashMap<>();
        keyForms.put("empty name", new String[] { "", "" });
        keyForms.put("only spaces", new String[] { "   ", "" });
        keyForms.put("name of 500 characters", new String[] { "k".repeat(500), "" });
        keyForms.put("name with a NUL", new String[] { "ci\u0000job", "" });
        keyForms.put("negative validity", new String[] { "ci", "-1" });
        keyForms.put("validity not a number", new String[] { "ci", "forever" });
        keyForms.put("validity of 100,000 days", new String[] { "ci", "100000" });
        keyForms.put("validity of zero days", new String[] { "ci", "0" });
        for (var e : keyForms.entrySet()) {
            cases.add(new Case("API key", e.getKey(), Expect.REFUSED, () -> admin.form().formParam("name", e.getValue()[0])
                    .formParam("validDays", e.getValue()[1]).post(keysPath)));
        }
        cases.add(new Case("API key", "revoke an unknown key", Expect.REFUSED,
                () -> admin.form().post(keysPath + "/999999999/revoke")));
        String hooks = "/t/" + team.slug + "/admin/webhooks";
        Map<String, String> urls = new LinkedHashMap<>();
        urls.put("javascript URL", "javascript:alert(1)");
        urls.put("FTP URL", "ftp://example.com/hook");
        urls.put("not a URL", "hook me please");
        urls.put("empty", "");
        urls.put("3,000 characters", "https://example.com/" + "p".repeat(3_000));
        urls.put("credentials in the URL", "https://user:secret@example.com/hook");
        urls.put("NUL in the host", "https://exa\u0000mple.com/hook");
        urls.put("file URL", "file:///etc/passwd");
        for (var e : urls.entrySet()) {
            cases.add(new Case("webhook endpoint", "URL " + e.getKey(), Expect.REFUSED, () -> admin.form()
                    .formParam("url", e.getValue()).formParam("event", "video.completed").post(hooks)));
        }
        cases.add(new Case("webhook endpoint", "unknown event", Expect.REFUSED, () -> admin.form()
                .formParam("url", "https://example.com/hook").formParam("event", "video.exploded").post(hooks)));
        cases.add(new Case("webhook endpoint", "no event", Expect.REFUSED, () -> admin.form()
                .formParam("url", "https://example.com/hook").post(hooks)));
        cases.add(new Case("webhook endpoint", "update an unknown endpoint", Expect.REFUSED, () -> admin.form()
                .formParam("enabled", "true").formParam("event", "video.completed").post(hooks + "/999999999")));
        cases.add(new Case("webhook endpoint", "rotate an unknown endpoint", Expect.REFUSED,
                () -> admin.form().post(hooks + "/999999999/rotate")));
        cases.add(new Case("webhook endpoint", "delete an unknown endpoint", Expect.REFUSED,
                () -> admin.form().post(hooks + "/999999999/delete")));
    }

    // ------------------------------------------------------------------ videos and share links

    private void shares(List<Case> cases) {
        String base = "/t/" + team.slug + "/videos/" + video;
        Map<String, Map<String, String>> forms = new LinkedHashMap<>();
        forms.put("expiry yesterday", Map.of("expires", "-1"));
        forms.put("expiry not a choice", Map.of("expires", "forever-and-ever"));
        forms.put("views negative", Map.of("maxViews", "-1"));
        forms.put("views not a number", Map.of("maxViews", "many"));
        forms.put("views of a billion", Map.of("maxViews", "1000000000"));
        forms.put("views zero", Map.of("maxViews", "0"));
        forms.put("password of 10,000 characters", Map.of("password", "p".repeat(10_000)));
        forms.put("password with a NUL", Map.of("password", "open\u0000sesame"));
        for (var e : forms.entrySet()) {
            cases.add(new Case("share link", e.getKey(), Expect.REFUSED, () -> {
                RequestSpecification r = admin.form();
                for (var f : e.getValue().entrySet()) {
                    r = r.formParam(f.getKey(), f.getValue());
                }
                return r.post(base + "/shares");
            }));
        }
        cases.add(new Case("share link", "for another team's video", Expect.REFUSED,
                () -> admin.form().formParam("expires", "30").post("/t/" + team.slug + "/videos/" + foreignVideo + "/shares")));
        cases.add(new Case("share link", "revoke an unknown link", Expect.REFUSED,
                () -> admin.form().post(base + "/shares/999999999/revoke")));
        cases.add(new Case("video", "delete without confirming", Expect.REFUSED, () -> admin.form().post(base + "/delete")));
        cases.add(new Case("video", "delete confirming 'no'", Expect.REFUSED,
                () -> admin.form().formParam("confirm", "no").post(base + "/delete")));
        cases.add(new Case("video", "delete another team's video", Expect.REFUSED, () -> admin.form()
                .formParam("confirm", "yes").post("/t/" + team.slug + "/videos/" + foreignVideo + "/delete")));
        cases.add(new Case("video", "cancel a finished job", Expect.REFUSED,
                () -> admin.form().post(studio() + "/jobs/" + video + "/cancel")));
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("one character", "A");
        tokens.put("42 characters", "A".repeat(42));
        tokens.put("44 characters", "A".repeat(44));
        tokens.put("500 characters", "A".repeat(500));
        tokens.put("punctuation", "!".repeat(43));
        tokens.put("percent-encoded NUL", "%00" + "A".repeat(40));
        tokens.put("non-ASCII letters", "\u00C5".repeat(43));
        tokens.put("SQL", "' or '1'='1' --" + "A".repeat(28));
        tokens.put("dots", "..%2F..%2F" + "A".repeat(33));
        for (var e : tokens.entrySet()) {
            cases.add(new Case("share token", e.getKey(), Expect.REFUSED, () -> RestAssured.given().urlEncodingEnabled(
                    !e.getValue().contains("%")).redirects().follow(false).get("/s/" + e.getValue())));
        }
        cases.add(new Case("share token", "password for an unknown link", Expect.REFUSED, () -> RestAssured.given()
                .redirects().follow(false).contentType("application/x-www-form-urlencoded").formParam("password", "x")
                .post("/s/" + "B".repeat(43))));
        cases.add(new Case("share token", "video of an unknown link with a forged ticket", Expect.REFUSED,
                () -> RestAssured.given().redirects().follow(false).get("/s/" + "C".repeat(43) + "/video?t=forged")));
    }

    // ------------------------------------------------------------------ search

    private void search(List<Case> cases) {
        String gallery = "/t/" + team.slug + "/gallery";
        List<String> texts = List.of("a & b | !c", "lighthouse:*", "((((", "'", "\\", ".*", "[a-z]+", "%", "_", "'; drop table team; --",
                "<->", "!!", "\"unclosed", "$1", "lighthouse & !", "a | | b");
        for (String q : texts) {
            cases.add(new Case("search", "'" + q + "'", Expect.SEARCHED, () -> admin.given().queryParam("q", q).get(gallery)));
        }
        cases.add(new Case("search", "201 characters", Expect.REFUSED,
                () -> admin.given().queryParam("q", "s".repeat(201)).get(gallery)));
        cases.add(new Case("search", "a NUL", Expect.REFUSED, () -> admin.given().queryParam("q", "light\u0000house").get(gallery)));
        cases.add(new Case("search", "an impossible date", Expect.REFUSED,
                () -> admin.given().queryParam("from", "2026-13-45").get(gallery)));
        cases.add(new Case("search", "end before start", Expect.REFUSED,
                () -> admin.given().queryParam("from", "2026-12-10").queryParam("to", "2026-12-01").get(gallery)));
        cases.add(new Case("search", "member not a number", Expect.REFUSED,
                () -> admin.given().queryParam("member", "abc").get(gallery)));
        cases.add(new Case("search", "member of another team", Expect.REFUSED,
                () -> admin.given().queryParam("member", Long.toString(fixtures.userId(stranger))).get(gallery)));
        cases.add(new Case("search", "unknown model", Expect.REFUSED,
                () -> admin.given().queryParam("model", "sora-9").get(gallery)));
        cases.add(new Case("ledger", "from date not a date", Expect.REFUSED,
                () -> admin.given().queryParam("from", "yesterday").get("/t/" + team.slug + "/admin/ledger")));
    }

    // ------------------------------------------------------------------ Videos API

    private RequestSpecification api() {
        return RestAssured.given().header("Authorization", "Bearer " + apiKey).redirects().follow(false);
    }

    private void api(List<Case> cases) {
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("not JSON", "prompt=a cat");
        bodies.put("truncated JSON", "{\"prompt\": \"a cat\", \"model\": ");
        bodies.put("JSON array", "[\"a cat\"]");
        bodies.put("JSON string", "\"a cat\"");
        bodies.put("empty object", "{}");
        bodies.put("prompt is a number", "{\"prompt\": 5}");
        bodies.put("prompt is an object", "{\"prompt\": {\"text\": \"a cat\"}}");
        bodies.put("prompt with a NUL escape", "{\"prompt\": \"a cat\\u0000\"}");
        bodies.put("prompt of only no-break spaces", "{\"prompt\": \"\\u00a0\\u00a0\"}");
        bodies.put("prompt over the limit", "{\"prompt\": \"" + "a".repeat(10_001) + "\"}");
        bodies.put("unknown model", "{\"prompt\": \"a cat\", \"model\": \"sora-3\"}");
        bodies.put("seconds as words", "{\"prompt\": \"a cat\", \"seconds\": \"four\"}");
        bodies.put("seconds as an array", "{\"prompt\": \"a cat\", \"seconds\": [4]}");
        bodies.put("seconds negative", "{\"prompt\": \"a cat\", \"seconds\": \"-4\"}");
        bodies.put("size not in the catalog", "{\"prompt\": \"a cat\", \"size\": \"1x1\"}");
        bodies.put("size as a number", "{\"prompt\": \"a cat\", \"size\": 1280}");
        bodies.put("lone surrogate escape", "{\"prompt\": \"a \\ud800 cat\"}");
        bodies.put("duplicated keys, first invalid", "{\"prompt\": \"a cat\", \"seconds\": \"9\", \"seconds\": \"4\"}");
        for (var e : bodies.entrySet()) {
            cases.add(new Case("API", "create: " + e.getKey(), Expect.REFUSED,
                    () -> api().contentType("application/json").body(e.getValue()).post("/v1/videos")));
        }
        cases.add(new Case("API", "create: invalid UTF-8 bytes", Expect.REFUSED, () -> api().contentType("application/json")
                .body(new byte[] { '{', '"', 'p', 'r', 'o', 'm', 'p', 't', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}' })
                .post("/v1/videos")));
        cases.add(new Case("API", "create: XML", Expect.REFUSED, () -> api().contentType("application/xml")
                .body("<video><prompt>a cat</prompt></video>").post("/v1/videos")));
        cases.add(new Case("API", "create: multipart with an SVG reference", Expect.REFUSED, () -> api()
                .multiPart("prompt", "a cat").multiPart("input_reference", "v.svg", "<svg/>".getBytes(StandardCharsets.UTF_8),
                        "image/svg+xml").post("/v1/videos")));
        cases.add(new Case("API", "create: multipart with an empty prompt", Expect.REFUSED,
                () -> api().multiPart("prompt", " ").post("/v1/videos")));
        cases.add(new Case("API", "create: a revoked-looking key", Expect.REFUSED, () -> RestAssured.given()
                .header("Authorization", "Bearer rg_" + "0".repeat(40)).contentType("application/json")
                .body("{\"prompt\": \"a cat\"}").post("/v1/videos")));
        cases.add(new Case("API", "create: a key in the wrong scheme", Expect.REFUSED, () -> RestAssured.given()
                .header("Authorization", "Basic " + apiKey).contentType("application/json")
                .body("{\"prompt\": \"a cat\"}").post("/v1/videos")));
        cases.add(new Case("API", "create: idempotency key of 300 characters", Expect.REFUSED, () -> api()
                .header("Idempotency-Key", "i".repeat(300)).contentType("application/json").body("{\"prompt\": \"a cat\"}")
                .post("/v1/videos")));
        for (String limit : List.of("0", "101", "-1", "abc", "1e2")) {
            cases.add(new Case("API", "list: limit " + limit, Expect.REFUSED, () -> api().queryParam("limit", limit).get("/v1/videos")));
        }
        cases.add(new Case("API", "list: after an unknown video", Expect.REFUSED,
                () -> api().queryParam("after", "video_nope").get("/v1/videos")));
        cases.add(new Case("API", "list: order sideways", Expect.REFUSED,
                () -> api().queryParam("order", "sideways").get("/v1/videos")));
        for (String id : List.of("video_999999999", "video_abc", "' or 1=1 --", "video_" + foreignVideo, "..%2F..%2Fetc")) {
            cases.add(new Case("API", "retrieve " + id, Expect.REFUSED,
                    () -> api().urlEncodingEnabled(!id.contains("%")).get("/v1/videos/" + id)));
        }
        cases.add(new Case("API", "delete another team's video", Expect.REFUSED,
                () -> api().delete("/v1/videos/video_" + foreignVideo)));
        cases.add(new Case("API", "content with an unknown variant", Expect.REFUSED,
                () -> api().queryParam("variant", "hologram").get("/v1/videos/video_" + video + "/content")));
        cases.add(new Case("API", "remix with a NUL prompt", Expect.REFUSED, () -> api().contentType("application/json")
                .body("{\"prompt\": \"\\u0000\"}").post("/v1/videos/video_" + video + "/remix")));
        cases.add(new Case("API", "remix another team's video", Expect.REFUSED, () -> api().contentType("application/json")
                .body("{\"prompt\": \"make it blue\"}").post("/v1/videos/video_" + foreignVideo + "/remix")));
    }

    // ------------------------------------------------------------------ provider webhooks

    private Response delivery(String id, long timestamp, String body, String signedBody) {
        return RestAssured.given().contentType("application/json").header("webhook-id", id)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", sign(OPENAI_SECRET, id, timestamp, signedBody == null ? body : signedBody))
                .body(body).post("/webhooks/openai");
    }

    private void providerWebhooks(List<Case> cases) {
        // Signatures are checked against the machine's clock by design (a provider signs with its clock, not ours).
        long now = Instant.now().getEpochSecond();
        String event = "{\"id\":\"evt_1\",\"type\":\"video.completed\",\"created_at\":" + now + ",\"data\":{\"id\":\"video_x\"}}";
        cases.add(new Case("webhook", "signed, but not JSON", Expect.REFUSED_QUIETLY,
                () -> delivery("hostile-" + Fixtures.unique("a"), now, "this is not json", null)));
        cases.add(new Case("webhook", "signed, JSON of the wrong shape", Expect.REFUSED_QUIETLY,
                () -> delivery("hostile-" + Fixtures.unique("b"), now, "[1, 2, 3]", null)));
        cases.add(new Case("webhook", "signed an hour ago", Expect.REFUSED_QUIETLY,
                () -> delivery("hostile-" + Fixtures.unique("c"), now - 3_600, event, null)));
        cases.add(new Case("webhook", "signed an hour ahead", Expect.REFUSED_QUIETLY,
                () -> delivery("hostile-" + Fixtures.unique("d"), now + 3_600, event, null)));
        cases.add(new Case("webhook", "body changed after signing", Expect.REFUSED_QUIETLY,
                () -> delivery("hostile-" + Fixtures.unique("e"), now, event.replace("video_x", "video_y"), event)));
        cases.add(new Case("webhook", "over 256 KiB", Expect.REFUSED_QUIETLY,
                () -> delivery("hostile-" + Fixtures.unique("f"), now, "{\"pad\":\"" + "x".repeat(300_000) + "\"}", null)));
        cases.add(new Case("webhook", "no signature headers", Expect.REFUSED_QUIETLY,
                () -> RestAssured.given().contentType("application/json").body(event).post("/webhooks/openai")));
        cases.add(new Case("webhook", "timestamp not a number", Expect.REFUSED_QUIETLY, () -> RestAssured.given()
                .contentType("application/json").header("webhook-id", "hostile-" + Fixtures.unique("g"))
                .header("webhook-timestamp", "yesterday").header("webhook-signature", "v1,AAAA").body(event)
                .post("/webhooks/openai")));
        cases.add(new Case("webhook", "unknown provider", Expect.REFUSED_QUIETLY,
                () -> RestAssured.given().contentType("application/json").body(event).post("/webhooks/nobody")));
    }

    static String sign(String secret, String id, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
            byte[] digest = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(digest);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ operator console

    private void operator(List<Case> cases) {
        String ops = "/ops/teams/" + team.slug;
        cases.add(new Case("ops", "unknown tier", Expect.REFUSED, () -> operator.form().formParam("tier", "GOLD").post(ops + "/tier")));
        cases.add(new Case("ops", "limits negative", Expect.REFUSED, () -> operator.form().formParam("perMinute", "-1")
                .formParam("perDay", "10").post(ops + "/limits")));
        cases.add(new Case("ops", "limits not numbers", Expect.REFUSED, () -> operator.form().formParam("perMinute", "lots")
                .formParam("perDay", "more").post(ops + "/limits")));
        cases.add(new Case("ops", "limits beyond an int", Expect.REFUSED, () -> operator.form()
                .formParam("perMinute", "99999999999").formParam("perDay", "99999999999").post(ops + "/limits")));
        cases.add(new Case("ops", "per minute above per day", Expect.REFUSED, () -> operator.form()
                .formParam("perMinute", "500").formParam("perDay", "10").post(ops + "/limits")));
        cases.add(new Case("ops", "budget negative", Expect.REFUSED,
                () -> operator.form().formParam("amount", "-100").post(ops + "/budget")));
        cases.add(new Case("ops", "budget not a number", Expect.REFUSED,
                () -> operator.form().formParam("amount", "a lot").post(ops + "/budget")));
        cases.add(new Case("ops", "unknown model", Expect.REFUSED,
                () -> operator.form().formParam("model", "nowhere/nothing").post(ops + "/models")));
        cases.add(new Case("ops", "archive without confirming", Expect.REFUSED, () -> operator.form().post(ops + "/archive")));
        cases.add(new Case("ops", "archive confirming the wrong name", Expect.REFUSED,
                () -> operator.form().formParam("confirm", "not-the-slug").post(ops + "/archive")));
        cases.add(new Case("ops", "invite an admin with a bad address", Expect.REFUSED,
                () -> operator.form().formParam("email", "nobody").post(ops + "/invitations")));
        cases.add(new Case("ops", "an unknown team", Expect.REFUSED,
                () -> operator.form().formParam("tier", "PRO").post("/ops/teams/no-such-team-here/tier")));
        cases.add(new Case("ops", "a member is not an operator", Expect.REFUSED,
                () -> admin.form().formParam("tier", "ENTERPRISE").post(ops + "/tier")));
    }
}
