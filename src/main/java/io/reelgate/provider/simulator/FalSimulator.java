package io.reelgate.provider.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.reelgate.provider.CatalogsConfig;
import io.reelgate.provider.ModelCatalog;
import io.reelgate.provider.fal.FalConfig;
import io.reelgate.web.LocalServer;

/**
 * fal.ai's queue API as the simulator serves it under {@code /sim/fal} (REFERENCE.md §3):
 * {@code Key} auth; submit to an endpoint (text- or image-to-video, per {@link FalConfig} and the
 * catalog); a queue that holds a key's requests beyond its concurrency {@code IN_QUEUE} with a
 * {@code queue_position}; status, result and cancel under {@code owner/app} only; the runner's
 * errors on the result call (422 input errors from the endpoint's own checks, string durations
 * included; 422 {@code content_policy_violation} for the trigger words); outputs on a CDN that
 * needs no key (and records whether one was sent); storage uploads; Ed25519-signed webhooks
 * ({@link FalSigner}). The shared faults act here too: 429, 5xx, and fal's retryable runner errors.
 */
@ApplicationScoped
public class FalSimulator {

    private static final Logger LOG = Logger.getLogger(FalSimulator.class);

    /** One queued request. */
    private static final class Request {
        final String id;
        final String key;
        final String endpoint;
        final String app;
        final JsonNode input;
        final String webhook;
        final long queuedAt = System.nanoTime();
        volatile String status = "IN_QUEUE";
        volatile Instant startedAt;
        volatile Instant completedAt;
        volatile FalFailure error;
        volatile ClipRenderer.Clip clip;
        volatile int seconds;

        Request(String id, String key, String endpoint, String app, JsonNode input, String webhook) {
            this.id = id;
            this.key = key;
            this.endpoint = endpoint;
            this.app = app;
            this.input = input;
            this.webhook = webhook;
        }
    }

    /** A file to serve. */
    record File(Path path, byte[] bytes, String contentType) {
    }

    /** One CDN or upload request as it arrived: which path, and whether it carried an Authorization header. */
    record Fetch(String path, boolean authorization) {
    }

    private final SimulatorConfig config;
    private final SimulatorEngine engine;
    private final FalConfig inputs;
    private final FalRunner runner;
    private final ObjectMapper json;
    private final LocalServer local;
    private final Map<String, Request> requests = new ConcurrentHashMap<>();
    private final Map<String, byte[]> uploads = new ConcurrentHashMap<>();
    private final Map<String, String> uploadTypes = new ConcurrentHashMap<>();
    private final List<Fetch> fetches = new CopyOnWriteArrayList<>();
    private final FalSigner signer;

    FalSimulator(SimulatorConfig config, SimulatorEngine engine, FalConfig inputs, CatalogsConfig catalogs,
            ObjectMapper json, LocalServer local) {
        this.config = config;
        this.engine = engine;
        this.inputs = inputs;
        CatalogsConfig.Catalog source = catalogs.catalogs().get(config.fal().catalog());
        ModelCatalog catalog = source == null ? new ModelCatalog(config.fal().catalog(), List.of())
                : ModelCatalog.from(config.fal().catalog(), source);
        this.runner = new FalRunner(inputs, catalog, config.triggers(), this::uploaded, this::outputSeconds);
        this.json = json;
        this.local = local;
        this.signer = new FalSigner(config.fal().userId(), config.fal().webhookAttempts(),
                config.fal().webhookRetryBase(), engine.faults());
    }

    boolean enabled() {
        return config.enabled();
    }

    /** The key of a valid {@code Authorization: Key …} header; 401 otherwise; the shared 5xx fault. */
    String authorize(String authorization) {
        String key = authorization != null && authorization.startsWith("Key ") ? authorization.substring(4).trim() : "";
        if (!config.fal().apiKeys().contains(key)) {
            throw FalFailure.of(401, "Invalid Key authorization header format or key not found (simulated)");
        }
        if (engine.faults().takeServerError()) {
            throw FalFailure.of(engine.faults().serverErrorStatus, "Internal server error (simulated)");
        }
        return key;
    }

    FalSigner signer() {
        return signer;
    }

    private void record(Fetch fetch) {
        fetches.add(fetch);
        if (fetches.size() > 1000) {
            fetches.remove(0); // a record for tests and demos, not a log
        }
    }

    List<Fetch> fetches() {
        return new ArrayList<>(fetches);
    }

    // ------------------------------------------------------------------ queue

