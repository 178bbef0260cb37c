package io.reelgate.provider;

import java.util.Optional;

/**
 * An image for {@code input_reference}: its bytes and the media type read from the bytes
 * themselves (never from a file name). {@link #probe} identifies JPEG, PNG and WebP and their
 * dimensions from the header without decoding the image.
 */
public record InputImage(String filename, Format format, int width, int height, byte[] bytes) {

    public enum Format {
        JPEG("image/jpeg", "jpg"), PNG("image/png", "png"), WEBP("image/webp", "webp");

        private final String mediaType;
        private final String extension;

        Format(String mediaType, String extension) {
            this.mediaType = mediaType;
            this.extension = extension;
        }

        public String mediaType() {
            return mediaType;
        }

        public String extension() {
            return extension;
        }
    }

    /** Format and size of an image header. */
    public record Header(Format format, int width, int height) {
        public String size() {
            return width + "x" + height;
        }
    }

    public String contentType() {
        return format.mediaType();
    }

    public String size() {
        return width + "x" + height;
    }

    /** The bytes in base64, for APIs that take images inline in JSON. */
    public String base64() {
        return java.util.Base64.getEncoder().encodeToString(bytes);
    }

    /** The image as a {@code data:} URI ({@code data:image/png;base64,…}). */
    public String dataUri() {
        return "data:" + contentType() + ";base64," + base64();
    }

    /**
     * An image of {@code contentType} (PNG when not one of ours) and {@code size} ({@code WxH}) without
     * pixels, for checks that read only type and size: an estimate's or a plan's stand-in for an
     * image not uploaded yet. Never sent.
     */
    public static InputImage standIn(String contentType, String size) {
        Format format = java.util.Arrays.stream(Format.values()).filter(f -> f.mediaType().equals(contentType)).findFirst()
                .orElse(Format.PNG);
        String[] wh = size == null ? new String[0] : size.split("x");
        return new InputImage("stand-in." + format.extension(), format, wh.length == 2 ? dimension(wh[0]) : 1,
                wh.length == 2 ? dimension(wh[1]) : 1, new byte[0]);
    }

