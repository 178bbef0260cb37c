package io.reelgate.budget;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.InstantSource;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.quarkus.scheduler.Scheduled;

/** Keeps the per-second request counts small: only the last few minutes matter to the per-minute limit. */
@ApplicationScoped
class RateCounters {

    private final DataSource dataSource;
    private final InstantSource clock;

    RateCounters(DataSource dataSource, InstantSource clock) {
        this.clock = clock;
        this.dataSource = dataSource;
    }

    @Scheduled(every = "1m", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void purge() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            new MoneySql(c).purgeOldSeconds(clock.instant());
        }
    }
}
