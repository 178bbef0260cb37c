package io.reelgate.production;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reelgate's container image for the production end-to-end test: built from
 * {@code src/main/docker/Dockerfile.jvm} over the packaged app, run as the Kubernetes manifests run
 * it (read-only root, a tmpfs {@code /tmp}, user 10001, no capabilities, a memory limit, host
 * network so every address stays on loopback), and SIGKILLed with {@code docker kill}.
 *
 * <p>Without a Docker engine or the Dockerfile's base image the test fails in CI
 * ({@code -Dreelgate.e2e.required=true}; {@code .ci/run} starts the engine and makes a stand-in base)
 * and elsewhere runs every instance as a plain process, saying so.
 */
final class Containers {

    static final String IMAGE = "reelgate:e2e";
    private static final Pattern RSS = Pattern.compile("(?m)^VmRSS:\\s+(\\d+) kB");

    private Containers() {
    }

    /** The image tag after a fresh build, or null when containers are switched off or unavailable here. */
    static String build(Services services) {
        if (!Boolean.parseBoolean(System.getProperty("reelgate.e2e.container", "true"))) {
            return null;
        }
        if (run(List.of("docker", "info"), 30) != 0) {
            return unavailable("no Docker engine answers `docker info` (.ci/run installs docker.io and starts "
                    + "dockerd --bridge=none --iptables=false)");
        }
        String base = baseImage();
        if (run(List.of("docker", "image", "inspect", base), 30) != 0) {
            return unavailable("the base image " + base + " is not here and no registry is reachable: make the CI "
                    + "stand-in with src/main/docker/standin-base.sh");
        }
        long t0 = System.nanoTime();
        Path log = services.log("image-build");
        int status = run(List.of("docker", "build", "--network", "host", "-f", "src/main/docker/Dockerfile.jvm", "-t", IMAGE,
                "."), 600, log);
        if (status != 0) {
            throw new AssertionError("docker build failed (" + status + "): " + tail(log));
        }
        System.out.printf("[e2e] image %s built from Dockerfile.jvm on %s in %.1f s, %d MiB%n", IMAGE, base,
                (System.nanoTime() - t0) / 1e9, imageBytes() >> 20);
        return IMAGE;
    }

    private static String unavailable(String why) {
        if (Boolean.getBoolean("reelgate.e2e.required")) {
            throw new AssertionError(why);
        }
        System.out.println("[e2e] every instance runs as a plain process: " + why);
        return null;
    }

    /** The Dockerfile's {@code FROM}. */
    static String baseImage() {
        try {
            Matcher m = Pattern.compile("(?m)^FROM\\s+(\\S+)").matcher(Files.readString(Path.of("src/main/docker/Dockerfile.jvm")));
            if (!m.find()) {
                throw new AssertionError("Dockerfile.jvm has no FROM");
            }
            return m.group(1);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static long imageBytes() {
        return Long.parseLong(output(List.of("docker", "image", "inspect", "--format", "{{.Size}}", IMAGE)).trim());
    }

    /**
     * {@code docker run} in the foreground (the returned command's process is the container's log),
     * as the Kubernetes manifests run the app: the environment from a file, read-only, tmpfs
     * {@code /tmp}, user 10001, capabilities dropped, {@code memory} as its limit.
     */
    static List<String> runCommand(String name, Map<String, String> env, Path envFile, String memory) throws IOException {
        StringBuilder lines = new StringBuilder();
        env.forEach((k, v) -> lines.append(k).append('=').append(v).append('\n'));
        Files.writeString(envFile, lines.toString(), StandardCharsets.UTF_8);
        remove(name);
        return new ArrayList<>(List.of("docker", "run", "--rm", "--name", name, "--network", "host", "--read-only",
                "--tmpfs", "/tmp:rw,exec,nosuid,size=768m,uid=10001,gid=10001", "--memory", memory, "--memory-swap", memory,
                "--user", "10001:10001", "--cap-drop", "ALL", "--security-opt", "no-new-privileges",
                "--env-file", envFile.toString(), IMAGE));
    }

    /** SIGKILL of the container's process, as an OOM kill or a lost node would. */
    static void kill(String name) {
        run(List.of("docker", "kill", "--signal", "KILL", name), 30);
    }

    /** A graceful stop: SIGTERM, then SIGKILL after 20 s. */
    static void stop(String name) {
        run(List.of("docker", "stop", "--time", "20", name), 60);
    }

    static void remove(String name) {
        run(List.of("docker", "rm", "--force", name), 30);
    }

    /** The resident memory of the container's Java process (PID 1), as {@code VmRSS} in MiB. */
    static long rssMiB(String name) {
        Matcher m = RSS.matcher(output(List.of("docker", "exec", name, "cat", "/proc/1/status")));
        return m.find() ? Long.parseLong(m.group(1)) >> 10 : -1;
    }

    /** The resident memory of a host process, as {@code VmRSS} in MiB. */
    static long rssMiB(Process process) {
        try {
            Matcher m = RSS.matcher(Files.readString(Path.of("/proc/" + process.pid() + "/status")));
            return m.find() ? Long.parseLong(m.group(1)) >> 10 : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    /** Lines of the container's log matching {@code pattern}. */
    static long logLines(Path log, String pattern) {
        try (var lines = Files.lines(log)) {
            return lines.filter(l -> l.contains(pattern)).count();
        } catch (IOException e) {
            return 0;
        }
    }

    private static int run(List<String> command, int seconds) {
        try {
            Path log = Files.createTempFile("docker", ".log");
            try {
                return run(command, seconds, log);
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            return -1;
        }
    }

    private static int run(List<String> command, int seconds, Path log) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String output(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
