package io.reelgate.provider.vertex;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The bytes of the first inline video of a Vertex operation, decoded as they arrive: the answer is
 * scanned for the first {@code "bytesBase64Encoded"} member and its string is fed through a base64
 * decoder, so a 100 MB video costs a buffer, not 133 MB of text. Vertex's operation carries no text
 * of the user's (no prompt) in which that member name could appear.
 */
final class InlineVideo extends InputStream {

    private static final byte[] MEMBER = "\"bytesBase64Encoded\"".getBytes(StandardCharsets.US_ASCII);

    private final InputStream body;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    private boolean ended;

    private InlineVideo(InputStream body) {
        this.body = body;
    }

    /** The decoded video; closing it closes {@code body}. */
    static InputStream open(InputStream body) throws IOException {
        InlineVideo text = new InlineVideo(body);
        text.seekValue();
        return Base64.getDecoder().wrap(text);
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
        return buffer[position++] & 0xff;
    }

    private boolean fill() throws IOException {
        int n = body.read(buffer, 0, buffer.length);
        position = 0;
        limit = Math.max(n, 0);
        return n > 0;
    }

    /** The string's characters up to its closing quote, with JSON escapes ({@code \/}) undone. */
    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
        if (ended) {
            return -1;
        }
        if (length == 0) {
            return 0;
        }
        int n = 0;
        while (n == 0 && !ended) {
            if (position >= limit && !fill()) {
                throw new IOException("the inline video ends before its closing quote");
            }
            while (n < length && position < limit) {
                byte b = buffer[position];
                if (b == '"') {
                    position++;
                    ended = true;
                    break;
                }
                if (b == '\\') {
                    position++;
                    int escaped = next();
                    switch (escaped) {
                        case '/', '\\' -> into[offset + n++] = (byte) escaped;
                        case 'n', 'r' -> { } // a line break inside the base64 text: skip
                        default -> throw new IOException("unexpected escape in the inline video's base64 text");
                    }
                    continue;
                }
                into[offset + n++] = b;
                position++;
            }
        }
        return n == 0 && ended ? -1 : n;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public void close() throws IOException {
        body.close();
    }
}
