package io.reelgate.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.testing.Fixtures;
import io.reelgate.testing.Images;
import io.reelgate.testing.Mp4;
import io.reelgate.testing.PipelineDrain;
import io.reelgate.testing.SimulatorWire;
import io.restassured.RestAssured;

/**
 * Creative control on Veo, over HTTP against the simulated Gemini API and Vertex AI: asset
 * references, a first and last frame, and extension reach Google's wire shape
 * ({@code referenceImages}, {@code lastFrame}, {@code video.uri}); what Google would refuse is
 * refused before anything is sent; and the rendered clip shows the references and ends on the
 * last frame.
 */
@QuarkusTest
class GoogleCreativeOverHttpTest {

    static final String GEMINI_VEO = "veo-3.1-fast-generate-preview";
    static final String VERTEX_VEO = "veo-3.1-fast-generate-001";
    static final String PROMPT = "/instances/0/prompt";
    static final InputImage RED = Images.solid(new Color(220, 30, 30), 64, 36);
    static final InputImage BLUE = Images.solid(new Color(30, 40, 220), 64, 36);
    static final InputImage GREEN = Images.solid(new Color(30, 200, 60), 64, 36);

    @Inject
    Providers providers;
    @Inject
    SimulatorWire wire;
    @Inject
    PipelineDrain drain;

    VideoProvider gemini;
    VideoProvider vertex;

    @BeforeEach
    void providers() {
        gemini = providers.get("veo");
        vertex = providers.get("vertex");
        drain.drain();
    }

    private static CreateVideo request(String model, String prompt, int seconds) {
        return new CreateVideo(model, prompt, "1280x720", seconds, Optional.empty(), true, null);
    }

    @Test
    void geminiDeclaresVeoCreativeControlPerModel() {
        Creative veo = gemini.creative(GEMINI_VEO);
        assertEquals(3, veo.references().max());
        assertEquals(java.util.Set.of(Reference.Kind.ASSET), veo.references().kinds(), "STYLE is Vertex-only");
        assertTrue(veo.lastFrame().needsFirstFrame());
        assertEquals(new VideoExtender.Limits(7, 7), veo.extension().limits());
        assertEquals(Creative.NONE, gemini.creative("veo-3.1-lite-generate-preview"), "Lite: text and one image only");
        assertEquals(java.util.Set.of(Reference.Kind.ASSET, Reference.Kind.STYLE),
                vertex.creative(VERTEX_VEO).references().kinds());
    }

    @Test
    void assetReferencesReachTheGeminiApiAsReferenceImages() {
        String prompt = Fixtures.unique("The same red robot in every shot");
        ProviderResult<RemoteVideo> created = gemini.create(request(GEMINI_VEO, prompt, 8)
                .withReferences(Reference.asset(RED), Reference.asset(BLUE)));
        assertTrue(created.isOk(), () -> "create: " + created);
        JsonNode instance = wire.sent("gemini", PROMPT, prompt).orElseThrow().at("/instances/0");
        JsonNode refs = instance.path("referenceImages");
        assertEquals(2, refs.size(), "both references sent");
        assertEquals("ASSET", refs.path(0).path("referenceType").asText());
        assertEquals("image/png", refs.path(0).path("image").path("mimeType").asText());
        assertEquals(Base64.getEncoder().encodeToString(BLUE.bytes()), refs.path(1).path("image")
                .path("bytesBase64Encoded").asText(), "inline base64, in order");
        assertThat(instance.has("image") || instance.has("lastFrame")).as("no frames with references").isFalse();
    }

    @Test
    void whatGoogleWouldRefuseIsRefusedBeforeItIsSent() {
        String prompt = Fixtures.unique("Refused before sending");
        List<CreateVideo> refused = List.of(
                request(GEMINI_VEO, prompt, 8).withReferences(Reference.style(RED)),
                request(GEMINI_VEO, prompt, 6).withReferences(Reference.asset(RED)),
                request(GEMINI_VEO, prompt, 8).withReferences(List.of(Reference.asset(RED), Reference.asset(RED),
                        Reference.asset(RED), Reference.asset(RED))),
                new CreateVideo(GEMINI_VEO, prompt, "1280x720", 8, Optional.of(GREEN), true, null)
                        .withReferences(Reference.asset(RED)),
                request(GEMINI_VEO, prompt, 8).withLastFrame(GREEN),
                request("veo-3.1-lite-generate-preview", prompt, 8).withReferences(Reference.asset(RED)));
        for (CreateVideo request : refused) {
            ProviderError refusal = gemini.refusal(request).orElseThrow(() -> new AssertionError("not refused: " + request));
            assertEquals(ProviderError.Kind.INVALID_REQUEST, refusal.kind());
            assertThat(refusal.param()).isIn("references", "lastFrame");
            assertEquals(refusal, gemini.create(request).error(), "create refuses the same way");
        }
        assertEquals(Optional.empty(), wire.sent("gemini", PROMPT, prompt), "nothing reached Google");
    }

