package io.reelgate.provider.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.reelgate.provider.CatalogsConfig;
import io.reelgate.provider.ModelCatalog;
import io.reelgate.web.LocalServer;

/**
 * Runway's task API as the simulator serves it under {@code /sim/runway/v1} (REFERENCE.md §4):
 * the Bearer key and a known {@code X-Runway-Version} on every call (else 401 / 400), camelCase
 * bodies checked as strictly as Runway's validation (unknown keys, a non-integer
 * {@code duration}, a ratio or length the model does not take, a text-only create of an
 * image-only model, a data URI over 5 MB → 400 {@code {"error": …}}), uploads
 * ({@code POST /v1/uploads}, then a multipart form to the upload target, then the
 * {@code runway://} URI), tasks {@code PENDING → RUNNING → SUCCEEDED | FAILED} with
 * {@code THROTTLED} beyond the key's concurrency, {@code DELETE} to cancel or delete, pre-signed
 * output URLs that expire, and the faults: the shared 429 and 5xx, safety failures with
 * {@code failureCode} for the shared sentinel ({@code SAFETY.INPUT.TEXT}) and moderation
 * ({@code SAFETY.OUTPUT.VIDEO}) phrases, {@code INTERNAL.BAD_OUTPUT.CODE01} and already-expired first
 * output URLs on their own phrases.
 *
 * <p>One piece on purpose: one provider's whole task API — Runway's validation rules per model and
 * endpoint, the throttling queue and the task life cycle — which only make sense together (its files
 * are {@link RunwayFiles}).
 */
@ApplicationScoped
public class RunwaySimulator {

    private static final Logger LOG = Logger.getLogger(RunwaySimulator.class);
    private static final Set<String> TEXT_KEYS = Set.of("model", "promptText", "ratio", "duration", "audio", "seed",
            "negativePrompt", "contentModeration");
    private static final Pattern DATA_URI = Pattern.compile("^data:(image/(?:png|jpeg|webp));base64,([A-Za-z0-9+/=]+)$");

    /** One task. */
    /** A task's images: first and last frame (null when absent or fetched by URL) and references. */
    private record Inputs(byte[] first, byte[] last, List<byte[]> references) {
    }

    /** How many reference images a Seedance model takes here (Runway's limit is UNCONFIRMED: the adapter's default). */
    static final int MAX_REFERENCES = 3;

    private static final class Task {
        final String id = java.util.UUID.randomUUID().toString();
        final Instant createdAt = Instant.now();
        final long order = System.nanoTime();
        final String key;
        final String model;
        final String prompt;
        final ModelCatalog.Dimensions dims;
        final int seconds;
        final Inputs inputs;
        final String endAs;
        final String token = SoraSimulator.newId("");
        volatile String status = "PENDING";
        volatile double progress;
        volatile boolean started;
        volatile boolean shortLivedUsed;
        volatile ClipRenderer.Clip clip;
        volatile String failure;
        volatile String failureCode;

        Task(String key, String model, String prompt, ModelCatalog.Dimensions dims, int seconds, Inputs inputs,
                String endAs) {
            this.key = key;
            this.model = model;
            this.prompt = prompt;
            this.dims = dims;
            this.seconds = seconds;
            this.inputs = inputs;
            this.endAs = endAs;
        }

        boolean active() {
            return status.equals("PENDING") || status.equals("THROTTLED") || status.equals("RUNNING");
        }
    }

    private final SimulatorConfig config;
    private final SimulatorConfig.Runway settings;
    private final SimulatorEngine engine;
    private final ModelCatalog catalog;
    private final LocalServer local;
    private final Map<String, Task> tasks = new ConcurrentHashMap<>();
    private final RunwayFiles files = new RunwayFiles();

    RunwaySimulator(SimulatorConfig config, SimulatorEngine engine, CatalogsConfig catalogs, LocalServer local) {
        this.config = config;
        this.settings = config.runway();
        this.engine = engine;
        this.catalog = SimulatorEngine.catalog(catalogs, settings.catalog());
        this.local = local;
    }

    boolean enabled() {
        return config.enabled();
    }

