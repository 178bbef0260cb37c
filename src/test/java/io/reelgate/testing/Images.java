package io.reelgate.testing;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import javax.imageio.ImageIO;

import io.reelgate.provider.InputImage;

/** Test images: solid colours whose average a decoded frame can be checked against. */
public final class Images {

    private Images() {
    }

    /** A PNG of one colour. */
    public static InputImage solid(Color colour, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(colour);
        g.fillRect(0, 0, width, height);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return InputImage.of("solid.png", out.toByteArray()).orElseThrow();
    }

    /** Whether two colours are within {@code tolerance} on every channel (H.264 is lossy). */
    public static boolean near(Color expected, int rgb, int tolerance) {
        Color actual = new Color(rgb);
        return Math.abs(expected.getRed() - actual.getRed()) <= tolerance
                && Math.abs(expected.getGreen() - actual.getGreen()) <= tolerance
                && Math.abs(expected.getBlue() - actual.getBlue()) <= tolerance;
    }
}
