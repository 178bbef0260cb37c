package io.reelgate.testing;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

/**
 * The app's clock in tests: the system clock until a test sets it, then that instant (moving on
 * only when told). Tests that set it reset it when they end ({@link #reset}).
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class TestClock implements InstantSource {

    private final AtomicReference<Instant> fixed = new AtomicReference<>();

    @Override
    public Instant instant() {
        Instant at = fixed.get();
        return at != null ? at : Instant.now();
    }

    /** From now on the app's time is {@code at}. */
    public void set(Instant at) {
        fixed.set(at);
    }

    public void advance(Duration by) {
        fixed.updateAndGet(at -> (at != null ? at : Instant.now()).plus(by));
    }

    /** Back to the system clock. */
    public void reset() {
        fixed.set(null);
    }
}
