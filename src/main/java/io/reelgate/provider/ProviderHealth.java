package io.reelgate.provider;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * How each provider is doing, as this instance sees it: calls in flight, the last successful
 * call, and failed calls of the last hour by kind. Kept in memory (every instance has its own
 * view; Prometheus has the fleet's), bounded to one hour of failures per provider.
 */
@ApplicationScoped
public class ProviderHealth {

    private static final Duration WINDOW = Duration.ofHours(1);
    private static final int MAX_REMEMBERED = 10_000;

    /** A provider's state for the operator console. */
    public record Snapshot(int inFlight, Instant lastSuccess, Instant lastFailure, Map<String, Integer> errorsLastHour) {

        public int errorCount() {
            return errorsLastHour.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    private record Failure(Instant at, String kind) {
    }

    private static final class State {
        final AtomicInteger inFlight = new AtomicInteger();
        volatile Instant lastSuccess;
        volatile Instant lastFailure;
        final Deque<Failure> failures = new ArrayDeque<>();
    }

    private final Map<String, State> states = new ConcurrentHashMap<>();

    void started(String provider) {
        state(provider).inFlight.incrementAndGet();
    }

    void finished(String provider, String outcome, Instant now) {
        State s = state(provider);
        s.inFlight.updateAndGet(n -> Math.max(0, n - 1));
        if ("ok".equals(outcome)) {
            s.lastSuccess = now;
            return;
        }
        s.lastFailure = now;
        synchronized (s.failures) {
            s.failures.addLast(new Failure(now, outcome));
            while (s.failures.size() > MAX_REMEMBERED) {
                s.failures.removeFirst();
            }
        }
    }

    public Snapshot snapshot(String provider, Instant now) {
        State s = state(provider);
        Map<String, Integer> byKind = new TreeMap<>();
        synchronized (s.failures) {
            while (!s.failures.isEmpty() && s.failures.peekFirst().at().isBefore(now.minus(WINDOW))) {
                s.failures.removeFirst();
            }
            s.failures.forEach(f -> byKind.merge(f.kind(), 1, Integer::sum));
        }
        return new Snapshot(s.inFlight.get(), s.lastSuccess, s.lastFailure, byKind);
    }

    private State state(String provider) {
        return states.computeIfAbsent(provider, p -> new State());
    }
}