    /** The simulated organization's credit balance (Runway: 1 credit = $0.01). */
    static final int CREDIT_BALANCE = 1_000;

    /**
     * {@code GET /v1/organization}: the key's organization as sdk-python's
     * {@code OrganizationRetrieveResponse} has it ({@code creditBalance}; {@code tier} with
     * {@code maxMonthlyCreditSpend} and per-model {@code maxConcurrentGenerations}/{@code maxDailyGenerations};
     * {@code usage.models.<model>.dailyGenerations} from this key's tasks of the last day).
     */
    Map<String, Object> organization(String key) {
        Instant dayAgo = Instant.now().minus(java.time.Duration.ofDays(1));
        Map<String, Object> limits = new java.util.TreeMap<>();
        Map<String, Object> usage = new java.util.TreeMap<>();
        for (ModelCatalog.Model model : catalog.models()) {
            limits.put(model.name(), Map.of("maxConcurrentGenerations", settings.concurrency(), "maxDailyGenerations", 50));
            long today = tasks.values().stream().filter(t -> t.key.equals(key) && t.model.equals(model.name())
                    && t.createdAt.isAfter(dayAgo)).count();
            if (today > 0) {
                usage.put(model.name(), Map.of("dailyGenerations", today));
            }
        }
        return Map.of("creditBalance", CREDIT_BALANCE, "tier", Map.of("maxMonthlyCreditSpend", 10_000, "models", limits),
                "usage", Map.of("models", usage));
    }

