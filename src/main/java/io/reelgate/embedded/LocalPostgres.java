package io.reelgate.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.jboss.logging.Logger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A PostgreSQL server from embedded binaries (zonky), one per JVM.
 *
 * <p>Dev mode keeps its data directory between runs so dev data survives restarts; tests get a
 * fresh temporary directory that is deleted at exit. The started URL is kept in a system property
 * because dev-mode live reload drops static state with the application class loader.
 */
final class LocalPostgres {

    static final String USER = "postgres";
    private static final String URL_PROPERTY = "io.reelgate.embedded.postgres-url";
    private static final Logger LOG = Logger.getLogger(LocalPostgres.class);

    private LocalPostgres() {
    }

    /** Starts the server once per JVM; {@code dataDir == null} means a fresh throw-away directory. */
    static synchronized String start(Path dataDir) {
        String running = System.getProperty(URL_PROPERTY);
        if (running != null) {
            return running;
        }
        long started = System.nanoTime();
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("timezone", "UTC");
            if (dataDir == null) {
                Path parent = Files.createDirectories(Path.of("target", "embedded"));
                builder.setDataDirectory(Files.createTempDirectory(parent, "pg-test-")).setCleanDataDirectory(true);
            } else {
                Files.createDirectories(dataDir);
                stopOrphanedServer(dataDir);
                builder.setDataDirectory(dataDir).setCleanDataDirectory(false);
            }
            EmbeddedPostgres postgres = builder.start();
            String url = "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
            System.setProperty(URL_PROPERTY, url);
            LOG.infof("Embedded PostgreSQL ready at %s in %d ms (data: %s)", url,
                    (System.nanoTime() - started) / 1_000_000, dataDir == null ? "temporary" : dataDir.toAbsolutePath());
            return url;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL; configure quarkus.datasource.jdbc.url "
                    + "to use an external server", e);
        }
    }

    /**
     * A dev JVM that was killed hard leaves its postmaster running on the data directory, and a
     * new start would fail on the lock; stop that orphan first.
     */
    private static void stopOrphanedServer(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.isEmpty()) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).trim());
        } catch (NumberFormatException e) {
            return;
        }
        ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false))
                .ifPresent(p -> {
                    LOG.infof("Stopping orphaned embedded PostgreSQL (pid %d) left by an earlier run", pid);
                    p.destroy();
                    p.onExit().orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join();
                });
    }
}
