package io.reelgate.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Posters, spritesheets and facts derived from clips made by a real encoder (src/test/resources/media/clips). */
class PreviewsTest {

    static Path dir;
    static final Previews PREVIEWS = new Previews(new MediaConfig() {
        public int concurrentDerivations() {
            return 1;
        }

        public int decoderThreads() {
            return 2;
        }

        public int posterMaxDimension() {
            return 1280;
        }

        public int spriteFrames() {
            return 10;
        }

        public int spriteTile() {
            return 160;
        }

        public float jpegQuality() {
            return 0.85f;
        }

        public Optional<String> tempDir() {
            return Optional.empty();
        }
    });

    @BeforeAll
    static void copyClips() throws IOException {
        dir = Files.createTempDirectory("reelgate-clips-");
        for (String name : new String[] { "high-720p-bframes-aac.mp4", "main-portrait-720x1280-aac.mp4",
                "baseline-1080p-silent.mp4" }) {
            try (InputStream in = PreviewsTest.class.getResourceAsStream("/media/clips/" + name)) {
                Files.copy(in, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    @AfterAll
    static void clean() throws IOException {
        try (var files = Files.list(dir)) {
            files.forEach(f -> f.toFile().delete());
        }
        Files.delete(dir);
    }

    @ParameterizedTest
    @CsvSource({
            "high-720p-bframes-aac.mp4, 1280, 720, 3000, true, 1280, 720",
            "main-portrait-720x1280-aac.mp4, 720, 1280, 3000, true, 720, 1280",
            "baseline-1080p-silent.mp4, 1920, 1080, 2000, false, 1280, 720" })
    void everyClipYieldsItsFactsAPosterOfItsShapeThatIsNotBlankAndTenTiles(String clip, int width, int height,
            long millis, boolean audio, int posterWidth, int posterHeight) throws Exception {
        Previews.Derived derived = PREVIEWS.derive(dir.resolve(clip), true, true, Duration.ofSeconds(5));

        VideoFacts facts = derived.facts();
        assertEquals(width + "x" + height, facts.size(), "picture size read from the file");
        assertThat(facts.durationMillis()).as("duration").isBetween(millis - 50, millis + 50);
        assertEquals("h264", facts.codec());
        assertEquals(audio, facts.hasAudio(), "audio track");

        BufferedImage poster = ImageIO.read(new ByteArrayInputStream(derived.poster()));
        assertEquals(posterWidth + "x" + posterHeight, poster.getWidth() + "x" + poster.getHeight(),
                "the poster keeps the video's shape, at most 1280 px on the long side");
        assertEquals(poster.getWidth() + "x" + poster.getHeight(), derived.posterWidth() + "x" + derived.posterHeight());
        assertThat(Previews.spread(poster)).as("the poster is not a blank frame").isGreaterThan(20);

        BufferedImage sheet = ImageIO.read(new ByteArrayInputStream(derived.spritesheet()));
        int tileWidth = width >= height ? 160 : 160 * width / height;
        int tileHeight = width >= height ? 160 * height / width : 160;
        assertEquals(10 * tileWidth, sheet.getWidth(), "ten tiles in one row");
        assertEquals(tileHeight, sheet.getHeight());
        for (int i = 0; i < 10; i++) {
            assertThat(Previews.spread(sheet.getSubimage(i * tileWidth, 0, tileWidth, tileHeight)))
                    .as("tile %d shows a picture", i).isGreaterThan(10);
        }
        assertThat(tilesDiffer(sheet, tileWidth, tileHeight)).as("the tiles come from different moments").isTrue();
    }

    @ParameterizedTest
    @CsvSource({ "high-720p-bframes-aac.mp4", "main-portrait-720x1280-aac.mp4" })
    void theLastFrameIsDecodedAtTheVideosSize(String clip) throws Exception {
        BufferedImage last = VideoFile.lastFrame(dir.resolve(clip));
        VideoFacts facts = VideoFile.facts(dir.resolve(clip));
        assertEquals(facts.size(), last.getWidth() + "x" + last.getHeight());
        assertThat(Previews.spread(last)).isGreaterThan(20);
    }

    /** The first and last tiles of a moving test pattern are not the same picture. */
    private static boolean tilesDiffer(BufferedImage sheet, int w, int h) {
        long diff = 0;
        for (int y = 0; y < h; y += 4) {
            for (int x = 0; x < w; x += 4) {
                int a = sheet.getRGB(x, y);
                int b = sheet.getRGB(9 * w + x, y);
                diff += Math.abs(((a >> 8) & 0xFF) - ((b >> 8) & 0xFF));
            }
        }
        return diff > (long) (w / 4) * (h / 4) * 3;
    }
}
