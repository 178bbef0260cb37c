package io.reelgate.provider.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.reelgate.provider.CatalogsConfig;
import io.reelgate.provider.ModelCatalog;
import io.reelgate.web.LocalServer;

/**
 * Veo on Vertex AI as the simulator serves it under {@code /sim/vertex} (REFERENCE.md §8): an OAuth
 * token endpoint that checks service-account JWT assertions as Google's does, bearer tokens that
 * expire or can be revoked, {@code predictLongRunning} validated against the catalog and polled with
 * {@code fetchPredictOperation} (a plain GET of the operation answers 404, as Vertex does for Veo),
 * videos inline as base64 or written to a {@code gs://} prefix and served by the Cloud Storage JSON
 * API, the Responsible-AI filter as a finished operation without videos, an {@code error} result, and
 * {@code RESOURCE_EXHAUSTED} with a {@code RetryInfo} delay.
 */
@ApplicationScoped
public class VertexSimulator {

    private static final Logger LOG = Logger.getLogger(VertexSimulator.class);
    static final String FILTERED = "Unable to show generated videos due to violations of Responsible AI practices. "
            + "Support codes: 58061214";
    static final String RESPONSE_TYPE = "type.googleapis.com/cloud.ai.large_models.vision.GenerateVideoResponse";
    private static final Set<String> PERSON_GENERATION = Set.of("dont_allow", "allow_adult", "allow_all");
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What a create asked for, as the simulator read it: so tests can check what the adapter sent. */
    public record Received(String model, String prompt, int seconds, String aspectRatio, String resolution,
            boolean audio, int sampleCount, OptionalLong seed, Optional<String> negativePrompt,
            Optional<String> personGeneration, Optional<String> storageUri, boolean firstFrame, boolean lastFrame) {
    }

    private static final class Operation {
        final String name;
        final String id;
        final Received received;
        final boolean filtered;
        final boolean failing;
        /** Bucket and object prefix ({@code prefix/}, or empty) of {@code storageUri}; null for inline videos. */
        final String bucket;
        final String prefix;
        volatile boolean done;
        volatile ClipRenderer.Clip clip;
        volatile List<String> objects = List.of();

        Operation(String name, String id, Received received, boolean filtered, boolean failing, String bucket,
                String prefix) {
            this.name = name;
            this.id = id;
            this.received = received;
            this.filtered = filtered;
            this.failing = failing;
            this.bucket = bucket;
            this.prefix = prefix;
        }
    }

    private final SimulatorConfig config;
    private final SimulatorEngine engine;
    private final ModelCatalog catalog;
    private final ObjectMapper json;
    private final LocalServer local;
    private final Map<String, Operation> operations = new ConcurrentHashMap<>();
    private final VertexStorage storage;
    private final VertexTokenEndpoint tokens;
    private final Map<String, Deque<Long>> windows = new ConcurrentHashMap<>();

    VertexSimulator(SimulatorConfig config, SimulatorEngine engine, CatalogsConfig catalogs, ObjectMapper json,
            LocalServer local, VertexTokenEndpoint tokens, VertexStorage storage) {
        this.config = config;
        this.storage = storage;
        this.tokens = tokens;
        this.engine = engine;
        String name = config.vertex().catalog();
        CatalogsConfig.Catalog source = catalogs.catalogs().get(name);
        this.catalog = source == null ? new ModelCatalog(name, List.of()) : ModelCatalog.from(name, source);
        this.json = json;
        this.local = local;
    }

    boolean enabled() {
        return config.enabled();
    }

    /** Access tokens issued so far. */
    public long tokensIssued() {
        return tokens.issued();
    }

    /** Revokes every live access token: the next call with one answers 401, as after a key is disabled. */
    public void revokeTokens() {
        tokens.revokeAll();
    }

    /** Objects held by the simulated Cloud Storage. */
    public int objectCount() {
        return storage.count();
    }

    /** What the create of the operation {@code name} asked for; empty for an unknown operation. */
    public Optional<Received> received(String name) {
        return Optional.ofNullable(operations.get(name)).map(op -> op.received);
    }

    /** The token exchange for a service-account JWT assertion ({@link VertexTokenEndpoint}). */
    Map<String, Object> token(String grantType, String assertion) {
        return tokens.token(grantType, assertion);
    }

