package io.reelgate.provider;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Upstream calls by provider, kind and outcome ({@code reelgate_provider_calls_seconds_*}), and
 * this instance's view of each provider's health for the operator console ({@link ProviderHealth}).
 */
@ApplicationScoped
public class ProviderMetrics implements ProviderHttp.CallObserver {

    private final MeterRegistry registry;
    private final ProviderHealth health;

    ProviderMetrics(MeterRegistry registry, ProviderHealth health) {
        this.registry = registry;
        this.health = health;
    }

    @Override
    public void started(String provider, ProviderHttp.Call call) {
        health.started(provider);
    }

    @Override
    public void finished(String provider, ProviderHttp.Call call, String outcome, int attempts, Duration elapsed) {
        health.finished(provider, outcome, java.time.Instant.now());
        Timer.builder("reelgate.provider.calls")
                .description("Calls to video providers, including retries")
                .tag("provider", provider)
                .tag("call", call.name().toLowerCase())
                .tag("outcome", outcome)
                .register(registry)
                .record(elapsed);
        if (attempts > 1) {
            registry.counter("reelgate.provider.retries", "provider", provider, "call", call.name().toLowerCase())
                    .increment(attempts - 1);
        }
    }
}
