package io.reelgate.media;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Makes what a provider did not deliver from the video file itself: a poster (a representative
 * frame, never a blank one when the video has anything else) and a spritesheet of evenly spaced
 * frames in one row, as JPEG, plus the file's facts. One decode serves both. At most
 * {@code reelgate.media.concurrent-derivations} run at once in this instance.
 */
@ApplicationScoped
public class Previews {

    /** A frame whose brightness varies less than this (standard deviation, 0–255) counts as blank. */
    static final double BLANK = 6.0;

    /** What a derivation made: the facts, and the JPEG bytes of what was asked for (null otherwise). */
    public record Derived(VideoFacts facts, byte[] poster, int posterWidth, int posterHeight, byte[] spritesheet,
            int spritesheetWidth, int spritesheetHeight) {
    }

    /** No slot for another derivation came free in time; try again later. */
    public static final class Busy extends Exception {
        Busy() {
            super("All derivation slots are busy", null, false, false);
        }
    }

    private final MediaConfig config;
    private final Semaphore slots;

    Previews(MediaConfig config) {
        this.config = config;
        this.slots = new Semaphore(Math.max(1, config.concurrentDerivations()), true);
    }

    /** Where to keep a video while it is derived. */
    public Path tempFile() throws IOException {
        Path dir = Path.of(config.tempDir().orElse(System.getProperty("java.io.tmpdir")));
        Files.createDirectories(dir);
        return Files.createTempFile(dir, "reelgate-video-", ".mp4");
    }

    /** Decodes the file once for a poster and/or a spritesheet, waiting up to {@code patience} for a slot. */
    public Derived derive(Path video, boolean poster, boolean spritesheet, Duration patience) throws IOException, Busy {
        try {
            if (!slots.tryAcquire(patience.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new Busy();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Busy();
        }
        try {
            return decode(video, poster, spritesheet);
        } finally {
            slots.release();
        }
    }

    private Derived decode(Path video, boolean poster, boolean spritesheet) throws IOException {
        int tiles = Math.max(1, config.spriteFrames());
        PosterChoice choice = new PosterChoice(tiles);
        BufferedImage[] sheet = new BufferedImage[1];
        int[] tile = new int[2];
        VideoFacts facts = VideoFile.sample(video, tiles, config.posterMaxDimension(), config.decoderThreads(),
                (pick, timestamp, picture) -> {
                    if (sheet[0] == null) {
                        int[] t = VideoFile.fit(picture.getWidth(), picture.getHeight(), config.spriteTile());
                        tile[0] = t[0];
                        tile[1] = t[1];
                        sheet[0] = new BufferedImage(t[0] * tiles, t[1], BufferedImage.TYPE_INT_RGB);
                    }
                    Graphics2D g = sheet[0].createGraphics();
                    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                    g.drawImage(picture, pick * tile[0], 0, tile[0], tile[1], null);
                    g.dispose();
                    if (poster) {
                        choice.offer(pick, picture, sheet[0].getSubimage(pick * tile[0], 0, tile[0], tile[1]));
                    }
                });
        byte[] posterJpeg = null;
        int width = 0;
        int height = 0;
        if (poster) {
            BufferedImage best = choice.best();
            posterJpeg = jpeg(best);
            width = best.getWidth();
            height = best.getHeight();
        }
        return new Derived(facts, posterJpeg, width, height, spritesheet ? jpeg(sheet[0]) : null, sheet[0].getWidth(),
                sheet[0].getHeight());
    }

    /**
     * The poster is the sampled frame nearest the middle that is not blank; if every sample is
     * blank, the least blank one. Only the current best is kept at full poster size.
     */
    private static final class PosterChoice {
        private final double middle;
        private BufferedImage best;
        private double bestScore = Double.NEGATIVE_INFINITY;

        PosterChoice(int picks) {
            this.middle = (picks - 1) / 2.0;
        }

        void offer(int pick, BufferedImage picture, BufferedImage small) {
            double spread = spread(small);
            double score = spread >= BLANK ? 1_000 - Math.abs(pick - middle) : spread;
            if (score > bestScore) {
                bestScore = score;
                best = picture;
            }
        }

        BufferedImage best() {
            return best;
        }
    }

    /** Standard deviation of the brightness of an image (0 for a flat one, up to about 128). */
    public static double spread(BufferedImage image) {
        double sum = 0;
        double squares = 0;
        int n = 0;
        int stepX = Math.max(1, image.getWidth() / 64);
        int stepY = Math.max(1, image.getHeight() / 64);
        for (int y = 0; y < image.getHeight(); y += stepY) {
            for (int x = 0; x < image.getWidth(); x += stepX) {
                int rgb = image.getRGB(x, y);
                double luma = 0.299 * ((rgb >> 16) & 0xFF) + 0.587 * ((rgb >> 8) & 0xFF) + 0.114 * (rgb & 0xFF);
                sum += luma;
                squares += luma * luma;
                n++;
            }
        }
        double mean = sum / n;
        return Math.sqrt(Math.max(0, squares / n - mean * mean));
    }

    private byte[] jpeg(BufferedImage image) {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        ImageWriter writer = writers.next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(Math.max(0.1f, Math.min(1f, config.jpegQuality())));
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException("JPEG encoding failed", e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}
