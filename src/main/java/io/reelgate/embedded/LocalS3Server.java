package io.reelgate.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;

/**
 * An S3-compatible server (S3Proxy, filesystem backend) run as a child process on 127.0.0.1.
 *
 * <p>It runs out of process because its bundled libraries clash with Quarkus. It binds port 0 and
 * reports the port in its log; fixed ports collide on shared machines. The child is stopped with
 * the JVM, and a child orphaned by a killed JVM is stopped at the next start (pid file).
 */
public final class LocalS3Server {

    public static final String ACCESS_KEY = "reelgate-dev";
    public static final String SECRET_KEY = "reelgate-dev-secret-key";
    private static final String ENDPOINT_PROPERTY = "io.reelgate.embedded.s3-endpoint";
    private static final Pattern BOUND_PORT = Pattern.compile("ServerConnector.*\\{127\\.0\\.0\\.1:(\\d+)}");
    private static final String S3PROXY_VERSION = "4.1.0";
    private static final Logger LOG = Logger.getLogger(LocalS3Server.class);

    private LocalS3Server() {
    }

    /** Starts the server once per JVM; {@code dataDir == null} means a fresh throw-away directory. */
    public static synchronized String start(Path dataDir, String jarOverride) {
        String running = System.getProperty(ENDPOINT_PROPERTY);
        if (running != null) {
            return running;
        }
        long started = System.nanoTime();
        try {
            Path work = Files.createDirectories(Path.of("target", "embedded"));
            boolean temporary = dataDir == null;
            Path data = temporary ? Files.createTempDirectory(work, "s3-test-") : Files.createDirectories(dataDir);
            Path runDir = temporary ? data : work;
            Path pidFile = runDir.resolve("s3proxy.pid");
            stopOrphan(pidFile);

            Path properties = runDir.resolve("s3proxy.properties");
            Files.writeString(properties, String.join("\n",
                    "s3proxy.endpoint=http://127.0.0.1:0",
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + ACCESS_KEY,
                    "s3proxy.credential=" + SECRET_KEY,
                    "jclouds.provider=filesystem-nio2",
                    "jclouds.filesystem.basedir=" + data.resolve("blobs").toAbsolutePath(),
                    ""));
            Files.createDirectories(data.resolve("blobs"));
            Path log = runDir.resolve("s3proxy.log");
            String java = ProcessHandle.current().info().command().orElse("java");
            Process process = new ProcessBuilder(java, "-Xmx256m", "-jar", locateJar(jarOverride).toString(),
                    "--properties", properties.toAbsolutePath().toString())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            Files.writeString(pidFile, Long.toString(process.pid()));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(process, temporary ? data : null), "s3proxy-stop"));

            int port = awaitPort(process, log);
            String endpoint = "http://127.0.0.1:" + port;
            System.setProperty(ENDPOINT_PROPERTY, endpoint);
            LOG.infof("Embedded S3 (S3Proxy) ready at %s in %d ms (data: %s)", endpoint,
                    (System.nanoTime() - started) / 1_000_000, temporary ? "temporary" : data.toAbsolutePath());
            return endpoint;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded S3 server; configure reelgate.storage.endpoint "
                    + "to use an external S3-compatible store", e);
        }
    }

    private static Path locateJar(String override) {
        List<Path> candidates = override != null ? List.of(Path.of(override))
                : List.of(Path.of("target", "embedded", "s3proxy.jar"),
                        Path.of(System.getProperty("user.home"), ".m2", "repository", "org", "gaul", "s3proxy",
                                S3PROXY_VERSION, "s3proxy-" + S3PROXY_VERSION + "-jar-with-dependencies.jar"));
        return candidates.stream().filter(Files::isRegularFile).findFirst()
                .orElseThrow(() -> new IllegalStateException("S3Proxy jar not found at " + candidates
                        + "; run './mvnw initialize' to fetch it, or configure reelgate.storage.endpoint"));
    }

    private static int awaitPort(Process process, Path log) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("S3Proxy exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            Matcher matcher = BOUND_PORT.matcher(Files.readString(log));
            if (matcher.find()) {
                return Integer.parseInt(matcher.group(1));
            }
            try {
                process.waitFor(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for S3Proxy", e);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("S3Proxy did not report its port within 60 s; see " + log.toAbsolutePath());
    }

    private static void stopOrphan(Path pidFile) throws IOException {
        if (!Files.exists(pidFile)) {
            return;
        }
        try {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().arguments().map(a -> String.join(" ", a).contains("s3proxy")).orElse(false))
                    .ifPresent(p -> {
                        LOG.infof("Stopping orphaned S3Proxy (pid %d) left by an earlier run", pid);
                        p.destroy();
                        p.onExit().orTimeout(10, TimeUnit.SECONDS).join();
                    });
        } catch (NumberFormatException ignored) {
            // an unreadable pid file points at nothing we started
        }
        Files.deleteIfExists(pidFile);
    }

    private static void stop(Process process, Path temporaryData) {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        if (temporaryData != null) {
            deleteRecursively(temporaryData);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort clean-up of a temporary test directory
        }
    }
}
