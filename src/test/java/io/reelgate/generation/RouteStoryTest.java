package io.reelgate.generation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** What the job card and video page say about a job's routes. */
class RouteStoryTest {

    static final RouteStory.Left GEMINI_DOWN = new RouteStory.Left("Google Veo", "Google Veo was unavailable (HTTP 503)");
    static final RouteStory.Left VERTEX_LIMITED = new RouteStory.Left("Google Veo · Vertex AI",
            "Google Veo · Vertex AI was at its rate limit for 120 s");

    @Test
    void thePreferredRouteNeedsNoReason() {
        RouteStory story = new RouteStory("Veo 3.1", "Google Veo · Vertex AI", "preferred", List.of());
        assertThat(story.sentence()).isEqualTo("Veo 3.1 via Google Veo · Vertex AI");
        assertThat(story.why()).isEmpty();
        assertThat(story.moved()).isFalse();
    }

    @Test
    void aMovedJobSaysWhyItLeftEachRoute() {
        assertThat(new RouteStory("Veo 3.1", "Replicate", "preferred", List.of(GEMINI_DOWN)).sentence())
                .isEqualTo("Veo 3.1 via Replicate, after Google Veo was unavailable (HTTP 503)");
        assertThat(new RouteStory("Veo 3.1", "Replicate", "preferred", List.of(VERTEX_LIMITED, GEMINI_DOWN)).sentence())
                .isEqualTo("Veo 3.1 via Replicate, after Google Veo · Vertex AI was at its rate limit for 120 s and "
                        + "Google Veo was unavailable (HTTP 503)");
    }

    @Test
    void aFirstRouteOtherThanThePreferredSaysWhy() {
        assertThat(new RouteStory("Veo 3.1", "Replicate", "cheapest", List.of()).sentence())
                .isEqualTo("Veo 3.1 via Replicate, the cheapest route");
        assertThat(new RouteStory("Veo 3.1", "fal.ai", RoutePlanner.PINNED, List.of()).sentence())
                .isEqualTo("Veo 3.1 via fal.ai, pinned to this route");
        assertThat(new RouteStory("Veo 3.1", "Replicate", "fallback (Google Veo is unavailable (3 failed creates in a row))",
                List.of()).sentence())
                .isEqualTo("Veo 3.1 via Replicate, as a fallback while Google Veo is unavailable (3 failed creates in a row)");
    }

    @Test
    void aJobNoRouteTookSaysSo() {
        RouteStory story = new RouteStory("Veo 3.1", null, "cheapest", List.of(GEMINI_DOWN));
        assertThat(story.via()).isEmpty();
        assertThat(story.sentence()).isEqualTo("Veo 3.1, after Google Veo was unavailable (HTTP 503); no other route took it");
    }
}
