package io.reelgate.api;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.reelgate.budget.BudgetSettings;
import io.reelgate.storage.ObjectStore;
import io.reelgate.team.Team;
import io.reelgate.team.TeamRole;
import io.reelgate.team.Tier;
import io.reelgate.testing.Fixtures;
import io.reelgate.testing.GeneratedBytes;
import io.reelgate.testing.HeapGrowth;
import io.reelgate.testing.TestClock;
import io.reelgate.testing.Throughput;
import io.reelgate.testing.Videos;
import io.reelgate.web.LocalServer;

/**
 * The Videos API against the same calls made straight to the built-in Sora simulator, interleaved
 * in one run (docs/benchmarks.md): {@code GET /v1/videos/{id}} (goal p95 ≤ 5 ms), {@code POST
 * /v1/videos} (goal p95 ≤ 1.5× the direct create's), and content download against a direct S3 GET
 * of the same object (goal ≥ 0.8×, heap flat). Not part of {@code verify}:
 * {@code ./mvnw test -Dtest=VideosApiBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@QuarkusTest
@TestProfile(VideosApiBenchmark.CallsOnly.class)
class VideosApiBenchmark {

    /**
     * The pipeline's workers are off: the calls are measured, not the dispatch, ingest and
     * preview work each admitted video causes afterwards (which would load the same two cores).
     */
    public static class CallsOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("reelgate.generation.workers-enabled", "false");
        }
    }

    static final int READS = Integer.getInteger("bench.reads", 3000);
    static final int CREATES = Integer.getInteger("bench.creates", 300);
    static final long SIZE = Long.getLong("bench.bytes", 256L << 20);
    private static final String SIM_KEY = "sk-sim-reelgate-dev";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    TestClock clock;
    @Inject
    Fixtures fixtures;
    @Inject
    ApiKeys keys;
    @Inject
    BudgetSettings settings;
    @Inject
    Videos videos;
    @Inject
    ObjectStore store;
    @Inject
    EntityManager em;
    @Inject
    LocalServer local;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void throughReelgateAgainstDirect() throws Exception {
        Team team = fixtures.team("apibench", Tier.ENTERPRISE);
        settings.update(team.id, new BudgetSettings.Form("1000000", "1", "HARD", "0", "", "50,75,90,100"));
        fixtures.teamsCustomLimits(team.id, 100_000, 10_000_000);
        long member = fixtures.personIn(team, "bench", TeamRole.MEMBER);
        String key = keys.create(team.id, member, "benchmark", null).secret();
        String base = local.url();
        String body = "{\"model\":\"simulator/sora-2\",\"prompt\":\"A benchmark of a lighthouse\",\"seconds\":\"4\","
                + "\"size\":\"1280x720\"}";
        String simBody = "{\"model\":\"sora-2\",\"prompt\":\"A benchmark of a lighthouse\",\"seconds\":\"4\","
                + "\"size\":\"1280x720\"}";

        String ours = "video_" + videos.row(team.id, member, "A finished video", "sora-2", "COMPLETED", clock.instant());
        String theirs = id(send(post(base + "/sim/v1/videos", SIM_KEY, simBody)));
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> status(send(get(base + "/sim/v1/videos/" + theirs,
                SIM_KEY))).equals("completed"));

        // status reads, interleaved
        long[] direct = new long[READS];
        long[] api = new long[READS];
        for (int i = 0; i < 500; i++) {
            send(get(base + "/v1/videos/" + ours, key));
            send(get(base + "/sim/v1/videos/" + theirs, SIM_KEY));
        }
        for (int i = 0; i < READS; i++) {
            direct[i] = timed(get(base + "/sim/v1/videos/" + theirs, SIM_KEY));
            api[i] = timed(get(base + "/v1/videos/" + ours, key));
        }
        System.out.printf("%n| call | direct to the simulator p50 / p95 | through Reelgate p50 / p95 | p95 ratio |%n"
                + "|---|---|---|---|%n");
        row("GET /videos/{id} (" + READS + "×)", direct, api);

        // creates, interleaved (Reelgate's admission, job and ledger rows in one transaction)
        long[] directCreate = new long[CREATES];
        long[] apiCreate = new long[CREATES];
        for (int i = 0; i < 30; i++) {
            send(post(base + "/v1/videos", key, body));
            send(post(base + "/sim/v1/videos", SIM_KEY, simBody));
        }
        for (int i = 0; i < CREATES; i++) {
            directCreate[i] = timed(post(base + "/sim/v1/videos", SIM_KEY, simBody));
            apiCreate[i] = timed(post(base + "/v1/videos", key, body));
        }
        row("POST /videos (" + CREATES + "×)", directCreate, apiCreate);

        // content: the same object through /v1/videos/{id}/content and straight from S3
        long row = videos.row(team.id, member, "A quarter gigabyte", "sora-2", "COMPLETED", clock.instant());
        String object = "bench/" + Fixtures.unique("api") + ".mp4";
        store.put(object, new GeneratedBytes(SIZE, 11), "video/mp4");
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("update video_asset set object_key = ?1, "
                + "size_bytes = ?2, content_type = 'video/mp4' where job_id = ?3 and variant = 'VIDEO'")
                .setParameter(1, object).setParameter(2, SIZE).setParameter(3, row).executeUpdate());
        HttpRequest content = get(base + "/v1/videos/video_" + row + "/content", key);
        System.out.printf("%n| run | direct S3 GET | /v1/videos/{id}/content | ratio |%n|---|---|---|---|%n");
        double[] ratios = new double[5];
        for (int run = 0; run < 7; run++) {
            double s3 = Throughput.read(http, HttpRequest.newBuilder(URI.create(store.presignedGet(object,
                    Duration.ofMinutes(10), Map.of()))).build(), SIZE);
            double through = Throughput.read(http, content, SIZE);
            if (run >= 2) {
                ratios[run - 2] = through / s3;
            }
            System.out.printf("| %d%s | %.0f MB/s | %.0f MB/s | %.2f |%n", run, run < 2 ? " (warm-up)" : "", s3, through,
                    through / s3);
        }
        Arrays.sort(ratios);
        System.out.printf("median ratio: %.2f%n", ratios[2]);
        long growth = HeapGrowth.during(() -> Throughput.read(http, content, SIZE));
        System.out.printf("live heap growth while /content streams %d MB (max after GC, every 200 ms): %.1f MB%n",
                SIZE >> 20, growth / 1048576.0);
        store.delete(object);
    }

    private static void row(String name, long[] direct, long[] api) {
        double dp50 = pct(direct, 0.50);
        double dp95 = pct(direct, 0.95);
        double ap50 = pct(api, 0.50);
        double ap95 = pct(api, 0.95);
        System.out.printf("| %s | %.2f / %.2f ms | %.2f / %.2f ms | %.2f |%n", name, dp50, dp95, ap50, ap95, ap95 / dp95);
    }

    private static double pct(long[] nanos, double q) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }

    private long timed(HttpRequest request) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        long elapsed = System.nanoTime() - t0;
        if (r.statusCode() != 200) {
            throw new IllegalStateException(request.uri() + " answered " + r.statusCode() + ": " + r.body());
        }
        return elapsed;
    }

    private String send(HttpRequest request) throws Exception {
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(request.uri() + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    private static HttpRequest get(String url, String key) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + key).build();
    }

    private static HttpRequest post(String url, String key, String json) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    private static String id(String json) throws Exception {
        return JSON.readTree(json).path("id").asText();
    }

    private static String status(String json) throws Exception {
        return JSON.readTree(json).path("status").asText();
    }
}