    private static int dimension(String text) {
        try {
            return Math.max(1, Integer.parseInt(text.strip()));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /** Reads an image, or empty when the bytes are not a JPEG, PNG or WebP image with readable dimensions. */
    public static Optional<InputImage> of(String filename, byte[] bytes) {
        return probe(bytes).map(h -> new InputImage(filename, h.format(), h.width(), h.height(), bytes));
    }

    /**
     * What would make a provider misread this image even though its header is fine: a file that was
     * cut off (a PNG without its IEND chunk, a JPEG without its end marker, a WebP shorter than its
     * RIFF size), or a JPEG whose EXIF orientation turns or flips it, so that it would not show as
     * the pixels it holds.
     */
    public Optional<String> defect() {
        boolean complete = switch (format) {
            case PNG -> bytes.length >= 12 && new String(bytes, bytes.length - 8, 4, java.nio.charset.StandardCharsets.US_ASCII)
                    .equals("IEND");
            case JPEG -> endsWithEoi(bytes);
            case WEBP -> bytes.length >= 12 && (u8(bytes, 4) | u8(bytes, 5) << 8 | u8(bytes, 6) << 16 | u8(bytes, 7) << 24)
                    + 8L <= bytes.length;
        };
        if (!complete) {
            return Optional.of("The image is incomplete: the file was cut off. Export or download it again.");
        }
        int orientation = format == Format.JPEG ? exifOrientation(bytes) : 1;
        if (orientation > 1 && orientation <= 8) {
            String shown = orientation >= 5 ? height + "x" + width : size();
            return Optional.of("This JPEG is " + (orientation >= 5 ? "turned" : "flipped") + " by its EXIF orientation "
                    + "(it would show as " + shown + ", not as its " + size() + " pixels). Save it upright, without "
                    + "rotation, and upload it again.");
        }
        return Optional.empty();
    }

    private static boolean endsWithEoi(byte[] b) {
        // encoders may pad after the end marker; look at the last few bytes only
        for (int i = b.length - 2; i >= Math.max(2, b.length - 64); i--) {
            if (u8(b, i) == 0xFF && u8(b, i + 1) == 0xD9) {
                return true;
            }
        }
        return false;
    }

    /** The EXIF orientation (1 to 8) of a JPEG's APP1 segment; 1 when it has none or it cannot be read. */
    static int exifOrientation(byte[] b) {
        int i = 2;
        while (i + 4 < b.length && u8(b, i) == 0xFF) {
            int marker = u8(b, i + 1);
            int length = (u8(b, i + 2) << 8) | u8(b, i + 3);
            if (marker == 0xDA || length < 2) {
                return 1; // image data starts: no EXIF before it
            }
            int start = i + 4;
            if (marker == 0xE1 && start + 14 <= b.length && b[start] == 'E' && b[start + 1] == 'x' && b[start + 2] == 'i'
                    && b[start + 3] == 'f') {
                return tiffOrientation(b, start + 6, Math.min(b.length, i + 2 + length));
            }
            i += 2 + length;
        }
        return 1;
    }

    private static int tiffOrientation(byte[] b, int tiff, int end) {
        boolean little = b[tiff] == 'I';
        java.util.function.IntUnaryOperator u16 = at -> little ? u8(b, at) | u8(b, at + 1) << 8 : u8(b, at) << 8 | u8(b, at + 1);
        if (tiff + 8 > end) {
            return 1;
        }
        int ifd = tiff + (little ? u8(b, tiff + 4) | u8(b, tiff + 5) << 8 | u8(b, tiff + 6) << 16 | u8(b, tiff + 7) << 24
                : u32be(b, tiff + 4));
        if (ifd < tiff || ifd + 2 > end) {
            return 1;
        }
        int entries = u16.applyAsInt(ifd);
        for (int n = 0; n < entries; n++) {
            int entry = ifd + 2 + n * 12;
            if (entry + 12 > end) {
                return 1;
            }
            if (u16.applyAsInt(entry) == 0x0112) {
                return u16.applyAsInt(entry + 8);
            }
        }
        return 1;
    }

    public static Optional<Header> probe(byte[] b) {
        if (b == null || b.length < 16) {
            return Optional.empty();
        }
        if (u8(b, 0) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G' && b.length >= 24) {
            return Optional.of(new Header(Format.PNG, u32be(b, 16), u32be(b, 20)));
        }
        if (u8(b, 0) == 0xFF && u8(b, 1) == 0xD8) {
            return jpeg(b);
        }
        if (b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F' && b[8] == 'W' && b[9] == 'E' && b[10] == 'B'
                && b[11] == 'P' && b.length >= 30) {
            return webp(b);
        }
        return Optional.empty();
    }

    private static Optional<Header> jpeg(byte[] b) {
        int i = 2;
        while (i + 9 < b.length) {
            if (u8(b, i) != 0xFF) {
                i++;
                continue;
            }
            int marker = u8(b, i + 1);
            if (marker == 0xFF) {
                i++;
                continue;
            }
            if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                i += 2;
                continue;
            }
            int length = (u8(b, i + 2) << 8) | u8(b, i + 3);
            boolean startOfFrame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (startOfFrame) {
                int height = (u8(b, i + 5) << 8) | u8(b, i + 6);
                int width = (u8(b, i + 7) << 8) | u8(b, i + 8);
                return width > 0 && height > 0 ? Optional.of(new Header(Format.JPEG, width, height)) : Optional.empty();
            }
            i += 2 + length;
        }
        return Optional.empty();
    }

    private static Optional<Header> webp(byte[] b) {
        String chunk = new String(b, 12, 4, java.nio.charset.StandardCharsets.US_ASCII);
        switch (chunk) {
            case "VP8 " -> {
                // key frame: start code 9d 01 2a at 23..25, then 14-bit width and height
                if (u8(b, 23) != 0x9d || u8(b, 24) != 0x01 || u8(b, 25) != 0x2a) {
                    return Optional.empty();
                }
                int width = ((u8(b, 27) << 8) | u8(b, 26)) & 0x3FFF;
                int height = ((u8(b, 29) << 8) | u8(b, 28)) & 0x3FFF;
                return Optional.of(new Header(Format.WEBP, width, height));
            }
            case "VP8L" -> {
                if (u8(b, 20) != 0x2f) {
                    return Optional.empty();
                }
                int bits = u8(b, 21) | (u8(b, 22) << 8) | (u8(b, 23) << 16) | (u8(b, 24) << 24);
                return Optional.of(new Header(Format.WEBP, (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1));
            }
            case "VP8X" -> {
                int width = (u8(b, 24) | (u8(b, 25) << 8) | (u8(b, 26) << 16)) + 1;
                int height = (u8(b, 27) | (u8(b, 28) << 8) | (u8(b, 29) << 16)) + 1;
                return Optional.of(new Header(Format.WEBP, width, height));
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    private static int u8(byte[] b, int i) {
        return b[i] & 0xFF;
    }

    private static int u32be(byte[] b, int i) {
        return (u8(b, i) << 24) | (u8(b, i + 1) << 16) | (u8(b, i + 2) << 8) | u8(b, i + 3);
    }
}
