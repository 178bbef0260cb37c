package io.reelgate.testing;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.awaitility.Awaitility;

import com.fasterxml.jackson.databind.JsonNode;

import io.reelgate.provider.RemoteVideo;
import io.reelgate.provider.VideoProvider;
import io.reelgate.provider.simulator.SimulatorEngine;

/** What a simulated API received from an adapter, found by the request's (unique) prompt; and jobs awaited. */
@ApplicationScoped
public class SimulatorWire {

    private final SimulatorEngine engine;

    SimulatorWire(SimulatorEngine engine) {
        this.engine = engine;
    }

    /**
     * The body simulated API {@code api} received whose text at {@code promptPointer} (a JSON
     * pointer, e.g. {@code /instances/0/prompt}) is {@code prompt}; empty when none arrived.
     */
    public Optional<JsonNode> sent(String api, String promptPointer, String prompt) {
        return engine.received(api).stream().filter(b -> prompt.equals(b.at(promptPointer).asText(null))).reduce((a, b) -> b);
    }

    /** Polls the job until it ends (at most 30 s). */
    public static RemoteVideo awaitTerminal(VideoProvider provider, String id) {
        RemoteVideo[] last = new RemoteVideo[1];
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            last[0] = provider.retrieve(id).value();
            return last[0] != null && last[0].status().terminal();
        });
        return last[0];
    }
}
