package io.reelgate.generation;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.reelgate.budget.BudgetSettings;
import io.reelgate.testing.Fixtures;

/**
 * Polls per minute of generation with webhooks off, at production polling intervals (10–60 s)
 * and 2-minute generations. Takes about three minutes.
 */
@QuarkusTest
@TestProfile(UpstreamCallsPollingBenchmark.Polling.class)
class UpstreamCallsPollingBenchmark {

    public static class Polling implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("reelgate.generation.webhooks", "false",
                    "reelgate.generation.min-poll-interval", "10S",
                    "reelgate.generation.max-poll-interval", "60S",
                    "reelgate.simulator.queue-time", "5S",
                    "reelgate.simulator.generation-time", "120S",
                    "reelgate.simulator.webhook.enabled", "false");
        }
    }

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
    void withoutWebhooks() {
        UpstreamCalls.measure("Webhooks off (production polling: 10–60 s, 2-minute generations)", 10, generation, jobs,
                fixtures, settings, registry);
    }
}
