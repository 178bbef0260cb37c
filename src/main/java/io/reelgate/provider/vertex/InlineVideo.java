package io.reelgate.provider.vertex;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * The bytes of the first inline video of a Vertex operation, decoded as they arrive: the answer is
 * scanned for the first {@code "bytesBase64Encoded"} member and its string is decoded a chunk at a
 * time, so a 100 MB video costs a few buffers, not 133 MB of text. Vertex's operation carries no
 * text of the user's (no prompt) in which that member name could appear.
 */
final class InlineVideo extends InputStream {

    private static final byte[] MEMBER = "\"bytesBase64Encoded\"".getBytes(StandardCharsets.US_ASCII);
    private static final int CHUNK = 256 * 1024;

    private final InputStream body;
    private final Base64.Decoder decoder = Base64.getDecoder();
    private final byte[] raw = new byte[CHUNK];
    private int position;
    private int limit;
    /** Base64 characters read but not yet decoded (always fewer than a chunk plus a quantum). */
    private final byte[] text = new byte[CHUNK + 4];
    private int textLength;
    private boolean ended;
    private byte[] decoded = new byte[0];
    private int decodedPosition;

    private InlineVideo(InputStream body) {
        this.body = body;
    }

    /** The decoded video; closing it closes {@code body}. */
    static InputStream open(InputStream body) throws IOException {
        InlineVideo video = new InlineVideo(body);
        video.seekValue();
        return video;
    }

    /** Moves past {@code "bytesBase64Encoded" : "} or fails when the answer has no such member. */
    private void seekValue() throws IOException {
        int matched = 0;
        while (matched < MEMBER.length) {
            int b = next();
            if (b < 0) {
                throw new IOException("the operation has no inline video");
            }
            if (b == MEMBER[matched]) {
                matched++;
            } else {
                matched = b == MEMBER[0] ? 1 : 0;
            }
        }
        if (skipSpace() != ':') {
            throw new IOException("bytesBase64Encoded is not followed by a value");
        }
        if (skipSpace() != '"') {
            throw new IOException("bytesBase64Encoded is not a string");
        }
    }

    private int skipSpace() throws IOException {
        int b;
        do {
            b = next();
        } while (b == ' ' || b == '\n' || b == '\r' || b == '\t');
        return b;
    }

    /** The next byte of the answer, or -1 at its end. */
    private int next() throws IOException {
        if (position >= limit && !fill()) {
            return -1;
        }
        return raw[position++] & 0xff;
    }

    private boolean fill() throws IOException {
        int n = body.read(raw, 0, raw.length);
        position = 0;
        limit = Math.max(n, 0);
        return n > 0;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (decodedPosition >= decoded.length) {
            if (!decodeMore()) {
                return -1;
            }
        }
        int n = Math.min(length, decoded.length - decodedPosition);
        System.arraycopy(decoded, decodedPosition, into, offset, n);
        decodedPosition += n;
        return n;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    /** Reads base64 text up to a chunk (or the closing quote) and decodes whole quanta of it; false at the end. */
    private boolean decodeMore() throws IOException {
        if (ended && textLength == 0) {
            return false;
        }
        while (!ended && textLength < CHUNK) {
            if (position >= limit && !fill()) {
                throw new IOException("the inline video ends before its closing quote");
            }
            int end = Math.min(limit, position + (CHUNK - textLength));
            int i = position;
            while (i < end) {
                byte b = raw[i];
                if (b == '"' || b == '\\') {
                    break;
                }
                i++;
            }
            System.arraycopy(raw, position, text, textLength, i - position);
            textLength += i - position;
            position = i;
            if (i < end) {
                position++;
                if (raw[i] == '"') {
                    ended = true;
                } else {
                    unescape();
                }
            }
        }
        int usable = ended ? textLength : textLength - textLength % 4;
        try {
            decoded = decoder.decode(Arrays.copyOf(text, usable));
        } catch (IllegalArgumentException e) {
            throw new IOException("the inline video is not valid base64: " + e.getMessage());
        }
        decodedPosition = 0;
        System.arraycopy(text, usable, text, 0, textLength - usable);
        textLength -= usable;
        return decoded.length > 0 || !ended || textLength > 0;
    }

    /** A JSON escape inside the base64 text: {@code \/} is a slash, a line break (MIME style) is skipped. */
    private void unescape() throws IOException {
        int escaped = next();
        switch (escaped) {
            case '/', '\\' -> text[textLength++] = (byte) escaped;
            case 'n', 'r' -> { } // a line break inside the base64 text
            default -> throw new IOException("unexpected escape in the inline video's base64 text");
        }
    }

    @Override
    public void close() throws IOException {
        body.close();
    }
}
