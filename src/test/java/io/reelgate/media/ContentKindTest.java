package io.reelgate.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** What a download really is, from its first bytes, whatever its Content-Type said. */
class ContentKindTest {

    private static ContentKind of(byte[] bytes) {
        return ContentKind.of(bytes, Math.min(bytes.length, ContentKind.HEAD_BYTES));
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    @Test
    void aRealMp4FromAnEncoderIsAVideoAndNotAnImage() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/media/clips/high-720p-bframes-aac.mp4")) {
            ContentKind kind = of(in.readNBytes(ContentKind.HEAD_BYTES));
            assertEquals(ContentKind.MP4, kind);
            assertTrue(kind.video());
            assertFalse(kind.image(), "an MP4 sent as a thumbnail must not pass for one");
        }
    }

    @Test
    void imagesAreKnownByTheirSignatures() {
        assertEquals(ContentKind.JPEG, of(bytes(0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 'J', 'F', 'I', 'F', 0, 1)));
        assertEquals(ContentKind.PNG, of(bytes(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13)));
        assertEquals(ContentKind.WEBP, of("RIFF\0\0\0\0WEBPVP8 ".getBytes(StandardCharsets.ISO_8859_1)));
        assertEquals(ContentKind.GIF, of("GIF89a\1\0\1\0\0\0".getBytes(StandardCharsets.ISO_8859_1)));
        assertTrue(ContentKind.WEBP.image());
    }

    @Test
    void otherContainersAndNonsenseAreToldApart() {
        assertEquals(ContentKind.QUICKTIME, of("\0\0\0\u0014ftypqt  \0\0\0\0".getBytes(StandardCharsets.ISO_8859_1)));
        assertEquals(ContentKind.WEBM, of(bytes(0x1A, 0x45, 0xDF, 0xA3, 0x9F, 0x42, 0x86, 0x81, 1, 0x42, 0xF7, 0x81)));
        assertEquals(ContentKind.UNKNOWN, of("{\"error\":\"nope\"}".getBytes(StandardCharsets.UTF_8)),
                "an error page that came with 200 is not a video");
        assertEquals(ContentKind.UNKNOWN, of(new byte[0]));
        assertEquals(ContentKind.UNKNOWN, of(bytes(0xFF, 0xD8)), "too short to be sure");
    }
}
