package io.reelgate.provider.simulator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.provider.CreateVideo;
import io.reelgate.provider.Providers;
import io.reelgate.provider.VideoProvider;
import io.reelgate.provider.VideoStatus;
import io.reelgate.web.LocalServer;

/**
 * The adapter's per-call overhead versus a raw JDK HttpClient GET of the same simulator endpoint,
 * measured in the same run (docs/benchmarks.md). Not part of {@code verify}; run with
 * {@code ./mvnw test -Dtest=AdapterOverheadBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@QuarkusTest
class AdapterOverheadBenchmark {

    static final int CALLS = 3000;

    @Inject
    Providers providers;
    @Inject
    LocalServer local;

    @Test
    void retrieveThroughTheAdapterVersusRawHttp() throws Exception {
        VideoProvider sim = providers.get("simulator");
        String id = sim.create(new CreateVideo("sora-2", "benchmark", "1280x720", 4, Optional.empty())).value().id();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> sim.retrieve(id).value().status() == VideoStatus.COMPLETED);
        HttpClient raw = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(local.url() + "/sim/v1/videos/" + id))
                .header("Authorization", "Bearer sk-sim-reelgate-dev").header("Accept", "application/json").GET().build();

        for (int i = 0; i < 1000; i++) { // warm-up both paths
            raw.send(request, HttpResponse.BodyHandlers.ofString());
            sim.retrieve(id);
        }
        long[] rawNs = new long[CALLS];
        long[] adapterNs = new long[CALLS];
        for (int i = 0; i < CALLS; i++) { // interleaved so both see the same machine state
            long t0 = System.nanoTime();
            raw.send(request, HttpResponse.BodyHandlers.ofString());
            long t1 = System.nanoTime();
            sim.retrieve(id).value();
            long t2 = System.nanoTime();
            rawNs[i] = t1 - t0;
            adapterNs[i] = t2 - t1;
        }
        System.out.println("\n| path | p50 | p99 | mean |");
        System.out.println("|---|---|---|---|");
        System.out.println(row("raw HttpClient GET (no parsing)", rawNs));
        System.out.println(row("adapter retrieve (GET + JSON → VideoJob + metrics)", adapterNs));
        System.out.printf("adapter/raw mean ratio: %.2f; mean overhead per call: %.1f µs%n",
                mean(adapterNs) / mean(rawNs), (mean(adapterNs) - mean(rawNs)) / 1000);
    }

    private static String row(String name, long[] ns) {
        long[] sorted = ns.clone();
        Arrays.sort(sorted);
        return String.format("| %s | %.0f µs | %.0f µs | %.0f µs |", name, sorted[sorted.length / 2] / 1000.0,
                sorted[(int) (sorted.length * 0.99)] / 1000.0, mean(ns) / 1000);
    }

    private static double mean(long[] ns) {
        return Arrays.stream(ns).average().orElse(0);
    }
}
