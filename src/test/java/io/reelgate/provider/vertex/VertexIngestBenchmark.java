package io.reelgate.provider.vertex;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Executors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.provider.Backoff;
import io.reelgate.provider.ProviderHttp;
import io.reelgate.provider.ProviderResult;
import io.reelgate.provider.Providers;
import io.reelgate.provider.ProvidersConfig;
import io.reelgate.provider.ResultRef;
import io.reelgate.provider.Variant;
import io.reelgate.provider.VideoContent;
import io.reelgate.storage.ObjectStore;
import io.reelgate.testing.GeneratedBytes;
import io.reelgate.testing.HeapGrowth;

/**
 * Ingest of a 100 MB Vertex result into S3 — inline base64 inside the operation's JSON, and a
 * {@code gs://} object through the Cloud Storage JSON API — against a plain S3 upload of the same
 * bytes in the same run, with the live heap each one holds (docs/benchmarks.md). A local HTTP
 * server plays Vertex (it streams the operation; the simulator keeps whole clips in memory). Not
 * part of {@code verify}: {@code ./mvnw test -Dtest=VertexIngestBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@QuarkusTest
class VertexIngestBenchmark {

    static final long SIZE = 100L * 1024 * 1024;
    static final String OPERATION = "projects/bench/locations/us-central1/publishers/google/models/veo/operations/op1";

    @Inject
    ObjectStore store;
    @Inject
    Providers providers;
    @Inject
    ProvidersConfig config;
    @Inject
    ObjectMapper json;

    @Test
    void ingestOfInlineAndBucketResultsVersusPlainUpload() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/token", exchange -> reply(exchange,
                "{\"access_token\":\"bench\",\"expires_in\":3599,\"token_type\":\"Bearer\"}"));
        server.createContext("/v1/", VertexIngestBenchmark::inlineOperation);
        server.createContext("/storage/v1/", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "video/mp4");
            exchange.sendResponseHeaders(200, SIZE);
            try (OutputStream out = exchange.getResponseBody()) {
                new GeneratedBytes(SIZE, 3).transferTo(out);
            }
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        try {
            VertexVideoProvider adapter = new VertexVideoProvider("vertex-bench", config.providers().get("vertex"),
                    providers.get("vertex").catalog(), () -> url, () -> url, VertexCredentials.load("vertex-bench",
                            Optional.of("classpath:simulator/vertex-service-account.json"), () -> Optional.of(URI.create(url + "/token"))),
                    json, Backoff.Sleeper.REAL, new Random(), ProviderHttp.CallObserver.NONE);
            ResultRef inline = new ResultRef(OPERATION, null);
            ResultRef bucket = new ResultRef(OPERATION, "gs://bench/out/sample_0.mp4");
            for (int run = 0; run < 5; run++) { // runs 0 and 1 warm up every path
                long plain = time(() -> plainUpload("bench/vertex-plain"));
                long fromInline = time(() -> ingest(adapter, inline, "bench/vertex-inline"));
                long fromBucket = time(() -> ingest(adapter, bucket, "bench/vertex-gcs"));
                if (run > 1) {
                    System.out.printf("| run %d | plain S3 upload %.2f s | inline %.2f s (%.2f×) | GCS %.2f s (%.2f×) |%n", run,
                            plain / 1e9, fromInline / 1e9, (double) fromInline / plain, fromBucket / 1e9,
                            (double) fromBucket / plain);
                }
            }
            long plainHeap = HeapGrowth.during(() -> plainUpload("bench/vertex-plain"));
            long inlineHeap = HeapGrowth.during(() -> ingest(adapter, inline, "bench/vertex-inline"));
            long bucketHeap = HeapGrowth.during(() -> ingest(adapter, bucket, "bench/vertex-gcs"));
            System.out.printf("| live heap growth (max after GC, every 200 ms) | plain %.1f MB | inline %.1f MB | GCS %.1f MB |%n",
                    plainHeap / 1048576.0, inlineHeap / 1048576.0, bucketHeap / 1048576.0);
        } finally {
            server.stop(0);
        }
    }

    /** The operation, done, with the video inline: written as it is encoded, never whole. */
    private static void inlineOperation(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(("{\"name\":\"" + OPERATION + "\",\"done\":true,\"response\":{\"@type\":\"type.googleapis.com/"
                    + "cloud.ai.large_models.vision.GenerateVideoResponse\",\"videos\":[{\"bytesBase64Encoded\":\"")
                    .getBytes(StandardCharsets.US_ASCII));
            try (OutputStream encoder = Base64.getEncoder().wrap(new FilterOutputStream(out) {
                @Override
                public void close() throws IOException {
                    flush(); // the encoder's padding is written; the response goes on
                }
            })) {
                new GeneratedBytes(SIZE, 3).transferTo(encoder);
            }
            out.write("\",\"mimeType\":\"video/mp4\"}],\"raiMediaFilteredCount\":0}}".getBytes(StandardCharsets.US_ASCII));
        }
    }

    private static void reply(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getRequestBody().readAllBytes();
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private void plainUpload(String key) {
        store.put(key, new GeneratedBytes(SIZE, 3), "video/mp4");
        store.delete(key);
    }

    private void ingest(VertexVideoProvider adapter, ResultRef result, String key) throws IOException {
        ProviderResult<VideoContent> download = adapter.download(result, Variant.VIDEO);
        if (!download.isOk()) {
            throw new IllegalStateException("download failed: " + download.error());
        }
        try (VideoContent content = download.value()) {
            ObjectStore.StoredObject stored = store.put(key, content.body(), "video/mp4");
            if (stored.size() != SIZE) {
                throw new IllegalStateException("stored " + stored.size() + " bytes, not " + SIZE);
            }
        }
        store.delete(key);
    }

    private static long time(HeapGrowth.Work work) throws Exception {
        long t0 = System.nanoTime();
        work.run();
        return System.nanoTime() - t0;
    }
}
