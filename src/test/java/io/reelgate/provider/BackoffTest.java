package io.reelgate.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;

import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(8), new Random(42));

    @Test
    void ceilingsDoubleFromTheBaseUpToTheCap() {
        assertThat(backoff.ceiling(0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.ceiling(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.ceiling(2)).isEqualTo(Duration.ofSeconds(4));
        assertThat(backoff.ceiling(3)).isEqualTo(Duration.ofSeconds(8));
        assertThat(backoff.ceiling(10)).isEqualTo(Duration.ofSeconds(8));
        assertThat(backoff.ceiling(200)).isEqualTo(Duration.ofSeconds(8));
    }

    @Test
    void fullJitterStaysWithinTheCeilingAndSpreadsOut() {
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 2000; i++) {
            long ms = backoff.delay(2, null).toMillis();
            assertThat(ms).isBetween(0L, 4000L);
            min = Math.min(min, ms);
            max = Math.max(max, ms);
        }
        assertThat(min).as("full jitter reaches low values").isLessThan(400);
        assertThat(max).as("full jitter reaches high values").isGreaterThan(3600);
    }

    @Test
    void neverWaitsLessThanRetryAfter() {
        for (int i = 0; i < 500; i++) {
            assertThat(backoff.delay(0, Duration.ofMillis(2500))).isGreaterThanOrEqualTo(Duration.ofMillis(2500));
        }
    }
}
