package io.reelgate.generation;

import java.io.BufferedOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import io.reelgate.media.ContentKind;

/**
 * Stream plumbing for ingest: {@link #peek} reads what a download really is from its first bytes
 * without consuming them, and {@link #toFile} keeps a copy of a stream in a local file as it is
 * uploaded, so the video can be decoded right after the copy without downloading it again.
 */
final class Tee extends FilterInputStream {

    private final OutputStream copy;

    private Tee(InputStream in, OutputStream copy) {
        super(in);
        this.copy = copy;
    }

    /** A stream that writes every byte read through it to {@code file} (flushed and closed with the stream). */
    static InputStream toFile(InputStream in, Path file) throws IOException {
        return new Tee(in, new BufferedOutputStream(Files.newOutputStream(file), 256 * 1024));
    }

    /** The kind of the stream's content, and the stream with its first bytes put back. */
    record Peeked(ContentKind kind, InputStream stream) {
    }

    static Peeked peek(InputStream in) throws IOException {
        PushbackInputStream back = new PushbackInputStream(in, ContentKind.HEAD_BYTES);
        byte[] head = back.readNBytes(ContentKind.HEAD_BYTES);
        back.unread(head);
        return new Peeked(ContentKind.of(head, head.length), back);
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            copy.write(b);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            copy.write(b, off, n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        throw new IOException("A copied stream cannot skip");
    }

    @Override
    public void close() throws IOException {
        try {
            super.close();
        } finally {
            copy.close();
        }
    }
}
