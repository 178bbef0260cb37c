package io.reelgate.provider;

import java.time.Duration;
import java.util.Random;

/**
 * Exponential backoff with full jitter: before retry {@code n} (0-based) wait a random time in
 * {@code [0, min(cap, base·2ⁿ)]}, but never less than the server's {@code Retry-After}.
 */
public final class Backoff {

    private final Duration base;
    private final Duration cap;
    private final Random random;

    public Backoff(Duration base, Duration cap, Random random) {
        this.base = base;
        this.cap = cap;
        this.random = random;
    }

    /** The exponential ceiling for retry {@code n}, before jitter. */
    public Duration ceiling(int retry) {
        long ms = base.toMillis() << Math.min(retry, 30);
        return Duration.ofMillis(Math.min(cap.toMillis(), ms < 0 ? Long.MAX_VALUE : ms));
    }

    public Duration delay(int retry, Duration retryAfter) {
        long jittered = (long) (random.nextDouble() * (ceiling(retry).toMillis() + 1));
        Duration delay = Duration.ofMillis(jittered);
        return retryAfter != null && retryAfter.compareTo(delay) > 0 ? retryAfter : delay;
    }

    /** How waiting happens; tests substitute a recording sleeper. */
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;

        Sleeper REAL = d -> Thread.sleep(d.toMillis());
    }
}
