package io.reelgate.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.util.Optional;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.testing.Fixtures;
import io.reelgate.testing.Images;
import io.reelgate.testing.PipelineDrain;
import io.reelgate.testing.SimulatorWire;

/**
 * Creative control at Replicate, fal.ai, Runway, xAI and OpenRouter, over HTTP against their
 * simulators: reference images, last frames and extensions reach each provider in its own wire
 * shape, and what it would refuse is refused before anything is sent.
 */
@QuarkusTest
class CreativeOverHttpTest {

    static final InputImage RED = Images.solid(new Color(220, 30, 30), 64, 36);
    static final InputImage BLUE = Images.solid(new Color(30, 40, 220), 64, 36);

    @Inject
    Providers providers;
    @Inject
    SimulatorWire wire;
    @Inject
    PipelineDrain drain;

    @BeforeEach
    void drained() {
        drain.drain();
    }

    private static CreateVideo request(String model, String prompt, String size, int seconds) {
        return new CreateVideo(model, prompt, size, seconds, Optional.empty(), true, null);
    }

    private static RemoteVideo created(VideoProvider provider, CreateVideo request) {
        ProviderResult<RemoteVideo> created = provider.create(request);
        assertTrue(created.isOk(), () -> provider.name() + " create: " + created);
        return created.value();
    }

    private static void refusedUnsent(VideoProvider provider, CreateVideo request, String param, String words) {
        ProviderError refusal = provider.refusal(request).orElseThrow(() -> new AssertionError("not refused: " + request));
        assertEquals(ProviderError.Kind.INVALID_REQUEST, refusal.kind());
        assertEquals(param, refusal.param(), refusal.message());
        assertThat(refusal.message()).contains(words);
        assertEquals(refusal, provider.create(request).error(), "create refuses it the same way, before sending");
    }

    @Test
    void replicateMapsReferenceImagesAndLastFramePerModel() {
        VideoProvider replicate = providers.get("replicate");
        String prompt = Fixtures.unique("The same mascot");
        created(replicate, request("google/veo-3.1", prompt, "1280x720", 8).withReferences(Reference.asset(RED),
                Reference.asset(BLUE)));
        JsonNode refs = wire.sent("replicate", "/input/prompt", prompt).orElseThrow().at("/input/reference_images");
        assertEquals(2, refs.size());
        assertEquals(RED.dataUri(), refs.path(0).asText(), "data URIs, in order");

        String framed = Fixtures.unique("Red to blue");
        created(replicate, new CreateVideo("google/veo-3.1", framed, "1280x720", 4, Optional.of(RED), true, null)
                .withLastFrame(BLUE));
        JsonNode input = wire.sent("replicate", "/input/prompt", framed).orElseThrow().path("input");
        assertEquals(BLUE.dataUri(), input.path("last_frame").asText());
        assertEquals(RED.dataUri(), input.path("image").asText());

        String refused = Fixtures.unique("Refused");
        refusedUnsent(replicate, request("google/veo-3.1", refused, "720x1280", 8).withReferences(Reference.asset(RED)),
                "references", "only 16:9 videos");
        refusedUnsent(replicate, request("google/veo-3.1", refused, "1280x720", 4).withReferences(Reference.asset(RED)),
                "references", "only 8-second videos");
        refusedUnsent(replicate, request("kwaivgi/kling-v2.1-master", refused, "1920x1080", 5)
                .withReferences(Reference.asset(RED)), "references", "takes no reference images");
        assertEquals(Optional.empty(), wire.sent("replicate", "/input/prompt", refused));
    }

    @Test
    void falUsesVeosFirstLastReferenceAndExtendEndpoints() {
        VideoProvider fal = providers.get("fal");
        String framed = Fixtures.unique("From red to blue");
        created(fal, new CreateVideo("fal-ai/veo3.1", framed, "1280x720", 8, Optional.of(RED), true, null)
                .withLastFrame(BLUE));
        JsonNode first = wire.sent("fal", "/input/prompt", framed).orElseThrow();
        assertEquals("fal-ai/veo3.1/first-last-frame-to-video", first.path("endpoint").asText());
        assertTrue(first.at("/input/first_frame_url").isTextual() && first.at("/input/last_frame_url").isTextual(),
                () -> "both frames: " + first);

        String referenced = Fixtures.unique("The same teapot");
        created(fal, request("fal-ai/veo3.1", referenced, "1280x720", 8).withReferences(Reference.asset(RED),
                Reference.asset(BLUE)));
        JsonNode refs = wire.sent("fal", "/input/prompt", referenced).orElseThrow();
        assertEquals("fal-ai/veo3.1/reference-to-video", refs.path("endpoint").asText());
        assertEquals(2, refs.at("/input/image_urls").size());

        RemoteVideo source = SimulatorWire.awaitTerminal(fal, created(fal, request("fal-ai/veo3.1",
                Fixtures.unique("A boat leaves"), "1280x720", 4)).id());
        assertEquals(VideoStatus.COMPLETED, source.status(), () -> source.errorCode() + ": " + source.errorMessage());
        VideoExtender extender = (VideoExtender) fal;
        assertEquals(new VideoExtender.Limits(7, 7), fal.creative("fal-ai/veo3.1").extension().limits());
        String next = Fixtures.unique("It sails away");
        ProviderResult<RemoteVideo> extended = extender.extend(new VideoExtender.ExtendVideo("fal-ai/veo3.1", next, 7,
                source.result().url(), source.id(), 4));
        assertTrue(extended.isOk(), () -> "extend: " + extended);
        JsonNode sent = wire.sent("fal", "/input/prompt", next).orElseThrow();
        assertEquals("fal-ai/veo3.1/extend-video", sent.path("endpoint").asText());
        assertEquals(source.result().url(), sent.at("/input/video_url").asText());
        RemoteVideo done = SimulatorWire.awaitTerminal(fal, extended.value().id());
        assertEquals(VideoStatus.COMPLETED, done.status(), () -> done.errorCode() + ": " + done.errorMessage());
        assertEquals("seconds", extender.extend(new VideoExtender.ExtendVideo("fal-ai/veo3.1", next, 5,
                source.result().url())).error().param(), "Veo extends by 7 s");
    }

