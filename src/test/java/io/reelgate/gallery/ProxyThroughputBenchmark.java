package io.reelgate.gallery;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.reelgate.storage.ObjectStore;
import io.reelgate.team.Team;
import io.reelgate.team.TeamRole;
import io.reelgate.team.Tier;
import io.reelgate.testing.Fixtures;
import io.reelgate.testing.GeneratedBytes;
import io.reelgate.testing.HeapGrowth;
import io.reelgate.testing.Throughput;
import io.reelgate.testing.Session;
import io.reelgate.testing.Videos;
import io.reelgate.web.LocalServer;

/**
 * The streaming proxy against a direct S3 GET of the same 1 GB object, interleaved in one run
 * (goal ≥ 0.8×), and the live heap growth while the proxy streams it (goal ≤ 32 MB);
 * docs/benchmarks.md. Not part of {@code verify}:
 * {@code ./mvnw test -Dtest=ProxyThroughputBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@QuarkusTest
@TestProfile(ProxyDeliveryTest.Proxy.class)
class ProxyThroughputBenchmark {

    static final long SIZE = Long.getLong("bench.bytes", 1L << 30);

    @Inject
    Fixtures fixtures;
    @Inject
    Videos videos;
    @Inject
    ObjectStore store;
    @Inject
    EntityManager em;
    @Inject
    LocalServer local;

    @Test
    void proxyAgainstDirect() throws Exception {
        Team team = fixtures.team("proxybench", Tier.PRO);
        Session member = fixtures.memberOf(team, "pb", TeamRole.MEMBER);
        long id = videos.row(team.id, fixtures.userId(member), "One gigabyte", "sora-2", "COMPLETED", Instant.now());
        String key = "bench/" + Fixtures.unique("gig") + ".mp4";
        long t0 = System.nanoTime();
        store.put(key, new GeneratedBytes(SIZE, 7), "video/mp4");
        System.out.printf("stored %d MB in %.1f s%n", SIZE >> 20, (System.nanoTime() - t0) / 1e9);
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("update video_asset set object_key = ?1, "
                + "size_bytes = ?2, content_type = 'video/mp4' where job_id = ?3 and variant = 'VIDEO'")
                .setParameter(1, key).setParameter(2, SIZE).setParameter(3, id).executeUpdate());

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String cookies = member.cookies().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("; "));
        URI proxied = URI.create(local.url() + "/t/" + team.slug + "/videos/" + id + "/video");

        System.out.printf("%n| run | direct S3 GET | proxy | ratio |%n|---|---|---|---|%n");
        for (int run = 0; run < 7; run++) {
            URI direct = URI.create(store.presignedGet(key, Duration.ofMinutes(10), Map.of()));
            double directMbs = Throughput.read(http, HttpRequest.newBuilder(direct).build(), SIZE);
            double proxyMbs = Throughput.read(http, HttpRequest.newBuilder(proxied).header("Cookie", cookies).build(),
                    SIZE);
            System.out.printf("| %d%s | %.0f MB/s | %.0f MB/s | %.2f |%n", run, run < 2 ? " (warm-up)" : "", directMbs,
                    proxyMbs, proxyMbs / directMbs);
        }

        long growth = HeapGrowth.during(() -> Throughput.read(http,
                HttpRequest.newBuilder(proxied).header("Cookie", cookies).build(), SIZE));
        System.out.printf("live heap growth while the proxy streams %d MB (max after GC, every 200 ms): %.1f MB%n",
                SIZE >> 20, growth / 1048576.0);
        store.delete(key);
    }
}