    // ---------------------------------------------------------------- Bearer tokens and faults

    /** Checks the bearer token (401 as Google answers), then the injected server errors. */
    void authorize(String authorization, boolean storage) {
        tokens.authorize(authorization, storage);
    }

    // ---------------------------------------------------------------- Veo

    Map<String, Object> predict(String project, String location, String model, JsonNode body) {
        ModelCatalog.Model m = model(project, location, model);
        admit(model);
        JsonNode instance = body == null ? null : body.path("instances").path(0);
        if (instance == null || !instance.isObject()) {
            throw VertexFailure.invalid("instances[0] is required.");
        }
        String prompt = instance.path("prompt").asText("");
        if (prompt.length() > config.maxPromptLength()) {
            throw VertexFailure.invalid("The prompt is longer than " + config.maxPromptLength() + " characters.");
        }
        engine.receive("vertex", body);
        byte[] image = VertexInputs.image(storage, "image", instance.get("image"));
        if (prompt.isBlank() && image == null) {
            throw VertexFailure.invalid("The prompt is required for text-to-video generation.");
        }
        JsonNode parameters = body.path("parameters");
        int samples = VertexInputs.integer(parameters, "sampleCount", "sample_count", 1);
        if (samples < 1 || samples > 4) {
            throw VertexFailure.invalid("sampleCount must be between 1 and 4; got " + samples + ".");
        }
        int seconds = VertexInputs.integer(parameters, "durationSeconds", "duration_seconds", 8);
        if (!m.seconds().contains(seconds)) {
            throw VertexFailure.invalid("Unsupported durationSeconds " + seconds + " for " + model + "; supported: "
                    + m.seconds() + ".");
        }
        String aspect = VertexInputs.text(parameters, "aspectRatio", "16:9");
        if (m.dimensions().stream().noneMatch(d -> d.aspectRatio().equals(aspect))) {
            throw VertexFailure.invalid("Unsupported aspectRatio " + aspect + " for " + model + "; supported: "
                    + m.dimensions().stream().map(ModelCatalog.Dimensions::aspectRatio).distinct().toList() + ".");
        }
        String resolution = VertexInputs.text(parameters, "resolution", "720p");
        ModelCatalog.Dimensions dims = m.dimensions().stream()
                .filter(d -> d.aspectRatio().equals(aspect) && d.resolution().equalsIgnoreCase(resolution)).findFirst()
                .orElseThrow(() -> VertexFailure.invalid("Unsupported resolution " + resolution + " for " + model
                        + "; supported: " + m.dimensions().stream().map(ModelCatalog.Dimensions::resolution).distinct()
                                .toList() + "."));
        JsonNode audioNode = parameters.get("generateAudio");
        if (audioNode != null && !audioNode.isBoolean()) {
            throw VertexFailure.invalid("Invalid value at 'parameters.generate_audio' (TYPE_BOOL), " + audioNode);
        }
        boolean audio = audioNode != null && audioNode.asBoolean();
        OptionalLong seed = OptionalLong.empty();
        JsonNode seedNode = parameters.get("seed");
        if (seedNode != null) {
            if (!seedNode.isIntegralNumber() || seedNode.bigIntegerValue().signum() < 0
                    || seedNode.bigIntegerValue().compareTo(BigInteger.valueOf(0xFFFF_FFFFL)) > 0) {
                throw VertexFailure.invalid("Invalid value at 'parameters.seed' (TYPE_UINT32), " + seedNode);
            }
            seed = OptionalLong.of(seedNode.asLong());
        }
        Optional<String> negative = parameters.hasNonNull("negativePrompt")
                ? Optional.of(VertexInputs.text(parameters, "negativePrompt", "")) : Optional.empty();
        Optional<String> person = parameters.hasNonNull("personGeneration")
                ? Optional.of(VertexInputs.text(parameters, "personGeneration", "")) : Optional.empty();
        if (person.isPresent() && !PERSON_GENERATION.contains(person.get())) {
            throw VertexFailure.invalid("Unsupported personGeneration " + person.get()
                    + "; supported: dont_allow, allow_adult, allow_all.");
        }
        Optional<String> storageUri = parameters.hasNonNull("storageUri")
                ? Optional.of(VertexInputs.text(parameters, "storageUri", "")) : Optional.empty();
        String bucket = null;
        String prefix = null;
        if (storageUri.isPresent()) {
            String uri = storageUri.get();
            int slash = uri.indexOf('/', 5);
            bucket = !uri.startsWith("gs://") ? "" : slash < 0 ? uri.substring(5) : uri.substring(5, slash);
            if (!BUCKET.matcher(bucket).matches()) {
                throw VertexFailure.invalid("storageUri must be a Cloud Storage URI gs://BUCKET/PREFIX/; got " + uri + ".");
            }
            prefix = slash < 0 ? "" : uri.substring(slash + 1);
            if (!prefix.isEmpty() && !prefix.endsWith("/")) {
                prefix += "/";
            }
        }

        VeoCreativeInputs.Read creative = VeoCreativeInputs.read(instance, model, seconds, image != null,
                (field, node) -> VertexInputs.image(storage, field, node), VertexFailure::invalid, true);
        byte[] lastFrame = creative.lastFrame();
        String id = UUID.randomUUID().toString();
        String name = resource(project, location, model) + "/operations/" + id;
        Received received = new Received(model, prompt, seconds, aspect, dims.resolution(), audio, samples, seed,
                negative, person, storageUri, image != null, lastFrame != null);
        boolean filtered = SimulatorEngine.mentions(prompt, config.triggers().sentinelWords())
                || SimulatorEngine.mentions(prompt, config.triggers().moderationWords());
        Operation op = new Operation(name, id, received, filtered,
                SimulatorEngine.mentions(prompt, config.vertex().errorWords()), bucket, prefix);
        operations.put(name, op);
        CompletableFuture<ClipRenderer.Clip> render = op.filtered || op.failing ? CompletableFuture.completedFuture(null)
                : CompletableFuture.supplyAsync(() -> engine.renderer().render(new ClipRenderer.Spec(prompt.isBlank()
                        ? "first frame" : prompt, model, dims.width(), dims.height(), seconds, image, lastFrame,
                        creative.references())), engine.renderPool());
        CompletableFuture<Void> timer = new CompletableFuture<>();
        engine.scheduler().schedule(() -> timer.complete(null), config.queueTime().plus(config.generationTime()).toMillis(),
                TimeUnit.MILLISECONDS);
        render.thenCombine(timer, (clip, ignored) -> clip).whenComplete((clip, error) -> finish(op, clip, error));
        return Map.of("name", name);
    }

