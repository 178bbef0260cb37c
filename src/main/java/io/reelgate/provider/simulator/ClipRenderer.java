package io.reelgate.provider.simulator;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import javax.imageio.ImageIO;

import org.jcodec.api.awt.AWTSequenceEncoder;
import org.jcodec.containers.mp4.MP4Util;
import org.jcodec.movtool.Flatten;

/**
 * Renders a simulated clip in pure Java: an H.264 MP4 of exactly the requested duration and
 * aspect ratio (at a reduced resolution and frame rate, see {@link SimulatorConfig.Render}), with
 * the {@code moov} box moved to the front so players start at once; a JPEG thumbnail (the real
 * API sends WebP, which no pure-Java library writes); and a JPEG spritesheet of
 * {@value #SPRITE_FRAMES} frames in one row.
 *
 * <p>Visuals come from the prompt: its hash picks the colours and the path of a moving ball, its
 * text is written on every frame, and a timecode runs along the bottom, so different prompts look
 * different and motion is visible. An input image is the first frame as is, and the background
 * of every later frame; a last-frame image is the last frame as is; each reference image shows as
 * a swatch of its average colour in a band along the right edge of every other frame, so tests can
 * see which inputs were used. Identical inputs reuse the cached result.
 */
final class ClipRenderer {

    static final int SPRITE_FRAMES = 10;
    static final int SPRITE_TILE = 160;

    static {
        System.setProperty("java.awt.headless", "true");
    }

    /** What to render; {@code lastFrame} may be null, {@code references} empty. */
    record Spec(String prompt, String model, int width, int height, int seconds, byte[] inputImage, byte[] lastFrame,
            List<byte[]> references) {
        Spec {
            references = references == null ? List.of() : List.copyOf(references);
        }

        Spec(String prompt, String model, int width, int height, int seconds, byte[] inputImage) {
            this(prompt, model, width, height, seconds, inputImage, null, List.of());
        }
    }

    /** The files of a rendered clip, and the rendered frame size. */
    record Clip(Path video, Path thumbnail, Path spritesheet, int width, int height, int frames) {
    }

    private final Path cacheDir;
    private final int maxDimension;
    private final int fps;

    ClipRenderer(Path cacheDir, int maxDimension, int fps) {
        this.cacheDir = cacheDir;
        this.maxDimension = maxDimension;
        this.fps = fps;
    }

    int fps() {
        return fps;
    }

