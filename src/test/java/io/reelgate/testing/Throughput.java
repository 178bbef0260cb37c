package io.reelgate.testing;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Download speed for the streaming benchmarks: reads a whole 200 body and returns MB/s. */
public final class Throughput {

    private Throughput() {
    }

    /** MB/s of reading the body of {@code request}, which must be exactly {@code size} bytes. */
    public static double read(HttpClient http, HttpRequest request, long size) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(request.uri() + " answered " + response.statusCode());
        }
        long total = 0;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = response.body()) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                total += n;
            }
        }
        if (total != size) {
            throw new IllegalStateException("read " + total + " of " + size);
        }
        return total / 1048576.0 / ((System.nanoTime() - t0) / 1e9);
    }
}
