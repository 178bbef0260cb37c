package io.reelgate.media;

import java.nio.charset.StandardCharsets;

/**
 * What a file really is, read from its first bytes (never from a Content-Type header or a name):
 * servers that ignore {@code variant} send an MP4 labelled as a thumbnail, error pages arrive
 * with 200. {@link #HEAD_BYTES} leading bytes are enough for every kind here.
 */
public enum ContentKind {
    MP4("video/mp4", "mp4", true),
    QUICKTIME("video/quicktime", "mov", true),
    WEBM("video/webm", "webm", true),
    JPEG("image/jpeg", "jpg", false),
    PNG("image/png", "png", false),
    WEBP("image/webp", "webp", false),
    GIF("image/gif", "gif", false),
    UNKNOWN("application/octet-stream", "bin", false);

    /** How many leading bytes {@link #of} looks at. */
    public static final int HEAD_BYTES = 16;

    private final String mediaType;
    private final String extension;
    private final boolean video;

    ContentKind(String mediaType, String extension, boolean video) {
        this.mediaType = mediaType;
        this.extension = extension;
        this.video = video;
    }

    public String mediaType() {
        return mediaType;
    }

    public String extension() {
        return extension;
    }

    public boolean video() {
        return video;
    }

    /** A still image a browser shows in an {@code <img>}: what posters and spritesheets must be. */
    public boolean image() {
        return this == JPEG || this == PNG || this == WEBP || this == GIF;
    }

    /** The kind of {@code length} leading bytes of {@code head}. */
    public static ContentKind of(byte[] head, int length) {
        if (length >= 3 && u8(head, 0) == 0xFF && u8(head, 1) == 0xD8 && u8(head, 2) == 0xFF) {
            return JPEG;
        }
        if (length >= 8 && u8(head, 0) == 0x89 && ascii(head, 1, 3).equals("PNG") && u8(head, 4) == 0x0D
                && u8(head, 5) == 0x0A) {
            return PNG;
        }
        if (length >= 12 && ascii(head, 0, 4).equals("RIFF") && ascii(head, 8, 4).equals("WEBP")) {
            return WEBP;
        }
        if (length >= 6 && (ascii(head, 0, 6).equals("GIF87a") || ascii(head, 0, 6).equals("GIF89a"))) {
            return GIF;
        }
        if (length >= 4 && u8(head, 0) == 0x1A && u8(head, 1) == 0x45 && u8(head, 2) == 0xDF && u8(head, 3) == 0xA3) {
            return WEBM;
        }
        if (length >= 12) {
            String box = ascii(head, 4, 4);
            if (box.equals("ftyp")) {
                return ascii(head, 8, 4).equals("qt  ") ? QUICKTIME : MP4;
            }
            // files written without an ftyp box start with one of the top-level boxes of ISO BMFF
            if (box.equals("moov") || box.equals("mdat") || box.equals("free") || box.equals("wide")
                    || box.equals("skip")) {
                return MP4;
            }
        }
        return UNKNOWN;
    }

    private static int u8(byte[] b, int i) {
        return b[i] & 0xFF;
    }

    private static String ascii(byte[] b, int offset, int length) {
        return new String(b, offset, length, StandardCharsets.ISO_8859_1);
    }
}