    /** The key of a valid Bearer header with a known API version; 401 or 400 otherwise, then the shared 5xx fault. */
    String authorize(String authorization, String version) {
        String key = authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7).trim() : "";
        if (!settings.apiKeys().contains(key)) {
            throw FlatFailure.of(401, "Invalid API key.");
        }
        if (version == null || version.isBlank()) {
            throw FlatFailure.of(400, "You must provide a X-Runway-Version header.");
        }
        if (!settings.versions().contains(version.trim())) {
            throw FlatFailure.of(400, "Unsupported API version: " + version.trim() + ".");
        }
        if (engine.faults().takeServerError()) {
            throw FlatFailure.of(engine.faults().serverErrorStatus, "The service is overloaded (simulated).");
        }
        return key;
    }

    // ------------------------------------------------------------------ creates

    Map<String, Object> create(String key, JsonNode body, boolean withImage) {
        if (body == null || !body.isObject()) {
            throw FlatFailure.of(400, "Request body must be a JSON object.");
        }
        List<String> unknown = new ArrayList<>();
        body.fieldNames().forEachRemaining(f -> {
            if (!TEXT_KEYS.contains(f) && !(withImage && f.equals("promptImage")) && !f.equals("referenceImages")) {
                unknown.add(f);
            }
        });
        if (!unknown.isEmpty()) {
            throw FlatFailure.of(400, "Unrecognized key(s) in object: " + unknown.stream().map(u -> "'" + u + "'").toList());
        }
        String modelId = body.path("model").asText("");
        ModelCatalog.Model model = catalog.model(modelId).orElseThrow(() -> FlatFailure.of(400,
                "model: Invalid enum value '" + modelId + "'."));
        if (!withImage && settings.imageOnlyModels().contains(modelId)) {
            throw FlatFailure.of(400, "model: " + modelId + " is not available for text_to_video.");
        }
        JsonNode promptText = body.path("promptText");
        if (!withImage && (!promptText.isTextual() || promptText.asText().isBlank())) {
            throw FlatFailure.of(400, "promptText: Required.");
        }
        String prompt = promptText.asText("");
        if (prompt.length() > 1000) {
            throw FlatFailure.of(400, "promptText: String must contain at most 1000 character(s).");
        }
        JsonNode duration = body.path("duration");
        if (!duration.isInt() || !model.seconds().contains(duration.asInt())) {
            throw FlatFailure.of(400, "duration: Expected one of " + model.seconds() + ", received " + duration + ".");
        }
        String ratio = body.path("ratio").asText("");
        ModelCatalog.Dimensions dims = model.dimensions().stream().filter(d -> d.size().replace('x', ':').equals(ratio))
                .findFirst().orElseThrow(() -> FlatFailure.of(400, "ratio: Invalid enum value '" + ratio + "'."));
        List<String> textRatios = settings.textRatios().getOrDefault(modelId, List.of());
        if (!withImage && !textRatios.isEmpty() && !textRatios.contains(ratio)) {
            throw FlatFailure.of(400, "ratio: text_to_video with " + modelId + " takes " + textRatios + ".");
        }
        if (body.has("audio") && (!body.get("audio").isBoolean() || !model.audioChoice())) {
            throw FlatFailure.of(400, "audio: not accepted for " + modelId + ".");
        }
        if ((body.has("seed") || body.has("contentModeration")) && !settings.seedModels().contains(modelId)) {
            throw FlatFailure.of(400, "Unrecognized key(s) in object: " + (body.has("seed") ? "'seed'" : "'contentModeration'")
                    + " (" + modelId + ")");
        }
        if (body.has("negativePrompt") && !modelId.startsWith("veo")) {
            throw FlatFailure.of(400, "negativePrompt: not accepted for " + modelId + ".");
        }
        engine.receive("runway", body);
        Inputs inputs = withImage ? images(key, modelId, body.path("promptImage")) : new Inputs(null, null, List.of());
        inputs = new Inputs(inputs.first(), inputs.last(), references(key, modelId, body.get("referenceImages"), withImage));
        OptionalLong wait = engine.admit(key);
        if (wait.isPresent()) {
            long seconds = Math.max(1, (wait.getAsLong() + 999) / 1000);
            throw FlatFailure.of(429, "You have exceeded your rate limit (simulated).").header("Retry-After",
                    Long.toString(seconds));
        }
        Task task = new Task(key, modelId, prompt, dims, duration.asInt(), inputs, endAs(prompt));
        tasks.put(task.id, task);
        schedule(task);
        return Map.of("id", task.id);
    }

    /** {@code referenceImages: [{uri}]}: Seedance models only, without frames, up to {@value #MAX_REFERENCES}. */
    private List<byte[]> references(String key, String model, JsonNode refs, boolean withImage) {
        if (refs == null || refs.isNull()) {
            return List.of();
        }
        if (!model.startsWith("seedance2")) {
            throw FlatFailure.of(400, "Unrecognized key(s) in object: 'referenceImages' (" + model + ")");
        }
        if (!refs.isArray() || refs.isEmpty() || refs.size() > MAX_REFERENCES) {
            throw FlatFailure.of(400, "referenceImages: Array must contain 1 to " + MAX_REFERENCES + " element(s).");
        }
        if (withImage) {
            throw FlatFailure.of(400, "referenceImages: cannot be combined with promptImage.");
        }
        List<byte[]> images = new ArrayList<>();
        for (JsonNode ref : refs) {
            byte[] bytes = image(key, ref.path("uri").asText(""));
            if (bytes != null) {
                images.add(bytes);
            }
        }
        return images;
    }

    /** {@code promptImage}: a URI or {@code [{uri, position}]}; the frames' bytes when they are ours to decode. */
    private Inputs images(String key, String model, JsonNode promptImage) {
        List<JsonNode> items = new ArrayList<>();
        if (promptImage.isTextual()) {
            items.add(promptImage);
        } else if (promptImage.isArray() && !promptImage.isEmpty()) {
            promptImage.forEach(items::add);
        } else {
            throw FlatFailure.of(400, "promptImage: Required.");
        }
        byte[] first = null;
        byte[] last = null;
        Set<String> positions = new java.util.HashSet<>();
        for (JsonNode item : items) {
            String uri = item.isTextual() ? item.asText() : item.path("uri").asText("");
            String position = item.isTextual() ? "first" : item.path("position").asText("first");
            if (!position.equals("first") && !position.equals("last")) {
                throw FlatFailure.of(400, "promptImage.position: Invalid enum value '" + position + "'.");
            }
            if (!positions.add(position)) {
                throw FlatFailure.of(400, "promptImage: two images at position '" + position + "'.");
            }
            if (position.equals("last") && !settings.lastFrameModels().contains(model)) {
                throw FlatFailure.of(400, "promptImage: " + model + " takes no last frame.");
            }
            byte[] bytes = image(key, uri);
            if (position.equals("first")) {
                first = bytes;
            } else {
                last = bytes;
            }
        }
        if (!positions.contains("first")) {
            throw FlatFailure.of(400, "promptImage: " + model + " does not support generating with only a last frame.");
        }
        return new Inputs(first, last, List.of());
    }

    private byte[] image(String key, String uri) {
        if (uri.startsWith("data:")) {
            if (uri.length() > settings.maxDataUriLength()) {
                throw FlatFailure.of(400, "promptImage: data URIs must be at most 5MB; upload larger images.");
            }
            Matcher m = DATA_URI.matcher(uri);
            if (!m.matches()) {
                throw FlatFailure.of(400, "promptImage: not a base64 data URI of a PNG, JPEG or WebP image.");
            }
            try {
                return Base64.getDecoder().decode(m.group(2));
            } catch (IllegalArgumentException e) {
                throw FlatFailure.of(400, "promptImage: the data URI is not valid base64.");
            }
        }
        if (uri.startsWith("runway://")) {
            byte[] bytes = files.upload(uri);
            if (bytes == null) {
                throw FlatFailure.of(400, "promptImage: the upload " + uri + " does not exist or has expired.");
            }
            return bytes;
        }
        if (uri.startsWith("https://")) {
            return null; // Runway fetches it; the simulator renders without it
        }
        throw FlatFailure.of(400, "promptImage: Invalid url.");
    }

    // ------------------------------------------------------------------ uploads

    Map<String, Object> startUpload(String key, JsonNode body) {
        return files.startUpload(key, body, root());
    }

    void finishUpload(String token, String fieldKey, String signature, byte[] file) {
        files.finishUpload(token, fieldKey, signature, file);
    }

    // ------------------------------------------------------------------ tasks

    Map<String, Object> retrieve(String key, String id) {
        Task task = find(key, id);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", task.id);
        body.put("createdAt", task.createdAt.toString());
        body.put("status", task.status);
        switch (task.status) {
            case "RUNNING" -> body.put("progress", Math.round(task.progress * 100) / 100.0);
            case "SUCCEEDED" -> body.put("output", List.of(sign(task)));
            case "FAILED" -> {
                body.put("failure", task.failure);
                if (task.failureCode != null) {
                    body.put("failureCode", task.failureCode);
                }
            }
            default -> {
            }
        }
        return body;
    }

    /** {@code DELETE}: a running task is aborted, a finished one deleted; neither can be fetched again. */
    void delete(String key, String id) {
        Task task = find(key, id);
        boolean active = task.active();
        task.status = "CANCELLED";
        tasks.remove(id);
        if (active) {
            promote(task.key);
        }
    }

    /** A pre-signed output URL valid for {@code output-ttl}; a short-lived task's first one has already expired. */
    private String sign(Task task) {
        boolean expired = task.endAs.equals("SHORT_LIVED") && !task.shortLivedUsed;
        task.shortLivedUsed = true;
        return root() + "/sim/runway/outputs/" + task.id + "/" + files.sign(expired ? java.time.Duration.ZERO
                : settings.outputTtl()) + ".mp4";
    }

    /** The output behind a signed URL: 403 once it has expired, as pre-signed storage URLs answer. */
    Mp4File output(String id, String token) {
        Task task = tasks.get(id);
        if (!files.signed(token) || task == null || task.clip == null) {
            throw FlatFailure.of(404, "Not found.");
        }
        if (files.expired(token)) {
            throw FlatFailure.of(403, "Request has expired.");
        }
        return Mp4File.of(task.clip);
    }

    // ------------------------------------------------------------------ life cycle

    private synchronized void schedule(Task task) {
        long running = tasks.values().stream().filter(t -> t.key.equals(task.key) && t.started && t.active()).count();
        if (running >= settings.concurrency()) {
            task.status = "THROTTLED";
            return;
        }
        start(task);
    }

    /** Starts the oldest throttled task of the key when a slot is free. */
    private void promote(String key) {
        synchronized (this) {
            long running = tasks.values().stream().filter(t -> t.key.equals(key) && t.started && t.active()).count();
            if (running >= settings.concurrency()) {
                return;
            }
            tasks.values().stream().filter(t -> t.key.equals(key) && t.status.equals("THROTTLED"))
                    .min(Comparator.comparingLong(t -> t.order)).ifPresent(this::start);
        }
    }

    private void start(Task task) {
        task.started = true;
        task.status = "PENDING";
        boolean renders = task.endAs.equals("SUCCEEDED") || task.endAs.equals("SHORT_LIVED");
        CompletableFuture<ClipRenderer.Clip> render = !renders ? CompletableFuture.completedFuture(null)
                : CompletableFuture.supplyAsync(() -> engine.renderer().render(new ClipRenderer.Spec(task.prompt,
                        task.model, task.dims.width(), task.dims.height(), task.seconds, task.inputs.first(),
                        task.inputs.last(), task.inputs.references())),
                        engine.renderPool());
        long queue = config.queueTime().toMillis();
        long generation = config.generationTime().toMillis();
        engine.scheduler().schedule(() -> {
            if (task.status.equals("PENDING")) {
                task.status = "RUNNING";
                task.progress = 0.1;
            }
        }, queue, TimeUnit.MILLISECONDS);
        engine.scheduler().schedule(() -> {
            if (task.status.equals("RUNNING")) {
                task.progress = 0.6;
            }
        }, queue + generation / 2, TimeUnit.MILLISECONDS);
        CompletableFuture<Void> timer = new CompletableFuture<>();
        engine.scheduler().schedule(() -> timer.complete(null), queue + generation, TimeUnit.MILLISECONDS);
        render.thenCombine(timer, (clip, ignored) -> clip).whenComplete((clip, error) -> finish(task, clip, error));
    }

    private void finish(Task task, ClipRenderer.Clip clip, Throwable error) {
        if (error != null) {
            LOG.warnf(error, "Runway simulator render of %s failed", task.id);
        }
        if (!task.active()) {
            return; // cancelled meanwhile
        }
        switch (task.endAs) {
            case "SUCCEEDED", "SHORT_LIVED" -> {
                if (clip == null) {
                    fail(task, "An unexpected error occurred (simulated).", "INTERNAL");
                } else {
                    task.clip = clip;
                    task.status = "SUCCEEDED";
                }
            }
            case "SAFETY.INPUT.TEXT" -> fail(task, "The prompt did not pass our content moderation (simulated).",
                    task.endAs);
            case "SAFETY.OUTPUT.VIDEO" -> fail(task, "The output did not pass our content moderation (simulated).",
                    task.endAs);
            case "INPUT_PREPROCESSING.SAFETY.THIRD_PARTY" -> fail(task,
                    "The partner model's provider refused the input (simulated).", task.endAs);
            default -> fail(task, "The output did not meet our quality bar (simulated).", task.endAs);
        }
        promote(task.key);
    }

    private static void fail(Task task, String failure, String code) {
        task.failure = failure;
        task.failureCode = code;
        task.status = "FAILED";
    }

    private String endAs(String prompt) {
        if (SimulatorEngine.mentions(prompt, config.triggers().sentinelWords())) {
            return "SAFETY.INPUT.TEXT";
        }
        if (SimulatorEngine.mentions(prompt, config.triggers().moderationWords())) {
            return "SAFETY.OUTPUT.VIDEO";
        }
        if (SimulatorEngine.mentions(prompt, settings.thirdPartyRefusalWords())) {
            return "INPUT_PREPROCESSING.SAFETY.THIRD_PARTY";
        }
        if (SimulatorEngine.mentions(prompt, settings.badOutputWords())) {
            return "INTERNAL.BAD_OUTPUT.CODE01";
        }
        return SimulatorEngine.mentions(prompt, settings.shortLivedOutputWords()) ? "SHORT_LIVED" : "SUCCEEDED";
    }

    private Task find(String key, String id) {
        Task task = tasks.get(id);
        if (task == null || !task.key.equals(key)) {
            throw FlatFailure.of(404, "Task not found.");
        }
        return task;
    }

    private String root() {
        return config.publicUrl().orElseGet(local::url);
    }
}
