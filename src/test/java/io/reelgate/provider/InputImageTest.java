package io.reelgate.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

/** Image type and size come from the bytes, never from a name or a declared type. */
class InputImageTest {

    @Test
    void readsPngAndJpegDimensionsFromTheHeader() throws IOException {
        assertEquals(new InputImage.Header(InputImage.Format.PNG, 1280, 720), InputImage.probe(encode("png", 1280, 720)).orElseThrow());
        assertEquals(new InputImage.Header(InputImage.Format.JPEG, 720, 1280), InputImage.probe(encode("jpg", 720, 1280)).orElseThrow());
    }

    @Test
    void readsTheThreeWebpFlavours() {
        assertEquals(new InputImage.Header(InputImage.Format.WEBP, 1280, 720), InputImage.probe(webpLossless(1280, 720)).orElseThrow());
        assertEquals(new InputImage.Header(InputImage.Format.WEBP, 1792, 1024), InputImage.probe(webpExtended(1792, 1024)).orElseThrow());
        assertEquals(new InputImage.Header(InputImage.Format.WEBP, 640, 360), InputImage.probe(webpLossy(640, 360)).orElseThrow());
    }

    @Test
    void refusesWhatIsNotAnImage() {
        assertThat(InputImage.probe("this is a text file, named frame.png".getBytes())).isEmpty();
        assertThat(InputImage.probe(new byte[3])).isEmpty();
        assertThat(InputImage.of("x.png", "GIF89a.....................".getBytes())).isEmpty();
    }

    static byte[] encode(String format, int w, int h) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB), format, out);
        return out.toByteArray();
    }

    static byte[] webpLossless(int w, int h) {
        byte[] b = riff("VP8L", 32);
        b[20] = 0x2f;
        int bits = (w - 1) | ((h - 1) << 14);
        b[21] = (byte) bits;
        b[22] = (byte) (bits >> 8);
        b[23] = (byte) (bits >> 16);
        b[24] = (byte) (bits >> 24);
        return b;
    }

    static byte[] webpExtended(int w, int h) {
        byte[] b = riff("VP8X", 32);
        int W = w - 1;
        int H = h - 1;
        b[24] = (byte) W;
        b[25] = (byte) (W >> 8);
        b[26] = (byte) (W >> 16);
        b[27] = (byte) H;
        b[28] = (byte) (H >> 8);
        b[29] = (byte) (H >> 16);
        return b;
    }

    static byte[] webpLossy(int w, int h) {
        byte[] b = riff("VP8 ", 32);
        b[23] = (byte) 0x9d;
        b[24] = 0x01;
        b[25] = 0x2a;
        b[26] = (byte) w;
        b[27] = (byte) (w >> 8);
        b[28] = (byte) h;
        b[29] = (byte) (h >> 8);
        return b;
    }

    private static byte[] riff(String chunk, int size) {
        byte[] b = new byte[size];
        System.arraycopy("RIFF".getBytes(), 0, b, 0, 4);
        System.arraycopy("WEBP".getBytes(), 0, b, 8, 4);
        System.arraycopy(chunk.getBytes(), 0, b, 12, 4);
        return b;
    }
}