    Map<String, Object> fetch(String project, String location, String model, JsonNode body) {
        checkProject(project, location, model);
        String name = body == null ? "" : body.path("operationName").asText("");
        if (name.isBlank()) {
            throw VertexFailure.invalid("operationName is required.");
        }
        if (!name.startsWith(resource(project, location, model) + "/operations/")) {
            throw VertexFailure.invalid("operationName " + name + " is not an operation of "
                    + resource(project, location, model) + ".");
        }
        Operation op = operations.get(name);
        if (op == null) {
            throw VertexFailure.of(404, "NOT_FOUND", "Operation " + name + " not found.");
        }
        return toApi(op);
    }

    /** The answer to a plain GET of a Veo operation: real Vertex answers 404, so clients must use fetchPredictOperation. */
    VertexFailure plainGet(String project, String location, String model, String operation) {
        checkProject(project, location, model);
        return VertexFailure.of(404, "NOT_FOUND", "The operation " + resource(project, location, model) + "/operations/"
                + operation + " was not found.");
    }

    private void finish(Operation op, ClipRenderer.Clip clip, Throwable error) {
        if (error != null) {
            LOG.warnf(error, "Vertex simulator render of %s failed", op.name);
        }
        if (clip != null && op.bucket != null) {
            try {
                long size = Files.size(clip.video());
                List<String> names = new ArrayList<>();
                for (int i = 0; i < op.received.sampleCount(); i++) {
                    String object = op.prefix + op.id + "/sample_" + i + ".mp4";
                    storage.put(new VertexStorage.StoredObject(op.bucket, object, clip.video(), size,
                            System.currentTimeMillis() * 1000 + i, Instant.now()));
                    names.add(object);
                }
                op.objects = List.copyOf(names);
            } catch (IOException e) {
                LOG.warnf(e, "Vertex simulator could not store the video of %s", op.name);
                clip = null;
            }
        }
        op.clip = clip;
        op.done = true;
    }