    @Test
    void aFirstAndLastFrameReachVertexAndTheClipEndsOnTheLastFrame() throws IOException {
        String prompt = Fixtures.unique("From green to blue");
        ProviderResult<RemoteVideo> created = vertex.create(new CreateVideo(VERTEX_VEO, prompt, "1280x720", 4,
                Optional.of(GREEN), true, null).withLastFrame(BLUE));
        assertTrue(created.isOk(), () -> "create: " + created);
        JsonNode instance = wire.sent("vertex", PROMPT, prompt).orElseThrow().at("/instances/0");
        assertEquals(Base64.getEncoder().encodeToString(BLUE.bytes()), instance.path("lastFrame")
                .path("bytesBase64Encoded").asText());
        Mp4.Decoded clip = decoded(vertex, created.value());
        assertTrue(Images.near(new Color(30, 40, 220), clip.last().getRGB(clip.last().getWidth() / 2,
                clip.last().getHeight() / 2), 40), "the last frame is the given last frame");
        assertTrue(Images.near(new Color(30, 200, 60), clip.first().getRGB(clip.first().getWidth() / 2,
                clip.first().getHeight() / 2), 40), "the first frame is the given first frame");
    }

    @Test
    void styleReferencesReachVertexAndShowInEveryFrame() throws IOException {
        String prompt = Fixtures.unique("In the style of a red poster");
        ProviderResult<RemoteVideo> created = vertex.create(request(VERTEX_VEO, prompt, 8)
                .withReferences(Reference.style(RED), Reference.asset(BLUE)));
        assertTrue(created.isOk(), () -> "create: " + created);
        JsonNode refs = wire.sent("vertex", PROMPT, prompt).orElseThrow().at("/instances/0/referenceImages");
        assertEquals("STYLE", refs.path(0).path("referenceType").asText());
        assertEquals("ASSET", refs.path(1).path("referenceType").asText());
        Mp4.Decoded clip = decoded(vertex, created.value());
        for (BufferedImage frame : List.of(clip.first(), clip.last())) {
            int side = Math.max(6, frame.getHeight() / 3);
            int x = frame.getWidth() - side / 2;
            assertTrue(Images.near(new Color(220, 30, 30), frame.getRGB(x, side / 2), 40),
                    "the first reference's colour swatch is drawn at the top right");
            assertTrue(Images.near(new Color(30, 40, 220), frame.getRGB(x, side + side / 2), 40),
                    "the second reference's swatch below it");
        }
    }

    @Test
    void geminiExtendsAVideoItMadeAndOnlyThat() {
        String prompt = Fixtures.unique("A kite rises");
        RemoteVideo source = SimulatorWire.awaitTerminal(gemini, gemini.create(request(GEMINI_VEO, prompt, 8)).value().id());
        assertEquals(VideoStatus.COMPLETED, source.status());
        VideoExtender extender = (VideoExtender) gemini;
        String next = Fixtures.unique("It flies over the sea");
        ProviderResult<RemoteVideo> extended = extender.extend(new VideoExtender.ExtendVideo(GEMINI_VEO, next, 7,
                source.result().url(), source.id(), 8));
        assertTrue(extended.isOk(), () -> "extend: " + extended);
        assertEquals(15, extended.value().seconds(), "the source and its continuation");
        assertEquals(source.result().url(), wire.sent("gemini", PROMPT, next).orElseThrow().at("/instances/0/video/uri")
                .asText());
        RemoteVideo done = SimulatorWire.awaitTerminal(gemini, extended.value().id());
        assertEquals(VideoStatus.COMPLETED, done.status(), () -> done.errorCode() + ": " + done.errorMessage());

        ProviderError foreign = extender.extend(new VideoExtender.ExtendVideo(GEMINI_VEO, next, 7,
                "https://example.com/files/x:download?alt=media", null, 8)).error();
        assertEquals("video", foreign.param(), "another host's video is not Veo's own");
        assertEquals("seconds", extender.extend(new VideoExtender.ExtendVideo(GEMINI_VEO, next, 4, source.result().url(),
                null, 8)).error().param());
    }

    @Test
    void theSimulatedGeminiApiRefusesWhatGoogleRefusesInItsOwnFormat() {
        Map<String, Object> style = Map.of("image", VeoMedia.inline(RED), "referenceType", "STYLE");
        Map<String, Object> body = Map.of("instances", List.of(Map.of("prompt", "Styled", "referenceImages", List.of(style))),
                "parameters", Map.of("durationSeconds", 8));
        RestAssured.given().urlEncodingEnabled(false).header("x-goog-api-key", "sim-gemini-reelgate-dev").contentType("application/json").body(body)
                .post("/sim/gemini/v1beta/models/" + GEMINI_VEO + ":predictLongRunning").then().statusCode(400)
                .body("error.status", equalTo("INVALID_ARGUMENT"))
                .body("error.message", containsString("referenceType STYLE is not supported"));
    }

    private static Mp4.Decoded decoded(VideoProvider provider, RemoteVideo created) throws IOException {
        RemoteVideo done = SimulatorWire.awaitTerminal(provider, created.id());
        assertEquals(VideoStatus.COMPLETED, done.status(), () -> done.errorCode() + ": " + done.errorMessage());
        Path file = Files.createTempFile("creative", ".mp4");
        try (VideoContent content = provider.download(done.result(), Variant.VIDEO).value();
                InputStream in = content.body()) {
            Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return Mp4.decode(file);
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
