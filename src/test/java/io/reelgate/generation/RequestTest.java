package io.reelgate.generation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.reelgate.generation.GenerationService.Request;

class RequestTest {

    @Test
    void aRequestBuiltByNameHasExactlyTheOptionsNamed() {
        Request plain = Request.of(1, 2, "simulator", "sora-2", "1280x720", 4, "A fox");
        assertEquals(new Request(1, 2, "simulator", "sora-2", "1280x720", 4, "A fox", Optional.empty(), null, false, false,
                false, null, null, null, CreativeInputs.NONE), plain, "of(...) sets no option");

        Request everything = plain.withRemixOf(9L).withBatch(true).withScheduleIfLimited(true).withAudio(true)
                .withNegativePrompt("rain").fromApiKey(7).forStoryboard(5);
        assertEquals(new Request(1, 2, "simulator", "sora-2", "1280x720", 4, "A fox", Optional.empty(), 9L, true, true,
                true, "rain", 7L, 5L, CreativeInputs.NONE), everything, "each wither sets its own component and keeps the others");
        assertEquals(plain.fromApiKey(7).forStoryboard(5), everything.withRemixOf(null).withBatch(false)
                .withScheduleIfLimited(false).withAudio(false).withNegativePrompt(null),
                "the options a form can switch off are taken back by the same withers");
    }
}
