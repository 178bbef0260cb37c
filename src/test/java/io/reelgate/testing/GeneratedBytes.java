package io.reelgate.testing;

import java.io.InputStream;

/** A deterministic stream of {@code size} bytes that never sits in memory as a whole. */
public final class GeneratedBytes extends InputStream {

    private final long size;
    private final int seed;
    private long position;

    public GeneratedBytes(long size, int seed) {
        this.size = size;
        this.seed = seed;
    }

    @Override
    public int read() {
        if (position >= size) {
            return -1;
        }
        return (int) ((position++ * 31 + seed) & 0xff);
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (position >= size) {
            return -1;
        }
        int n = (int) Math.min(len, size - position);
        for (int i = 0; i < n; i++) {
            b[off + i] = (byte) ((position++ * 31 + seed) & 0xff);
        }
        return n;
    }
}
