package io.reelgate.generation;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Aborts downloads that stop delivering: the JDK HTTP client has no read timeout for a streamed
 * body, so a guarded stream that sees no byte for the stall timeout is closed, and the blocked
 * read fails with an I/O error the ingest step retries. Its watcher thread is its own for the
 * reason {@link Pipeline} gives.
 */
final class StallGuard {

    private static final ScheduledExecutorService WATCHER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "download-stall-guard");
        t.setDaemon(true);
        return t;
    });

    private StallGuard() {
    }

    static InputStream guard(InputStream in, Duration timeout) {
        return new Guarded(in, timeout);
    }

    private static final class Guarded extends FilterInputStream {
        private final long timeoutNanos;
        private final ScheduledFuture<?> check;
        private volatile long lastProgress = System.nanoTime();
        private volatile boolean stalled;

        Guarded(InputStream in, Duration timeout) {
            super(in);
            this.timeoutNanos = timeout.toNanos();
            long period = Math.max(50, timeout.toMillis() / 4);
            this.check = WATCHER.scheduleAtFixedRate(this::inspect, period, period, TimeUnit.MILLISECONDS);
        }

        private void inspect() {
            if (System.nanoTime() - lastProgress > timeoutNanos) {
                stalled = true;
                try {
                    in.close();
                } catch (IOException ignored) {
                    // closing is all we can do
                }
                check.cancel(false);
            }
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            progress();
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n;
            try {
                n = super.read(b, off, len);
            } catch (IOException e) {
                throw stalled ? new IOException("Download stalled: no data for " + timeoutNanos / 1_000_000_000 + " s", e) : e;
            }
            progress();
            return n;
        }

        private void progress() throws IOException {
            if (stalled) {
                throw new IOException("Download stalled");
            }
            lastProgress = System.nanoTime();
        }

        @Override
        public void close() throws IOException {
            check.cancel(false);
            super.close();
        }
    }
}