    Clip render(Spec spec) {
        int[] size = renderSize(spec.width(), spec.height());
        int frames = spec.seconds() * fps;
        Path dir = cacheDir.resolve(key(spec, size));
        Clip clip = new Clip(dir.resolve("video.mp4"), dir.resolve("thumbnail.jpg"), dir.resolve("spritesheet.jpg"),
                size[0], size[1], frames);
        if (Files.exists(dir.resolve("done"))) {
            return clip;
        }
        try {
            Files.createDirectories(cacheDir);
            Path work = Files.createTempDirectory(cacheDir, "render-");
            renderInto(work, spec, size[0], size[1], frames);
            Files.writeString(work.resolve("done"), "ok");
            try {
                Files.move(work, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException | java.nio.file.FileAlreadyExistsException
                    | java.nio.file.DirectoryNotEmptyException e) {
                // another thread rendered the same clip meanwhile; keep theirs
                deleteTree(work);
            }
            return clip;
        } catch (IOException e) {
            throw new UncheckedIOException("Rendering failed", e);
        }
    }

    /** The requested aspect ratio at most {@code maxDimension} on the long side, even dimensions. */
    int[] renderSize(int width, int height) {
        double scale = Math.min(1.0, (double) maxDimension / Math.max(width, height));
        int w = Math.max(16, (int) Math.round(width * scale / 2) * 2);
        int h = Math.max(16, (int) Math.round(height * scale / 2) * 2);
        return new int[] { w, h };
    }

    private void renderInto(Path work, Spec spec, int w, int h, int frames) throws IOException {
        Palette palette = Palette.of(spec.prompt());
        BufferedImage background = spec.inputImage() == null ? null : cover(read(spec.inputImage()), w, h);
        BufferedImage last = spec.lastFrame() == null ? null : cover(read(spec.lastFrame()), w, h);
        List<Color> swatches = new ArrayList<>();
        for (byte[] reference : spec.references()) {
            swatches.add(averageColour(read(reference)));
        }
        Path raw = work.resolve("raw.mp4");
        AWTSequenceEncoder encoder = AWTSequenceEncoder.createSequenceEncoder(raw.toFile(), fps);
        int thumbnailAt = frames / 2;
        List<Integer> spriteAt = new ArrayList<>();
        for (int i = 0; i < SPRITE_FRAMES; i++) {
            spriteAt.add((int) ((long) i * (frames - 1) / Math.max(1, SPRITE_FRAMES - 1)));
        }
        int tileW = w >= h ? SPRITE_TILE : Math.max(2, SPRITE_TILE * w / h);
        int tileH = w >= h ? Math.max(2, SPRITE_TILE * h / w) : SPRITE_TILE;
        BufferedImage sprite = new BufferedImage(tileW * SPRITE_FRAMES, tileH, BufferedImage.TYPE_INT_RGB);
        Graphics2D spriteGraphics = sprite.createGraphics();
        spriteGraphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        BufferedImage frame = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        for (int i = 0; i < frames; i++) {
            if (last != null && i == frames - 1) {
                Graphics2D g = frame.createGraphics();
                g.drawImage(last, 0, 0, null); // the last frame is the given image itself
                g.dispose();
            } else {
                drawFrame(frame, spec, palette, background, i, frames);
                drawSwatches(frame, swatches, i == 0 && background != null);
            }
            encoder.encodeImage(frame);
            if (i == thumbnailAt) {
                ImageIO.write(frame, "jpg", work.resolve("thumbnail.jpg").toFile());
            }
            for (int s = 0; s < spriteAt.size(); s++) {
                if (spriteAt.get(s) == i) {
                    spriteGraphics.drawImage(frame, s * tileW, 0, tileW, tileH, null);
                }
            }
        }
        encoder.finish();
        spriteGraphics.dispose();
        ImageIO.write(sprite, "jpg", work.resolve("spritesheet.jpg").toFile());
        // Move the moov box to the front so browsers can play while downloading.
        new Flatten().flatten(MP4Util.createRefFullMovieFromFile(raw.toFile()), work.resolve("video.mp4").toFile());
        Files.delete(raw);
    }

    private void drawFrame(BufferedImage frame, Spec spec, Palette palette, BufferedImage background, int index,
            int frames) {
        Graphics2D g = frame.createGraphics();
        int w = frame.getWidth();
        int h = frame.getHeight();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        if (background != null) {
            g.drawImage(background, 0, 0, null);
            if (index == 0) {
                g.dispose();
                return; // the first frame is the input image itself
            }
        } else {
            float shift = (float) index / Math.max(1, frames);
            g.setPaint(new GradientPaint(0, 0, palette.top(shift), w, h, palette.bottom(shift)));
            g.fillRect(0, 0, w, h);
        }
        double t = frames <= 1 ? 0 : (double) index / (frames - 1);
        double r = Math.max(4, h * 0.09);
        double x = r + t * (w - 2 * r);
        double y = h * 0.55 + Math.sin(t * Math.PI * palette.waveCount()) * h * 0.18;
        g.setColor(palette.ball());
        g.fill(new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r));
        g.setColor(new Color(255, 255, 255, 170));
        g.setStroke(new BasicStroke((float) Math.max(1, r / 6)));
        g.draw(new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r));

