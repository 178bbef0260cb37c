package io.reelgate.generation;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.budget.BudgetSettings;
import io.reelgate.testing.Fixtures;

/**
 * Provider calls per completed video with webhooks on (goal: create + 3 downloads, no polls).
 * {@code ./mvnw test -Dtest='UpstreamCalls*Benchmark' -Dsurefire.failIfNoSpecifiedTests=false}
 */
@QuarkusTest
class UpstreamCallsWithWebhooksBenchmark {

    @Inject
    GenerationService generation;
    @Inject
    JobStore jobs;
    @Inject
    Fixtures fixtures;
    @Inject
    BudgetSettings settings;
    @Inject
    MeterRegistry registry;

    @Test
    void withWebhooks() {
        UpstreamCalls.measure("Webhooks on (test timings: 0.35 s generations)", 30, generation, jobs, fixtures, settings,
                registry);
    }
}
