package io.reelgate.provider.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * The simulated Vertex AI over HTTP as a client sees it: service-account JWTs exchanged for bearer
 * tokens (and refused when forged), Veo operations polled with {@code fetchPredictOperation} until
 * done with inline or Cloud Storage videos, the Responsible-AI filter, operation errors, retired,
 * unknown and foreign resources, revoked tokens and Google's validation and quota errors.
 */
@QuarkusTest
class VertexSimulatorOverHttpTest {

    static final String ADMIN = "Bearer sk-sim-reelgate-dev";
    static final String MODEL = "veo-3.1-fast-generate-001";
    static final String GOOGLE_TOKEN_URL = "https://oauth2.googleapis.com/token";
    static final String SCOPE = "https://www.googleapis.com/auth/cloud-platform";

    static String email;
    static String keyId;
    static PrivateKey devKey;

    @Inject
    VertexSimulator simulator;
    @Inject
    ObjectMapper json;

    @BeforeAll
    static void readTheDevServiceAccount() throws IOException, GeneralSecurityException {
        try (InputStream in = VertexSimulatorOverHttpTest.class.getClassLoader()
                .getResourceAsStream("simulator/vertex-service-account.json")) {
            JsonNode key = new ObjectMapper().readTree(in);
            email = key.get("client_email").asText();
            keyId = key.get("private_key_id").asText();
            String pem = key.get("private_key").asText().replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            devKey = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        }
    }

    @BeforeEach
    @AfterEach
    void clearFaults() {
        RestAssured.given().header("Authorization", ADMIN).contentType("application/json").body(Map.of())
                .put("/sim/admin/faults").then().statusCode(200);
    }

    @Test
    void issuesBearerTokenForAssertionSignedWithTheServiceAccountKey() throws Exception {
        long before = simulator.tokensIssued();
        JsonPath token = exchange(assertion(claims(), devKey)).then().statusCode(200).extract().jsonPath();

        assertThat(token.getString("access_token")).as("access token").startsWith("ya29.sim-");
        assertThat(token.getInt("expires_in")).as("token lifetime in seconds").isEqualTo(3599);
        assertThat(token.getString("token_type")).isEqualTo("Bearer");
        assertThat(simulator.tokensIssued()).as("tokens counted").isEqualTo(before + 1);
    }

    @Test
    void refusesAssertionSignedWithAnotherKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        PrivateKey forged = generator.generateKeyPair().getPrivate();