    @Test
    void runwaySendsSeedanceReferencesAndRefusesThemElsewhere() {
        VideoProvider runway = providers.get("runway");
        String prompt = Fixtures.unique("The same dancer");
        created(runway, request("seedance2", prompt, "1280x720", 5).withReferences(Reference.asset(RED)));
        JsonNode refs = wire.sent("runway", "/promptText", prompt).orElseThrow().path("referenceImages");
        assertEquals(RED.dataUri(), refs.path(0).path("uri").asText());
        assertThat(refs.path(0).has("position")).as("references have no position").isFalse();
        refusedUnsent(runway, request("veo3.1", Fixtures.unique("No references"), "1280x720", 8)
                .withReferences(Reference.asset(RED)), "references", "takes no reference images");
    }

    @Test
    void xaiSendsReferenceImagesAndTakesNoLastFrame() {
        VideoProvider xai = providers.get("xai");
        String prompt = Fixtures.unique("The same astronaut");
        created(xai, request("grok-imagine-video", prompt, "1280x720", 5).withReferences(Reference.asset(RED),
                Reference.asset(BLUE)));
        JsonNode refs = wire.sent("xai", "/prompt", prompt).orElseThrow().path("reference_images");
        assertEquals(BLUE.dataUri(), refs.path(1).path("url").asText());
        refusedUnsent(xai, new CreateVideo("grok-imagine-video", Fixtures.unique("Ends"), "1280x720", 5,
                Optional.of(RED), true, null).withLastFrame(BLUE), "lastFrame", "takes no last frame");
        refusedUnsent(xai, request("grok-imagine-video", Fixtures.unique("Styled"), "1280x720", 5)
                .withReferences(Reference.style(RED)), "references", "no style references");
    }

    @Test
    void openRouterSendsInputReferencesLastFramesAndExtendsItsOwnJobs() {
        VideoProvider openRouter = providers.get("openrouter");
        String prompt = Fixtures.unique("The same car");
        created(openRouter, request("google/veo-3.1", prompt, "1280x720", 8).withReferences(Reference.asset(RED)));
        JsonNode ref = wire.sent("openrouter", "/prompt", prompt).orElseThrow().at("/input_references/0");
        assertEquals("image_url", ref.path("type").asText());
        assertEquals(RED.dataUri(), ref.at("/image_url/url").asText());

        String framed = Fixtures.unique("Red to blue at OpenRouter");
        RemoteVideo source = created(openRouter, new CreateVideo("google/veo-3.1", framed, "1280x720", 4,
                Optional.of(RED), true, null).withLastFrame(BLUE));
        JsonNode frames = wire.sent("openrouter", "/prompt", framed).orElseThrow().path("frame_images");
        assertEquals("last_frame", frames.path(1).path("frame_type").asText());
        assertEquals(BLUE.dataUri(), frames.path(1).at("/image_url/url").asText());
        refusedUnsent(openRouter, request("alibaba/wan-2.6", Fixtures.unique("Wan"), "1280x720", 5)
                .withReferences(Reference.asset(RED)), "references", "takes no reference images");

        RemoteVideo done = SimulatorWire.awaitTerminal(openRouter, source.id());
        assertEquals(VideoStatus.COMPLETED, done.status(), () -> done.errorCode() + ": " + done.errorMessage());
        VideoExtender extender = (VideoExtender) openRouter;
        String next = Fixtures.unique("And drives on");
        ProviderResult<RemoteVideo> extended = extender.extend(new VideoExtender.ExtendVideo("google/veo-3.1", next, 4,
                null, done.id(), 4));
        assertTrue(extended.isOk(), () -> "extend: " + extended);
        assertEquals(done.id(), wire.sent("openrouter", "/prompt", next).orElseThrow().path("previous_job_id").asText());
        assertEquals("video", extender.extend(new VideoExtender.ExtendVideo("google/veo-3.1", next, 4, null, null, 4))
                .error().param(), "an extension names the job it continues");
    }
}
