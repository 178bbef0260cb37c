package io.reelgate.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.testing.Fixtures;
import io.reelgate.testing.GeneratedBytes;
import io.restassured.RestAssured;

/** The storage port against a real S3 server (S3Proxy started by the app). */
@QuarkusTest
class ObjectStoreTest {

    @Inject
    ObjectStore store;

    @Test
    void streamsAnUploadOfUnknownLengthInPartsAndRecordsSizeAndChecksum() throws Exception {
        long size = 20L * 1024 * 1024 + 12345; // more than two 8 MiB parts
        String key = "tests/" + Fixtures.unique("big") + ".bin";

        ObjectStore.StoredObject stored = store.put(key, new GeneratedBytes(size, 7), "application/octet-stream");

        assertEquals(size, stored.size(), "recorded size");
        assertEquals(sha256(new GeneratedBytes(size, 7)), stored.sha256(), "recorded checksum");
        assertEquals(size, store.stat(key).orElseThrow().size(), "size the store reports");
        try (InputStream back = store.open(key, 0, null)) {
            assertEquals(stored.sha256(), sha256(back), "content read back");
        }
    }

    @Test
    void readsByteRanges() throws Exception {
        byte[] bytes = randomBytes(10_000);
        String key = "tests/" + Fixtures.unique("range") + ".bin";
        store.put(key, new java.io.ByteArrayInputStream(bytes), "application/octet-stream");

        try (InputStream middle = store.open(key, 100, 50L)) {
            assertArrayEquals(java.util.Arrays.copyOfRange(bytes, 100, 150), middle.readAllBytes());
        }
        try (InputStream tail = store.open(key, 9_990, null)) {
            assertArrayEquals(java.util.Arrays.copyOfRange(bytes, 9_990, 10_000), tail.readAllBytes());
        }
    }

    @Test
    void presignedUrlServesTheObjectAndRangesToABrowser() throws Exception {
        byte[] bytes = randomBytes(4_096);
        String key = "tests/" + Fixtures.unique("presign") + ".bin";
        store.put(key, new java.io.ByteArrayInputStream(bytes), "video/mp4");
        URI url = URI.create(store.presignedGet(key, Duration.ofMinutes(5), Map.of()));
        HttpClient http = HttpClient.newHttpClient();

        HttpResponse<byte[]> whole = http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> part = http.send(HttpRequest.newBuilder(url).header("Range", "bytes=10-19").build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertEquals(200, whole.statusCode());
        assertArrayEquals(bytes, whole.body());
        assertEquals(206, part.statusCode());
        assertArrayEquals(java.util.Arrays.copyOfRange(bytes, 10, 20), part.body());
    }

    @Test
    void deletedObjectsAreGoneAndDeletingTwiceIsHarmless() {
        String key = "tests/" + Fixtures.unique("delete") + ".txt";
        store.put(key, new java.io.ByteArrayInputStream("bye".getBytes()), "text/plain");
        assertTrue(store.stat(key).isPresent());

        store.delete(key);
        store.delete(key);

        assertTrue(store.stat(key).isEmpty(), "object still there after delete");
    }

    @Test
    void healthReportsDatabaseAndStorageUp() {
        String body = io.reelgate.testing.Management.given().get("/q/health/ready").then().statusCode(200).extract().asString();
        assertThat(body).contains("\"object-storage\"").contains("Database connections health check")
                .doesNotContain("\"DOWN\"");
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    private static String sha256(InputStream in) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) > 0;) {
                digest.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
