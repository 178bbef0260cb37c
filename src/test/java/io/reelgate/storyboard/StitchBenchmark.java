package io.reelgate.storyboard;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.media.Concat;
import io.reelgate.media.VideoFile;
import io.reelgate.storage.ObjectStore;

/**
 * Stitching three 8 s 720p clips: the remux path, the re-encode path, and — the floor any join
 * pays — copying the same bytes through S3 (download the three clips, upload one object of their
 * size), all measured in the same run, best of three. Run with
 * {@code ./mvnw test -Dtest=StitchBenchmark -Dsurefire.failIfNoSpecifiedTests=false} (docs/benchmarks.md).
 */
@QuarkusTest
class StitchBenchmark {

    @Inject
    ObjectStore store;

    @Test
    void stitchThreeEightSecondClips() throws IOException {
        Path dir = Files.createTempDirectory("reelgate-stitch-bench-");
        Path source3s = dir.resolve("high.mp4");
        Path source2s = dir.resolve("short.mp4");
        try (InputStream in = getClass().getResourceAsStream("/media/clips/high-720p-bframes-aac.mp4")) {
            Files.copy(in, source3s, StandardCopyOption.REPLACE_EXISTING);
        }
        try (InputStream in = getClass().getResourceAsStream("/media/clips/baseline-1080p-silent.mp4")) {
            Files.copy(in, source2s, StandardCopyOption.REPLACE_EXISTING);
        }
        // one 8 s 1280x720 H.264 clip (3 + 3 + 2 s of test pattern, encoded again by the app's own encoder)
        Path clip = dir.resolve("clip-8s-720p.mp4");
        Concat.reencode(List.of(source3s, source3s, source2s), clip);
        List<Path> clips = List.of(clip, clip, clip);
        long bytes = Files.size(clip) * 3;
        String prefix = "bench/stitch-" + System.nanoTime() + "/";
        for (int i = 0; i < 3; i++) {
            try (InputStream in = Files.newInputStream(clip)) {
                store.put(prefix + "clip-" + i + ".mp4", in, "video/mp4");
            }
        }

        long copy = Long.MAX_VALUE;
        long remux = Long.MAX_VALUE;
        long reencode = Long.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            long t0 = System.nanoTime();
            List<Path> downloaded = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Path local = dir.resolve("down-" + i + ".mp4");
                try (InputStream in = store.open(prefix + "clip-" + i + ".mp4", 0, null)) {
                    Files.copy(in, local, StandardCopyOption.REPLACE_EXISTING);
                }
                downloaded.add(local);
            }
            Path joinedBytes = dir.resolve("concatenated.bin");
            try (var out = Files.newOutputStream(joinedBytes)) {
                for (Path p : downloaded) {
                    Files.copy(p, out);
                }
            }
            try (InputStream in = Files.newInputStream(joinedBytes)) {
                store.put(prefix + "copy.bin", in, "application/octet-stream");
            }
            copy = Math.min(copy, System.nanoTime() - t0);

            Path out = dir.resolve("remux.mp4");
            long t1 = System.nanoTime();
            Concat.Joined joined = Concat.join(clips, out);
            remux = Math.min(remux, System.nanoTime() - t1);
            if (joined.method() != Concat.Method.REMUX) {
                throw new AssertionError("identical clips must be remuxed");
            }
            long t2 = System.nanoTime();
            Concat.reencode(clips, dir.resolve("reencode.mp4"));
            reencode = Math.min(reencode, System.nanoTime() - t2);
        }
        System.out.printf("STITCH-BENCH clips=3x8s 1280x720 bytes=%d s3-copy=%d ms remux=%d ms (%.2fx copy) "
                + "reencode=%d ms (%.1fx copy) duration=%d ms%n", bytes, copy / 1_000_000, remux / 1_000_000,
                (double) remux / copy, reencode / 1_000_000, (double) reencode / copy,
                VideoFile.facts(dir.resolve("remux.mp4")).durationMillis());
        store.deletePrefix(prefix);
        try (var files = Files.list(dir)) {
            files.forEach(f -> f.toFile().delete());
        }
        Files.deleteIfExists(dir);
    }
}