    private Map<String, Object> toApi(Operation op) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", op.name);
        if (!op.done) {
            body.put("done", false);
            return body;
        }
        body.put("done", true);
        if (op.failing || !op.filtered && op.clip == null) {
            body.put("error", Map.of("code", 13, "message", "Internal error encountered."));
            return body;
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("@type", RESPONSE_TYPE);
        List<Map<String, Object>> videos = new ArrayList<>();
        if (op.filtered) {
            response.put("videos", videos);
            response.put("raiMediaFilteredCount", 1);
            response.put("raiMediaFilteredReasons", List.of(FILTERED));
        } else {
            if (op.bucket != null) {
                for (String object : op.objects) {
                    videos.add(Map.of("gcsUri", "gs://" + op.bucket + "/" + object, "mimeType", "video/mp4"));
                }
            } else {
                String encoded = base64(op.clip.video());
                for (int i = 0; i < op.received.sampleCount(); i++) {
                    videos.add(Map.of("bytesBase64Encoded", encoded, "mimeType", "video/mp4"));
                }
            }
            response.put("videos", videos);
            response.put("raiMediaFilteredCount", 0);
        }
        body.put("response", response);
        return body;
    }

    /** The model of the request; 403 for another project, 404 for a retired or unknown model. */
    private ModelCatalog.Model model(String project, String location, String model) {
        checkProject(project, location, model);
        if (config.vertex().retiredModels().contains(model)) {
            throw VertexFailure.of(404, "NOT_FOUND", "Publisher Model `" + resource(project, location, model)
                    + "` is no longer available. Please migrate to a newer Veo model version.");
        }
        return catalog.model(model).orElseThrow(() -> VertexFailure.of(404, "NOT_FOUND", "Publisher Model `"
                + resource(project, location, model) + "` was not found or your project does not have access to it. "
                + "Please ensure you are using a valid model version."));
    }

    private void checkProject(String project, String location, String model) {
        if (!config.vertex().project().equals(project)) {
            throw VertexFailure.of(403, "PERMISSION_DENIED", "Permission 'aiplatform.endpoints.predict' denied on "
                    + "resource '//aiplatform.googleapis.com/" + resource(project, location, model)
                    + "' (or it may not exist).");
        }
    }

    private static String resource(String project, String location, String model) {
        return "projects/" + project + "/locations/" + location + "/publishers/google/models/" + model;
    }

    /** The 429 fault, then the per-model request quota (a sliding minute). */
    private void admit(String model) {
        if (engine.faults().takeRateLimit()) {
            throw exhausted(model, engine.faults().retryAfterMs);
        }
        Deque<Long> window = windows.computeIfAbsent(model, k -> new ArrayDeque<>());
        long now = System.currentTimeMillis();
        synchronized (window) {
            while (!window.isEmpty() && window.peekFirst() <= now - 60_000) {
                window.pollFirst();
            }
            if (window.size() >= config.vertex().requestsPerMinute()) {
                throw exhausted(model, window.peekFirst() + 60_000 - now);
            }
            window.addLast(now);
        }
    }

    /** 429 RESOURCE_EXHAUSTED with the delay in a RetryInfo detail (a protobuf Duration), as Google sends it. */
    private static VertexFailure exhausted(String model, long retryAfterMs) {
        long ms = Math.max(1, retryAfterMs);
        String delay = ms % 1000 == 0 ? ms / 1000 + "s" : String.format(Locale.ROOT, "%.3fs", ms / 1000.0);
        return VertexFailure.of(429, "RESOURCE_EXHAUSTED", "Quota exceeded for "
                + "aiplatform.googleapis.com/online_prediction_requests_per_base_model with base model: " + model
                + ". Please submit a quota increase request. "
                + "https://cloud.google.com/vertex-ai/docs/generative-ai/quotas-genai.")
                .detail(Map.of("@type", "type.googleapis.com/google.rpc.RetryInfo", "retryDelay", delay));
    }

    private static String base64(Path video) {
        try {
            return Base64.getEncoder().encodeToString(Files.readAllBytes(video));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String base() {
        return config.publicUrl().orElseGet(local::url) + "/sim/vertex";
    }
}