    Map<String, Object> submit(String key, String endpoint, JsonNode input, String webhook) {
        OptionalLong wait = engine.admit("fal:" + key);
        if (wait.isPresent()) {
            long seconds = Math.max(1, (wait.getAsLong() + 999) / 1000);
            throw FalFailure.of(429, "Rate limit exceeded (simulated)").header("Retry-After", Long.toString(seconds));
        }
        retryableFault();
        if (runner.model(endpoint).isEmpty()) {
            throw FalFailure.of(404, "Application '" + endpoint + "' not found");
        }
        if (input == null || !input.isObject()) {
            throw FalFailure.item("body", "model_attributes_type", "Input should be a valid dictionary");
        }
        com.fasterxml.jackson.databind.node.ObjectNode received = json.createObjectNode().put("endpoint", endpoint);
        received.set("input", input);
        engine.receive("fal", received);
        String[] parts = endpoint.split("/");
        Request r = new Request(UUID.randomUUID().toString(), key, endpoint, parts[0] + "/" + parts[1], input, webhook);
        requests.put(r.id, r);
        pump();
        return status(r, false);
    }

    /** 202 while queued or running, 200 once completed (the body says which). */
    Map<String, Object> status(String key, String app, String id, boolean logs) {
        return status(find(key, app, id), logs);
    }

    /** The model's output, or the runner's error as its HTTP answer. */
    Map<String, Object> result(String key, String app, String id) {
        Request r = find(key, app, id);
        if (!r.status.equals("COMPLETED")) {
            throw FalFailure.of(400, "Request is still in progress");
        }
        retryableFault();
        if (r.error != null) {
            throw r.error;
        }
        return output(r);
    }

    private Map<String, Object> output(Request r) {
        Map<String, Object> video = new LinkedHashMap<>();
        video.put("url", base() + "/cdn/" + r.id + "/output.mp4");
        video.put("content_type", "video/mp4");
        video.put("file_name", "output.mp4");
        video.put("file_size", size(r.clip.video()));
        return Map.of("video", video, "seed", Math.abs(r.id.hashCode()));
    }

    /** {@code OK} (queued), {@code CANCELLATION_REQUESTED} (running; canceled here), or 400 {@code ALREADY_COMPLETED}. */
    Map<String, Object> cancel(String key, String app, String id) {
        Request r = find(key, app, id);
        synchronized (r) {
            if (r.status.equals("COMPLETED")) {
                throw FalFailure.of(400, "ALREADY_COMPLETED");
            }
            String answer = r.status.equals("IN_QUEUE") ? "OK" : "CANCELLATION_REQUESTED";
            r.error = FalFailure.of(400, "Request was cancelled by the user (simulated)");
            r.completedAt = Instant.now();
            r.status = "COMPLETED";
            pump();
            return Map.of("status", answer);
        }
    }

    /** A completed request's output, for the CDN (no key needed; whether one came is recorded). */
    File output(String id, boolean authorization) {
        record(new Fetch("/cdn/" + id + "/output.mp4", authorization));
        Request r = requests.get(id);
        if (r == null || r.clip == null) {
            throw FalFailure.of(404, "File not found");
        }
        return new File(r.clip.video(), null, "video/mp4");
    }

    // ------------------------------------------------------------------ storage

    Map<String, Object> initiateUpload(String key, JsonNode body) {
        String type = body == null ? "" : body.path("content_type").asText("");
        if (type.isBlank()) {
            throw FalFailure.item("content_type", "missing", "Field required");
        }
        String token = UUID.randomUUID().toString();
        uploadTypes.put(token, type);
        return Map.of("upload_url", base() + "/rest/storage/upload/put/" + token,
                "file_url", base() + "/cdn/uploads/" + token);
    }

    void put(String token, byte[] bytes, boolean authorization) {
        record(new Fetch("/rest/storage/upload/put/" + token, authorization));
        if (!uploadTypes.containsKey(token) || uploads.containsKey(token)) {
            throw FalFailure.of(404, "Unknown upload");
        }
        uploads.put(token, bytes);
    }

    File upload(String token, boolean authorization) {
        record(new Fetch("/cdn/uploads/" + token, authorization));
        byte[] bytes = uploads.get(token);
        if (bytes == null) {
            throw FalFailure.of(404, "File not found");
        }
        return new File(null, bytes, uploadTypes.get(token));
    }

