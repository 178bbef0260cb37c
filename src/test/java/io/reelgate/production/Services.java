package io.reelgate.production;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Child processes of the production end-to-end test: each logs to its own file under the work
 * directory, is waited for by polling a condition with a deadline, and is stopped (or killed) by
 * the test. Whatever is still running when the JVM ends is killed by a shutdown hook.
 */
final class Services implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();

    private final Path work;
    private final List<Process> started = new ArrayList<>();

    Services(Path work) {
        this.work = work;
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "e2e-services-stop"));
    }

    Path work() {
        return work;
    }

    /** A process whose output goes to {@code <work>/<name>.log}. */
    Process start(String name, List<String> command, Map<String, String> env, Path directory) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log(name).toFile()));
            builder.environment().putAll(env);
            Process process = builder.start();
            synchronized (started) {
                started.add(process);
            }
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name + ": " + command, e);
        }
    }

    Path log(String name) {
        return work.resolve(name + ".log");
    }

    /** Polls {@code condition} until it holds; fails with {@code what} and the log's tail when {@code deadline} passes. */
    static void await(String what, Duration deadline, BooleanSupplier condition, Path log) {
        try {
            Awaitility.await(what).atMost(deadline).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(condition::getAsBoolean);
        } catch (ConditionTimeoutException e) {
            Assertions.fail("Timed out after " + deadline.toSeconds() + " s waiting for " + what + (log == null ? ""
                    : "\n--- " + log + " (last lines) ---\n" + tail(log, 60)));
        }
    }

    /** The HTTP status of a GET, or -1 when nothing answers. */
    static int status(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** An executable on the PATH, or a failure (CI) / skip (elsewhere) naming how to install it. */
    static Path tool(String name, String install) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        missing(name + " is not installed (" + install + ")");
        return null;
    }

    /** A file the build should have produced, or a failure / skip naming what to run. */
    static Path file(String property, String hint) {
        String value = System.getProperty(property);
        if (value == null || !Files.exists(Path.of(value))) {
            missing(property + " (" + value + ") does not exist: " + hint);
        }
        return Path.of(value);
    }

    static void missing(String message) {
        if (Boolean.getBoolean("reelgate.e2e.required")) {
            Assertions.fail(message);
        }
        Assumptions.abort(message);
    }

    /** SIGKILL, as a crashed machine or an OOM-killer would: no shutdown hooks, no goodbye. */
    static void kill(Process process) {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        List<Process> all;
        synchronized (started) {
            all = new ArrayList<>(started);
            started.clear();
        }
        for (Process p : all) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }
        for (Process p : all) {
            try {
                if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
