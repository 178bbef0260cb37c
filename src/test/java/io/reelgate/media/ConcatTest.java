package io.reelgate.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Joining clips made by a real encoder (x264 with B-frames and AAC: src/test/resources/media/clips). */
class ConcatTest {

    static Path dir;

    @BeforeAll
    static void copyClips() throws IOException {
        dir = Files.createTempDirectory("reelgate-concat-");
        for (String name : new String[] { "high-720p-bframes-aac.mp4", "main-portrait-720x1280-aac.mp4",
                "baseline-1080p-silent.mp4" }) {
            try (InputStream in = ConcatTest.class.getResourceAsStream("/media/clips/" + name)) {
                Files.copy(in, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    @AfterAll
    static void clean() throws IOException {
        try (var files = Files.list(dir)) {
            files.forEach(f -> f.toFile().delete());
        }
        Files.deleteIfExists(dir);
    }

    @Test
    void nothingToJoinIsRefusedInsteadOfCrashingTheProcess() {
        Path out = Path.of("target", "concat-nothing.mp4");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Concat.join(List.of(), out))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no clips");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Concat.reencode(List.of(), out))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(out).doesNotExist();
    }

    @Test
    void clipsWithTheSameSettingsAreJoinedWithoutDecodingAndPlayAsOne() throws IOException {
        Path clip = dir.resolve("high-720p-bframes-aac.mp4");
        Path out = dir.resolve("remuxed.mp4");
        Concat.Joined joined = Concat.join(List.of(clip, clip, clip), out);

        assertThat(joined.method()).isEqualTo(Concat.Method.REMUX);
        assertThat(joined.startMicros()).containsExactly(0, 3_000_000, 6_000_000);
        VideoFacts facts = VideoFile.sample(out, 3, 320, 2, (pick, at, picture) -> { });
        assertThat(facts.durationMillis()).as("3 × 3 s").isCloseTo(9_000, within(200L));
        assertThat(facts.width()).isEqualTo(1280);
        assertThat(facts.hasAudio()).isTrue();
        assertThat(decodedPictures(out)).as("every picture of the three clips decodes").isEqualTo(216);
    }

    @Test
    void clipsWithDifferentSettingsAreEncodedAgainAtTheFirstClipsSize() throws IOException {
        Path landscape = dir.resolve("high-720p-bframes-aac.mp4");
        Path portrait = dir.resolve("main-portrait-720x1280-aac.mp4");
        Path out = dir.resolve("reencoded.mp4");
        Concat.Joined joined = Concat.join(List.of(landscape, portrait, landscape), out);

        assertThat(joined.method()).isEqualTo(Concat.Method.REENCODE);
        VideoFacts facts = VideoFile.sample(out, 3, 320, 2, (pick, at, picture) -> { });
        assertThat(facts.durationMillis()).isCloseTo(9_000, within(200L));
        assertThat(facts.width()).isEqualTo(1280);
        assertThat(facts.height()).isEqualTo(720);
        assertThat(facts.hasAudio()).isTrue();
        assertThat(decodedPictures(out)).as("24 fps for 9 s").isBetween(214, 217);
    }

    @Test
    void aSilentClipMakesTheJoinedVideoSilent() throws IOException {
        Path silent = dir.resolve("baseline-1080p-silent.mp4");
        Path sound = dir.resolve("high-720p-bframes-aac.mp4");
        Path out = dir.resolve("mixed.mp4");
        Concat.Joined joined = Concat.join(List.of(silent, sound), out);

        assertThat(joined.method()).isEqualTo(Concat.Method.REENCODE);
        assertThat(joined.endMicros()).containsExactly(2_000_000, 5_000_000);
        VideoFacts facts = VideoFile.facts(out);
        assertThat(facts.durationMillis()).isCloseTo(5_000, within(200L));
        assertThat(facts.width()).isEqualTo(1920);
        assertThat(facts.hasAudio()).isFalse();
    }

    private static int decodedPictures(Path file) throws IOException {
        try (org.bytedeco.javacv.FFmpegFrameGrabber grabber = new org.bytedeco.javacv.FFmpegFrameGrabber(file.toFile())) {
            grabber.start();
            int n = 0;
            while (grabber.grabImage() != null) {
                n++;
            }
            return n;
        }
    }
}
