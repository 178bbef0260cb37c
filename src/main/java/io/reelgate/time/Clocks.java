package io.reelgate.time;

import java.time.InstantSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/**
 * The one source of "now" for everything that decides by time: budget periods and admission,
 * settlement and ledger entries, the forecast and the dashboard, rate windows, off-peak windows,
 * alerts and digests, share-link and invitation expiry. The system clock in the app; tests replace
 * it with a clock they set ({@code testing/TestClock}), so a test about the last second of a period
 * runs at that second on every day of the year.
 */
@ApplicationScoped
public class Clocks {

    @Produces
    @ApplicationScoped
    InstantSource system() {
        return new SystemTime();
    }

    /** The system clock as a proxyable bean type. */
    static final class SystemTime implements InstantSource {
        @Override
        public java.time.Instant instant() {
            return java.time.Instant.now();
        }
    }
}