        exchange(assertion(claims(), forged)).then().statusCode(400).body("error", equalTo("invalid_grant"))
                .body("error_description", equalTo("Invalid JWT Signature."));
    }

    @Test
    void refusesAssertionForAnotherAudienceOrLivingLongerThanAnHour() throws Exception {
        Map<String, Object> elsewhere = claims();
        elsewhere.put("aud", "https://example.com/token");
        exchange(assertion(elsewhere, devKey)).then().statusCode(400).body("error", equalTo("invalid_grant"))
                .body("error_description", containsString("audience"));

        Map<String, Object> tooLong = claims();
        tooLong.put("exp", (long) tooLong.get("iat") + 7200);
        exchange(assertion(tooLong, devKey)).then().statusCode(400).body("error", equalTo("invalid_grant"))
                .body("error_description", containsString("short-lived"));
    }

    @Test
    void createsOperationPolledUntilDoneWithTheVideoInline() throws Exception {
        String token = token();
        String name = create(token, MODEL, body("a red kite over the dunes", Map.of("durationSeconds", 4,
                "generateAudio", true))).then().statusCode(200).extract().path("name");
        assertThat(name).as("operation name").startsWith(
                "projects/reelgate-dev/locations/us-central1/publishers/google/models/" + MODEL + "/operations/");
        assertThat(simulator.received(name)).as("request recorded")
                .hasValueSatisfying(r -> assertThat(r.audio()).as("audio requested").isTrue());

        JsonPath done = awaitDone(token, name);

        assertThat(done.getString("response.'@type'"))
                .isEqualTo("type.googleapis.com/cloud.ai.large_models.vision.GenerateVideoResponse");
        assertThat(done.getInt("response.raiMediaFilteredCount")).isZero();
        List<Map<String, String>> videos = done.getList("response.videos");
        assertThat(videos).as("one video per sample").hasSize(1);
        assertThat(videos.get(0)).containsEntry("mimeType", "video/mp4");
        assertMp4(Base64.getDecoder().decode(videos.get(0).get("bytesBase64Encoded")));
    }

    @Test
    void writesVideosToStorageUriThatCloudStorageServesUntilDeleted() throws Exception {
        String token = token();
        String name = create(token, MODEL, body("a lighthouse at dusk", Map.of("sampleCount", 2,
                "storageUri", "gs://reelgate-out/veo/"))).then().statusCode(200).extract().path("name");
        String id = name.substring(name.lastIndexOf('/') + 1);

        List<Map<String, String>> videos = awaitDone(token, name).getList("response.videos");

        assertThat(videos).extracting(v -> v.get("gcsUri")).as("one object per sample").containsExactly(
                "gs://reelgate-out/veo/" + id + "/sample_0.mp4", "gs://reelgate-out/veo/" + id + "/sample_1.mp4");
        String object = "/sim/vertex/storage/v1/b/reelgate-out/o/veo%2F" + id + "%2Fsample_0.mp4";
        JsonPath metadata = RestAssured.given().urlEncodingEnabled(false).header("Authorization", "Bearer " + token)
                .get(object).then().statusCode(200).extract().jsonPath();
        assertThat(metadata.getString("kind")).isEqualTo("storage#object");
        assertThat(metadata.getString("name")).isEqualTo("veo/" + id + "/sample_0.mp4");
        assertThat(metadata.getString("bucket")).isEqualTo("reelgate-out");
        assertThat(metadata.getString("contentType")).isEqualTo("video/mp4");
        assertThat(metadata.getString("mediaLink")).as("media link").contains("/download/storage/v1/b/reelgate-out/o/veo%2F");

        Response media = RestAssured.given().urlEncodingEnabled(false).header("Authorization", "Bearer " + token)
                .queryParam("alt", "media").get(object);
        assertThat(media.statusCode()).as("media download").isEqualTo(200);
        assertThat(media.contentType()).isEqualTo("video/mp4");
        byte[] bytes = media.asByteArray();
        assertThat(media.header("Content-Length")).as("Content-Length").isEqualTo(String.valueOf(bytes.length));
        assertThat(metadata.getString("size")).as("size is a string of the byte count").isEqualTo(String.valueOf(bytes.length));
        assertMp4(bytes);

        int objects = simulator.objectCount();
        RestAssured.given().urlEncodingEnabled(false).header("Authorization", "Bearer " + token).delete(object).then()
                .statusCode(204);
        assertThat(simulator.objectCount()).as("objects after the delete").isEqualTo(objects - 1);
        RestAssured.given().urlEncodingEnabled(false).header("Authorization", "Bearer " + token).get(object).then()
                .statusCode(404).body("error.code", equalTo(404))
                .body("error.message", equalTo("No such object: reelgate-out/veo/" + id + "/sample_0.mp4"));
    }

    @Test
    void filtersPromptWithAModerationWordAsDoneWithoutVideos() throws Exception {
        String token = token();
        String name = create(token, MODEL, body("a moderation-trigger scene", Map.of())).then().statusCode(200)
                .extract().path("name");

        JsonPath done = awaitDone(token, name);

        assertThat(done.getList("response.videos")).as("videos of a filtered operation").isEmpty();
        assertThat(done.getInt("response.raiMediaFilteredCount")).isEqualTo(1);
        assertThat(done.getList("response.raiMediaFilteredReasons", String.class)).singleElement().asString()
                .contains("Responsible AI practices").contains("Support codes: 58061214");
    }

    @Test
    void endsOperationWithAnErrorForTheErrorTrigger() throws Exception {
        String token = token();
        String name = create(token, MODEL, body("operation-error-trigger please", Map.of())).then().statusCode(200)
                .extract().path("name");

        JsonPath done = awaitDone(token, name);

        assertThat(done.getInt("error.code")).as("google.rpc code INTERNAL").isEqualTo(13);
        assertThat(done.getString("error.message")).isEqualTo("Internal error encountered.");
        assertThat(done.getMap("response")).as("no response beside an error").isNull();
    }

    @Test
    void answersNotFoundForRetiredAndUnknownModels() throws Exception {
        String token = token();
        create(token, "veo-3.0-generate-001", body("a cat", Map.of())).then().statusCode(404)
                .body("error.status", equalTo("NOT_FOUND")).body("error.message", containsString("is no longer available"));
        create(token, "veo-9-imaginary", body("a cat", Map.of())).then().statusCode(404)
                .body("error.status", equalTo("NOT_FOUND")).body("error.message", equalTo("Publisher Model "
                        + "`projects/reelgate-dev/locations/us-central1/publishers/google/models/veo-9-imaginary` was not "
                        + "found or your project does not have access to it. Please ensure you are using a valid model "
                        + "version."));
    }

    @Test
    void refusesAnotherProjectWithPermissionDenied() throws Exception {
        RestAssured.given().urlEncodingEnabled(false).header("Authorization", "Bearer " + token())
                .contentType("application/json").body(body("a cat", Map.of()))
                .post("/sim/vertex/v1/projects/someone-else/locations/us-central1/publishers/google/models/" + MODEL
                        + ":predictLongRunning")
                .then().statusCode(403).body("error.status", equalTo("PERMISSION_DENIED"))
                .body("error.message", startsWith("Permission 'aiplatform.endpoints.predict' denied on resource "
                        + "'//aiplatform.googleapis.com/projects/someone-else/locations/us-central1/publishers/google/models/"));
    }

    @Test
    void answersNotFoundToAPlainGetOfTheOperation() throws Exception {
        String token = token();
        String name = create(token, MODEL, body("a fox", Map.of())).then().statusCode(200).extract().path("name");

        RestAssured.given().header("Authorization", "Bearer " + token).get("/sim/vertex/v1/" + name).then()
                .statusCode(404);
    }

    @Test
    void answersUnauthenticatedOnceTokensAreRevoked() throws Exception {
        String token = token();
        String name = create(token, MODEL, body("a heron", Map.of())).then().statusCode(200).extract().path("name");

        simulator.revokeTokens();

        fetch(token, name).then().statusCode(401).body("error.status", equalTo("UNAUTHENTICATED"))
                .body("error.message", startsWith("Request had invalid authentication credentials."));
        RestAssured.given().urlEncodingEnabled(false).contentType("application/json").body(Map.of("operationName", name))
                .post(modelPath(MODEL) + ":fetchPredictOperation").then().statusCode(401);
    }

    @Test
    void refusesDurationSecondsThatIsNotAJsonInteger() throws Exception {
        create(token(), MODEL, body("a boat", Map.of("durationSeconds", "8"))).then().statusCode(400)
                .body("error.status", equalTo("INVALID_ARGUMENT"))
                .body("error.message", containsString("parameters.duration_seconds"));
    }

    @Test
    void refusesLastFrameWithoutAFirstFrame() throws Exception {
        Map<String, Object> body = body("a bird", Map.of());
        @SuppressWarnings("unchecked")
        Map<String, Object> instance = ((List<Map<String, Object>>) body.get("instances")).get(0);
        instance.put("lastFrame", Map.of("bytesBase64Encoded", "aGVsbG8=", "mimeType", "image/png"));

        create(token(), MODEL, body).then().statusCode(400).body("error.status", equalTo("INVALID_ARGUMENT"));
    }

    @Test
    void answersQuotaExceededWithRetryInfoDuringA429Burst() throws Exception {
        String token = token();
        RestAssured.given().header("Authorization", ADMIN).contentType("application/json")
                .body(Map.of("rateLimitNext", 1, "retryAfterMs", 2000)).put("/sim/admin/faults").then().statusCode(200);

        create(token, MODEL, body("a kite", Map.of())).then().statusCode(429)
                .body("error.status", equalTo("RESOURCE_EXHAUSTED"))
                .body("error.message", containsString("with base model: " + MODEL))
                .body("error.details[0].'@type'", equalTo("type.googleapis.com/google.rpc.RetryInfo"))
                .body("error.details[0].retryDelay", equalTo("2s"));
        create(token, MODEL, body("a kite", Map.of())).then().statusCode(200);
    }

    // ---------------------------------------------------------------- helpers

    private static Map<String, Object> claims() {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", email);
        claims.put("scope", SCOPE);
        claims.put("aud", GOOGLE_TOKEN_URL);
        claims.put("iat", now);
        claims.put("exp", now + 3600);
        return claims;
    }

    /** An RS256 JWT as google-auth-library-java signs it: header with kid, SHA256withRSA over header.payload. */
    private String assertion(Map<String, Object> claims, PrivateKey key) throws Exception {
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String header = url.encodeToString(json.writeValueAsBytes(Map.of("alg", "RS256", "typ", "JWT", "kid", keyId)));
        String payload = url.encodeToString(json.writeValueAsBytes(claims));
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(key);
        signer.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
        return header + "." + payload + "." + url.encodeToString(signer.sign());
    }

    private static Response exchange(String assertion) {
        return RestAssured.given().contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer").formParam("assertion", assertion)
                .post("/sim/vertex/token");
    }

    private String token() throws Exception {
        return exchange(assertion(claims(), devKey)).then().statusCode(200).extract().path("access_token");
    }

    private static String modelPath(String model) {
        return "/sim/vertex/v1/projects/reelgate-dev/locations/us-central1/publishers/google/models/" + model;
    }

    private static Map<String, Object> body(String prompt, Map<String, Object> parameters) {
        Map<String, Object> instance = new LinkedHashMap<>();
        instance.put("prompt", prompt);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("instances", List.of(instance));
        body.put("parameters", parameters);
        return body;
    }

    private static Response create(String token, String model, Map<String, Object> body) {
        return RestAssured.given().urlEncodingEnabled(false).header("Authorization", "Bearer " + token).contentType("application/json").body(body)
                .post(modelPath(model) + ":predictLongRunning");
    }

    private static Response fetch(String token, String name) {
        String model = name.substring(name.indexOf("/models/") + 8, name.indexOf("/operations/"));
        return RestAssured.given().urlEncodingEnabled(false).header("Authorization", "Bearer " + token)
                .contentType("application/json").body(Map.of("operationName", name))
                .post(modelPath(model) + ":fetchPredictOperation");
    }

    private static JsonPath awaitDone(String token, String name) {
        JsonPath[] last = new JsonPath[1];
        Awaitility.await("operation " + name + " done").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    last[0] = fetch(token, name).then().statusCode(200).extract().jsonPath();
                    assertThat(last[0].getString("name")).isEqualTo(name);
                    return last[0].getBoolean("done");
                });
        return last[0];
    }

    private static void assertMp4(byte[] bytes) {
        assertThat(bytes.length).as("video size").isGreaterThan(8);
        assertThat(new String(bytes, 4, 4, StandardCharsets.US_ASCII)).as("MP4 ftyp box").isEqualTo("ftyp");
    }
}
