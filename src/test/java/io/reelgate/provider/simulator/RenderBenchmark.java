package io.reelgate.provider.simulator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Simulator render time and file size (docs/benchmarks.md). Not part of {@code verify}; run with
 * {@code ./mvnw test -Dtest=RenderBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class RenderBenchmark {

    @Test
    void renderTimesAndSizes() throws Exception {
        List<String> rows = new ArrayList<>();
        for (int maxDimension : new int[] { 1280, 640 }) {
            for (int seconds : new int[] { 4, 12 }) {
                long best = Long.MAX_VALUE;
                long size = 0;
                for (int run = 0; run < 3; run++) { // first run warms up the JIT
                    Path cache = Files.createTempDirectory("render-bench-");
                    ClipRenderer renderer = new ClipRenderer(cache, maxDimension, 12);
                    long start = System.nanoTime();
                    ClipRenderer.Clip clip = renderer.render(new ClipRenderer.Spec(
                            "A calico cat playing a grand piano on a stage, warm spotlight, slow dolly in",
                            "sora-2", 1280, 720, seconds, null));
                    long ms = (System.nanoTime() - start) / 1_000_000;
                    if (run > 0) {
                        best = Math.min(best, ms);
                    }
                    size = Files.size(clip.video());
                }
                int[] dims = new ClipRenderer(Path.of("."), maxDimension, 12).renderSize(1280, 720);
                rows.add(String.format("| %d s | %dx%d @ 12 fps | %d frames | %d ms | %.1f ms/frame | %,d bytes |",
                        seconds, dims[0], dims[1], seconds * 12, best, (double) best / (seconds * 12), size));
            }
        }
        System.out.println("\n| clip | rendered at | frames | render time (best of 2) | per frame | MP4 size |");
        System.out.println("|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }
}
