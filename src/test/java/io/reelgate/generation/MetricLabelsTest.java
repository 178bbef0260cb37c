package io.reelgate.generation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Label values stay a bounded set whatever a provider sends as its error code. */
class MetricLabelsTest {

    @Test
    void knownCodesAreKeptAndAnythingElseIsOther() {
        assertThat(PipelineMetrics.label("moderation_blocked")).isEqualTo("moderation_blocked");
        assertThat(PipelineMetrics.label("content_expired")).isEqualTo("content_expired");
        assertThat(PipelineMetrics.label("ERR_7f3a9c-request-abc123")).isEqualTo("other");
        assertThat(PipelineMetrics.label("team-acme-secret")).isEqualTo("other");
        assertThat(PipelineMetrics.label(null)).isEqualTo("none");
        assertThat(PipelineMetrics.label(" ")).isEqualTo("none");
    }
}
