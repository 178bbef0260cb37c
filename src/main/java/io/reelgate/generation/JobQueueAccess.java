package io.reelgate.generation;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/** Queue operations the worker needs in their own transaction. */
@ApplicationScoped
class JobQueueAccess {

    private final DataSource dataSource;

    JobQueueAccess(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** After a provider 429: no instance dispatches to this provider before {@code until}. */
    @Transactional
    void pause(String provider, Instant until) {
        try (Connection c = dataSource.getConnection()) {
            new JobQueue(c).pause(provider, until);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