        int pad = Math.max(3, h / 24);
        Font font = new Font(Font.SANS_SERIF, Font.BOLD, Math.max(7, h / 16));
        g.setFont(font);
        FontMetrics fm = g.getFontMetrics();
        List<String> lines = wrap(spec.prompt(), fm, w - 4 * pad, 3);
        int boxH = lines.size() * fm.getHeight() + pad;
        g.setColor(new Color(0, 0, 0, 120));
        g.fillRoundRect(pad, pad, w - 2 * pad, boxH, pad, pad);
        g.setColor(Color.WHITE);
        for (int l = 0; l < lines.size(); l++) {
            g.drawString(lines.get(l), 2 * pad, pad + fm.getAscent() + l * fm.getHeight() + pad / 2);
        }
        Font small = new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(6, h / 22));
        g.setFont(small);
        FontMetrics sm = g.getFontMetrics();
        double seconds = (double) index / fps;
        String caption = spec.model() + " · simulated · " + clock(seconds) + " / " + clock(spec.seconds());
        g.setColor(new Color(0, 0, 0, 120));
        g.fillRect(0, h - sm.getHeight() - pad, w, sm.getHeight() + pad);
        g.setColor(Color.WHITE);
        g.drawString(caption, pad, h - pad / 2 - sm.getDescent());
        int barW = (int) Math.round((w - 2.0 * pad) * t);
        g.setColor(palette.ball());
        g.fillRect(pad, h - 2, Math.max(1, barW), 2);
        g.dispose();
    }

    /** One square per reference image along the right edge, filled with its average colour. */
    private static void drawSwatches(BufferedImage frame, List<Color> swatches, boolean firstFrameImage) {
        if (swatches.isEmpty() || firstFrameImage) {
            return;
        }
        int side = Math.max(6, frame.getHeight() / (swatches.size() + 1));
        int x = frame.getWidth() - side;
        Graphics2D g = frame.createGraphics();
        for (int i = 0; i < swatches.size(); i++) {
            g.setColor(swatches.get(i));
            g.fillRect(x, i * side, side, side);
        }
        g.dispose();
    }

    /** The mean colour of an image (its "dominant" colour, as far as a test can tell). */
    static Color averageColour(BufferedImage image) {
        if (image == null) {
            return Color.GRAY;
        }
        long r = 0;
        long g = 0;
        long b = 0;
        int step = Math.max(1, Math.max(image.getWidth(), image.getHeight()) / 64);
        long n = 0;
        for (int y = 0; y < image.getHeight(); y += step) {
            for (int x = 0; x < image.getWidth(); x += step) {
                int rgb = image.getRGB(x, y);
                r += (rgb >> 16) & 0xFF;
                g += (rgb >> 8) & 0xFF;
                b += rgb & 0xFF;
                n++;
            }
        }
        return new Color((int) (r / n), (int) (g / n), (int) (b / n));
    }

    private static BufferedImage read(byte[] image) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(image));
    }

    private static String clock(double seconds) {
        int s = (int) Math.floor(seconds);
        return String.format("%02d:%02d", s / 60, s % 60);
    }

    private static List<String> wrap(String text, FontMetrics fm, int width, int maxLines) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.trim().split("\\s+")) {
            String candidate = line.isEmpty() ? word : line + " " + word;
            if (fm.stringWidth(candidate) <= width || line.isEmpty()) {
                line.setLength(0);
                line.append(candidate);
            } else {
                lines.add(line.toString());
                line.setLength(0);
                line.append(word);
                if (lines.size() == maxLines) {
                    break;
                }
            }
        }
        if (lines.size() < maxLines && !line.isEmpty()) {
            lines.add(line.toString());
        } else if (lines.size() == maxLines) {
            String last = lines.get(maxLines - 1);
            lines.set(maxLines - 1, last + " …");
        }
        return lines;
    }

    private static BufferedImage cover(BufferedImage source, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        if (source == null) {
            return out;
        }
        double scale = Math.max((double) w / source.getWidth(), (double) h / source.getHeight());
        int sw = (int) Math.ceil(source.getWidth() * scale);
        int sh = (int) Math.ceil(source.getHeight() * scale);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(source, (w - sw) / 2, (h - sh) / 2, sw, sh, null);
        g.dispose();
        return out;
    }

    private String key(Spec spec, int[] size) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((spec.prompt() + "|" + spec.model() + "|" + size[0] + "x" + size[1] + "|" + spec.seconds()
                    + "|" + fps + "|v2|").getBytes(StandardCharsets.UTF_8));
            // every input is in the key, each behind its own marker so that moving bytes between them changes it
            part(digest, "first", spec.inputImage());
            part(digest, "last", spec.lastFrame());
            for (byte[] reference : spec.references()) {
                part(digest, "reference", reference);
            }
            return HexFormat.of().formatHex(digest.digest()).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void part(MessageDigest digest, String name, byte[] bytes) {
        if (bytes != null) {
            digest.update((name + ":" + bytes.length + "|").getBytes(StandardCharsets.UTF_8));
            digest.update(bytes);
        }
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temporary directory in the cache is harmless
        }
    }

    /** Colours and motion picked from the prompt's hash. */
    private record Palette(float hue, float hue2, int waveCount) {
        static Palette of(String prompt) {
            int hash = prompt.hashCode();
            float hue = ((hash >>> 8) & 0xFFF) / 4096f;
            return new Palette(hue, (hue + 0.15f + (hash & 0xF) / 64f) % 1f, 1 + ((hash >>> 4) & 3));
        }

        Color top(float shift) {
            return Color.getHSBColor((hue + shift * 0.08f) % 1f, 0.55f, 0.45f);
        }

        Color bottom(float shift) {
            return Color.getHSBColor((hue2 + shift * 0.08f) % 1f, 0.75f, 0.25f);
        }

        Color ball() {
            return Color.getHSBColor((hue + 0.5f) % 1f, 0.6f, 0.95f);
        }

    }
}
