package io.reelgate.media;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.storage.ObjectStore;
import io.reelgate.testing.HeapGrowth;

/**
 * Derivation (poster + 10-tile spritesheet + facts from one decode) of 8 s single-keyframe
 * High-profile clips with AAC at 720p and 1080p, against copying the same file into S3 in the same
 * run, and the live heap a derivation holds (docs/benchmarks.md). Needs Debian's {@code ffmpeg}
 * executable to make the clips. Not part of {@code verify}:
 * {@code ./mvnw test -Dtest=DerivationBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@QuarkusTest
class DerivationBenchmark {

    static final int RUNS = 5;

    @Inject
    Previews previews;
    @Inject
    ObjectStore store;

    @Test
    void derivationVersusCopyIntoStorage() throws Exception {
        Path dir = Files.createTempDirectory("reelgate-derive-bench-");
        for (String size : List.of("1280x720", "1920x1080")) {
            Path clip = clip(dir, size);
            long bytes = Files.size(clip);
            // warm-up: FFmpeg's natives load on first use, the S3 client warms its pool
            previews.derive(clip, true, true, Duration.ofMinutes(1));
            copy(clip, "bench/derive-warm");
            List<Long> derive = new ArrayList<>();
            List<Long> copy = new ArrayList<>();
            for (int i = 0; i < RUNS; i++) {
                long t0 = System.nanoTime();
                Previews.Derived d = previews.derive(clip, true, true, Duration.ofMinutes(1));
                derive.add(System.nanoTime() - t0);
                Assertions.assertEquals(size, d.facts().size());
                copy.add(copy(clip, "bench/derive-" + i));
            }
            long heap = HeapGrowth.during(() -> previews.derive(clip, true, true, Duration.ofMinutes(1)));
            double d = median(derive) / 1e9;
            double c = median(copy) / 1e9;
            System.out.printf("| 8 s %s (%.1f MB) | derive %.2f s (runs %s) | copy into S3 %.2f s | ratio %.1f | heap %.1f MB |%n",
                    size, bytes / 1048576.0, d, seconds(derive), c, d / c, heap / 1048576.0);
        }
    }

    /** An 8 s High-profile clip with B-frames, one keyframe and AAC, made by x264 (the worst case for seeking). */
    private static Path clip(Path dir, String size) throws IOException, InterruptedException {
        Path out = dir.resolve("bench-" + size + ".mp4");
        Process p = new ProcessBuilder("ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                "testsrc2=size=" + size + ":rate=24:duration=8", "-f", "lavfi", "-i", "sine=frequency=440:duration=8",
                "-c:v", "libx264", "-profile:v", "high", "-bf", "3", "-g", "10000", "-keyint_min", "10000",
                "-sc_threshold", "0", "-pix_fmt", "yuv420p", "-c:a", "aac", "-movflags", "+faststart", out.toString())
                .inheritIO().start();
        if (p.waitFor() != 0) {
            Assertions.fail("ffmpeg could not make the benchmark clip; install it with: apt-get install -y ffmpeg");
        }
        return out;
    }

    private long copy(Path clip, String key) throws IOException {
        long t0 = System.nanoTime();
        try (InputStream in = Files.newInputStream(clip)) {
            store.put(key, in, "video/mp4");
        }
        long took = System.nanoTime() - t0;
        store.delete(key);
        return took;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static String seconds(List<Long> values) {
        return String.join(" / ", values.stream().map(v -> String.format("%.2f", v / 1e9)).toList());
    }
}
