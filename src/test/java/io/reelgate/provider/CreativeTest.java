package io.reelgate.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.reelgate.testing.Images;

/**
 * The creative rules every adapter shares ({@link Creative#refusal}): what a provider would refuse
 * of references and last frames is said with the parameter and a sentence, before anything is sent.
 */
class CreativeTest {

    static final InputImage RED = Images.solid(Color.RED, 32, 18);
    static final Creative VEO = new Creative(Creative.References.upTo(3, Reference.Kind.ASSET)
            .onlyAt(List.of("16:9"), List.of(8)), Creative.LastFrame.WITH_FIRST_FRAME, Creative.Extension.adding(7, 7, 141));

    private static CreateVideo request(int seconds) {
        return new CreateVideo("veo", "A red fox", "1280x720", seconds, Optional.empty(), true, null);
    }

    private static ProviderError refused(CreateVideo request, String ratio) {
        Optional<ProviderError> refusal = VEO.refusal(request, "Veo 3.1", ratio);
        assertTrue(refusal.isPresent(), () -> "expected a refusal of " + request);
        assertEquals(ProviderError.Kind.INVALID_REQUEST, refusal.get().kind());
        return refusal.get();
    }

    @Test
    void acceptsUpToThreeAssetReferencesAloneAtTheirShapeAndLength() {
        assertEquals(Optional.empty(), VEO.refusal(request(8).withReferences(Reference.asset(RED), Reference.asset(RED),
                Reference.asset(RED)), "Veo 3.1", "16:9"));
    }

    @Test
    void refusesMoreReferencesThanTheModelTakes() {
        ProviderError e = refused(request(8).withReferences(List.of(Reference.asset(RED), Reference.asset(RED),
                Reference.asset(RED), Reference.asset(RED))), "16:9");
        assertEquals("references", e.param());
        assertThat(e.message()).isEqualTo("Veo 3.1 takes at most 3 reference images; this request has 4.");
    }

    @Test
    void refusesStyleReferencesWhereOnlyAssetsAreTaken() {
        ProviderError e = refused(request(8).withReferences(Reference.style(RED)), "16:9");
        assertEquals("references", e.param());
        assertThat(e.message()).contains("asset references only, no style references");
    }

    @Test
    void refusesReferencesWithAFirstOrLastFrameWhereTheyDoNotCombine() {
        CreateVideo withFirst = new CreateVideo("veo", "A red fox", "1280x720", 8, Optional.of(RED), true, null)
                .withReferences(Reference.asset(RED));
        assertThat(refused(withFirst, "16:9").message()).contains("cannot combine reference images with a first frame");
        ProviderError withLast = refused(withFirst.withReferences(List.of()).withLastFrame(RED)
                .withReferences(Reference.asset(RED)), "16:9");
        assertEquals("references", withLast.param());
    }

    @Test
    void refusesReferencesOutsideTheirShapeAndLength() {
        assertThat(refused(request(8).withReferences(Reference.asset(RED)), "9:16").message())
                .isEqualTo("With reference images, Veo 3.1 makes only 16:9 videos, not 9:16.");
        assertThat(refused(request(6).withReferences(Reference.asset(RED)), "16:9").message())
                .isEqualTo("With reference images, Veo 3.1 makes only 8-second videos, not 6 seconds.");
    }

    @Test
    void aLastFrameNeedsAFirstFrameOrIsNotTakenAtAll() {
        ProviderError alone = refused(request(8).withLastFrame(RED), "16:9");
        assertEquals("lastFrame", alone.param());
        assertThat(alone.message()).contains("needs a first frame");
        Optional<ProviderError> none = Creative.NONE.refusal(request(8).withLastFrame(RED), "Grok", null);
        assertEquals("lastFrame", none.orElseThrow().param());
        assertThat(Creative.NONE.refusal(request(8).withReferences(Reference.asset(RED)), "Grok", null).orElseThrow()
                .message()).isEqualTo("Grok takes no reference images: remove them, or choose a model that does.");
    }

    @Test
    void extensionsKeepToTheirLengthsAndSourceLimit() {
        Creative.Extension extension = VEO.extension();
        assertEquals(new VideoExtender.Limits(7, 7), extension.limits());
        assertEquals(Optional.empty(), extension.refusal(new VideoExtender.ExtendVideo("veo", "on", 7, "u", null, 8),
                "Veo 3.1"));
        assertEquals("seconds", extension.refusal(new VideoExtender.ExtendVideo("veo", "on", 5, "u"), "Veo 3.1")
                .orElseThrow().param());
        assertThat(extension.refusal(new VideoExtender.ExtendVideo("veo", "on", 7, "u", null, 142), "Veo 3.1")
                .orElseThrow().message()).contains("up to 141 seconds");
        assertEquals("video", Creative.Extension.NONE.refusal(new VideoExtender.ExtendVideo("m", "p", 5, "u"), "Wan")
                .orElseThrow().param());
    }

    @Test
    void theOldConstructorsStillWorkAndWithersKeepEverythingElse() {
        CreateVideo old = new CreateVideo("m", "p", "1280x720", 8, Optional.of(RED), false, "blur");
        assertEquals(List.of(), old.references());
        CreateVideo full = old.withLastFrame(RED).withSeed(7).withReferences(Reference.asset(RED));
        assertEquals(1, full.references().size());
        assertEquals(7L, full.withLastFrame(RED).seed());
        assertEquals(1, full.withSeed(9).references().size(), "withSeed keeps the references");
        assertEquals("blur", full.negativePrompt());
    }
}