    /** The bytes behind a URL the runner was given: an upload of this simulator or a {@code data:} URI. */
    private Optional<byte[]> uploaded(String url) {
        String prefix = base() + "/cdn/uploads/";
        if (url.startsWith(prefix)) {
            return Optional.ofNullable(uploads.get(url.substring(prefix.length())));
        }
        if (url.startsWith("data:") && url.indexOf(',') > 0 && url.substring(0, url.indexOf(',')).endsWith(";base64")) {
            try {
                return Optional.of(Base64.getDecoder().decode(url.substring(url.indexOf(',') + 1)));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** The length of a finished video of this simulator, by its CDN URL; empty for anything else. */
    private OptionalInt outputSeconds(String url) {
        String prefix = base() + "/cdn/";
        if (!url.startsWith(prefix) || !url.endsWith("/output.mp4")) {
            return OptionalInt.empty();
        }
        Request source = requests.get(url.substring(prefix.length(), url.length() - "/output.mp4".length()));
        return source == null || source.clip == null ? OptionalInt.empty() : OptionalInt.of(source.seconds);
    }

    // ------------------------------------------------------------------ life cycle

    /** Starts queued requests, oldest first, while their key runs fewer than its concurrency. */
    private synchronized void pump() {
        List<Request> queued = requests.values().stream().filter(r -> r.status.equals("IN_QUEUE"))
                .sorted(Comparator.comparingLong(r -> r.queuedAt)).toList();
        for (Request r : queued) {
            long running = requests.values().stream().filter(o -> o.key.equals(r.key) && o.status.equals("IN_PROGRESS"))
                    .count();
            if (running < config.fal().concurrency()) {
                r.status = "IN_PROGRESS";
                engine.scheduler().schedule(() -> run(r), config.queueTime().toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    private void run(Request r) {
        r.startedAt = Instant.now();
        FalRunner.Job job;
        try {
            job = runner.check(r.endpoint, r.input);
        } catch (FalFailure refused) {
            finish(r, null, refused);
            return;
        }
        CompletableFuture<ClipRenderer.Clip> render = CompletableFuture.supplyAsync(() -> engine.renderer().render(
                new ClipRenderer.Spec(job.prompt(), r.endpoint, job.dims().width(), job.dims().height(), job.seconds(),
                        job.image(), job.lastFrame(), job.references())), engine.renderPool());
        r.seconds = job.seconds();
        CompletableFuture<Void> timer = new CompletableFuture<>();
        engine.scheduler().schedule(() -> timer.complete(null), config.generationTime().toMillis(), TimeUnit.MILLISECONDS);
        render.thenCombine(timer, (clip, ignored) -> clip).whenComplete((clip, error) -> {
            if (error != null) {
                LOG.warnf(error, "fal simulator render of %s failed", r.id);
            }
            finish(r, clip, error == null ? null : FalFailure.of(500, "Runner crashed (simulated)")
                    .header("X-Fal-Retryable", "false"));
        });
    }

    private void finish(Request r, ClipRenderer.Clip clip, FalFailure error) {
        synchronized (r) {
            if (r.status.equals("COMPLETED")) {
                return; // canceled meanwhile
            }
            r.clip = clip;
            r.error = error;
            r.completedAt = Instant.now();
            r.status = "COMPLETED";
        }
        pump();
        if (r.webhook != null) {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("request_id", r.id);
            event.put("gateway_request_id", r.id);
            if (error == null) {
                event.put("status", "OK");
                event.put("payload", output(r));
            } else {
                event.put("status", "ERROR");
                event.put("error", "Invalid status code: " + error.status);
                event.put("payload", Map.of("detail", error.detail));
            }
            try {
                signer.send(r.webhook, r.id, json.writeValueAsString(event), engine.scheduler());
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    // ------------------------------------------------------------------ answers

    private Map<String, Object> status(Request r, boolean logs) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", r.status);
        body.put("request_id", r.id);
        String url = base() + "/queue/" + r.app + "/requests/" + r.id;
        body.put("response_url", url);
        body.put("status_url", url + "/status");
        body.put("cancel_url", url + "/cancel");
        if (r.status.equals("IN_QUEUE")) {
            body.put("queue_position", requests.values().stream().filter(o -> o.key.equals(r.key)
                    && o.status.equals("IN_QUEUE") && o.queuedAt < r.queuedAt).count());
        }
        if (logs) {
            body.put("logs", r.startedAt == null ? List.of() : List.of(Map.of("message", "Generating (simulated)",
                    "level", "INFO", "timestamp", r.startedAt.toString())));
        }
        if (r.status.equals("COMPLETED") && r.startedAt != null) {
            body.put("metrics", Map.of("inference_time",
                    (r.completedAt.toEpochMilli() - r.startedAt.toEpochMilli()) / 1000.0));
        }
        return body;
    }

    private void retryableFault() {
        if (engine.faults().takeFalRetryable()) {
            throw FalFailure.of(503, "Runner temporarily unavailable (simulated)").header("X-Fal-Retryable", "true");
        }
    }

    private Request find(String key, String app, String id) {
        Request r = requests.get(id);
        if (r == null || !r.key.equals(key) || !r.app.equals(app)) {
            throw FalFailure.of(404, "Request not found");
        }
        return r;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String base() {
        return config.publicUrl().orElseGet(local::url) + "/sim/fal";
    }
}
