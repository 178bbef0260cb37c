package io.reelgate.generation;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Overlaps a download with its upload: a background thread reads the source in chunks into a
 * small bounded queue while the consumer (the S3 upload) drains it, so the slower side sets the
 * pace instead of the sum of both. Memory is bounded by {@code chunks × chunkSize}. Its reader
 * threads are its own for the reason {@link Pipeline} gives.
 */
final class ReadAhead extends InputStream {

    private static final AtomicLong THREADS = new AtomicLong();
    private static final ExecutorService READERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "ingest-read-ahead-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });
    private static final byte[] END = new byte[0];

    private final BlockingQueue<byte[]> queue;
    private final Future<?> reader;
    private volatile IOException failure;
    private byte[] current;
    private int offset;
    private boolean done;

    ReadAhead(InputStream source, int chunkSize, int chunks) {
        this.queue = new ArrayBlockingQueue<>(chunks);
        this.reader = READERS.submit(() -> {
            try (source) {
                while (true) {
                    byte[] chunk = source.readNBytes(chunkSize);
                    if (chunk.length == 0) {
                        break;
                    }
                    queue.put(chunk);
                    if (chunk.length < chunkSize) {
                        break;
                    }
                }
            } catch (IOException e) {
                failure = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                queue.put(END);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (current == null || offset == current.length) {
            if (done) {
                return -1;
            }
            try {
                current = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("Interrupted while reading ahead", e);
            }
            offset = 0;
            if (current == END) {
                done = true;
                if (failure != null) {
                    throw failure;
                }
                return -1;
            }
        }
        int n = Math.min(len, current.length - offset);
        System.arraycopy(current, offset, b, off, n);
        offset += n;
        return n;
    }

    @Override
    public void close() {
        reader.cancel(true);
        queue.clear();
    }
}
