package io.reelgate.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Times GET requests of several pages, interleaved round-robin so that each page sees the same machine
 * state (JIT, GC, database cache), with one keep-alive JDK client: the figure is server time plus one
 * loopback round trip. Used by the page benchmarks in docs/benchmarks.md.
 */
public final class PageTimer {

    /** Percentiles of one page, in milliseconds. */
    public record Timing(String name, double p50, double p95, double p99, double mean) {

        public String row() {
            return String.format("| %s | %.2f ms | %.2f ms | %.2f ms |", name, p50, p95, p99);
        }
    }

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String base;
    private final String cookie;

    public PageTimer(String base, Session session) {
        this.base = base.replaceAll("/$", "");
        this.cookie = session.cookies().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("; "));
    }

    /** One request; fails if the page does not answer 200 (a benchmark of an error page measures nothing). */
    public long once(String path, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", cookie);
        headers.forEach(request::header);
        long start = System.nanoTime();
        try {
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            long took = System.nanoTime() - start;
            if (response.statusCode() != 200) {
                throw new IllegalStateException(path + " answered " + response.statusCode());
            }
            return took;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Warms up, then measures {@code rounds} requests of each page; keys are display names, values paths. */
    public List<Timing> measure(Map<String, Page> pages, int warmup, int rounds) {
        for (int i = 0; i < warmup; i++) {
            pages.values().forEach(p -> once(p.path(), p.headers()));
        }
        Map<String, long[]> samples = new LinkedHashMap<>();
        pages.keySet().forEach(k -> samples.put(k, new long[rounds]));
        for (int i = 0; i < rounds; i++) {
            for (var e : pages.entrySet()) {
                samples.get(e.getKey())[i] = once(e.getValue().path(), e.getValue().headers());
            }
        }
        return samples.entrySet().stream().map(e -> timing(e.getKey(), e.getValue())).toList();
    }

    /** A page to time: its path and any extra headers (e.g. {@code HX-Request} for a fragment). */
    public record Page(String path, Map<String, String> headers) {

        public static Page of(String path) {
            return new Page(path, Map.of());
        }

        public static Page fragment(String path) {
            return new Page(path, Map.of("HX-Request", "true"));
        }
    }

    private static Timing timing(String name, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new Timing(name, ms(pct(sorted, 0.50)), ms(pct(sorted, 0.95)), ms(pct(sorted, 0.99)),
                ms((long) Arrays.stream(sorted).average().orElse(0)));
    }

    private static long pct(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
