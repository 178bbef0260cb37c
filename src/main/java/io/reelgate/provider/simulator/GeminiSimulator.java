package io.reelgate.provider.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.reelgate.provider.CatalogsConfig;
import io.reelgate.provider.InputImage;
import io.reelgate.provider.ModelCatalog;
import io.reelgate.web.LocalServer;

/**
 * Veo through the Gemini API as the simulator serves it under {@code /sim/gemini/v1beta}
 * (REFERENCE.md §1): {@code predictLongRunning} validated against the catalog
 * ({@code durationSeconds} must be a number), operations polled until {@code done}, the video at
 * a files URI that needs the API key (or inline as base64), Google's safety filter as a finished
 * operation without samples ({@code raiMediaFilteredCount} and reasons), an {@code error} result,
 * {@code RESOURCE_EXHAUSTED} with a {@code RetryInfo} delay, retired models answering 404 "no
 * longer available", and static {@code video.generated} webhooks signed with Standard Webhooks.
 */
@ApplicationScoped
public class GeminiSimulator {

    private static final Logger LOG = Logger.getLogger(GeminiSimulator.class);
    static final String FILTERED = "The prompt or the generated video could not be delivered: it contains content that "
            + "violates Google's Responsible AI practices. Try rephrasing the prompt. Support codes: 17301594";

    private static final class Operation {
        final String name;
        final String key;
        final String model;
        final String prompt;
        final String fileId;
        final int seconds;
        final boolean filtered;
        final boolean failing;
        final boolean inline;
        volatile boolean done;
        volatile ClipRenderer.Clip clip;

        Operation(String name, String key, String model, String prompt, String fileId, int seconds, boolean filtered,
                boolean failing, boolean inline) {
            this.name = name;
            this.key = key;
            this.model = model;
            this.prompt = prompt;
            this.fileId = fileId;
            this.seconds = seconds;
            this.filtered = filtered;
            this.failing = failing;
            this.inline = inline;
        }
    }

    /** A file to serve. */
    record File(Path path, long length) {
    }

    /** How much one extension adds, and the longest video it may make (Google's video guide). */
    static final int EXTENSION_SECONDS = 7;
    static final int MAX_EXTENDED_SECONDS = 148;

    private final SimulatorConfig config;
    private final SimulatorEngine engine;
    private final ModelCatalog catalog;
    private final ObjectMapper json;
    private final LocalServer local;
    private final Map<String, Operation> operations = new ConcurrentHashMap<>();
    private final Map<String, Operation> files = new ConcurrentHashMap<>();
    private volatile WebhookSender webhooks;

    GeminiSimulator(SimulatorConfig config, SimulatorEngine engine, CatalogsConfig catalogs, ObjectMapper json,
            LocalServer local) {
        this.config = config;
        this.engine = engine;
        CatalogsConfig.Catalog source = catalogs.catalogs().get(config.gemini().catalog());
        this.catalog = source == null ? new ModelCatalog(config.gemini().catalog(), List.of())
                : ModelCatalog.from(config.gemini().catalog(), source);
        this.json = json;
        this.local = local;
    }

    boolean enabled() {
        return config.enabled();
    }

    /**
     * {@code GET /v1beta/models?pageSize=&pageToken=}: the catalog's models as python-genai's
     * {@code models.list()} reads them ({@code models[]} of {@code name}, {@code version},
     * {@code displayName}, {@code supportedGenerationMethods}; {@code nextPageToken} while more remain).
     */
    Map<String, Object> models(int pageSize, String pageToken) {
        List<ModelCatalog.Model> all = catalog.models();
        int size = pageSize <= 0 ? 50 : Math.min(pageSize, 1000);
        int from = pageToken == null || !pageToken.matches("\\d+") ? 0 : Math.min(Integer.parseInt(pageToken), all.size());
        int to = Math.min(all.size(), from + size);
        List<Map<String, Object>> page = all.subList(from, to).stream().map(m -> Map.<String, Object>of(
                "name", "models/" + m.name(), "version", m.name().replaceAll("^veo-([0-9.]+).*$", "$1"),
                "displayName", m.label(), "supportedGenerationMethods", List.of("predictLongRunning"))).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("models", page);
        if (to < all.size()) {
            body.put("nextPageToken", Integer.toString(to));
        }
        return body;
    }

    /** The key of the request ({@code x-goog-api-key}, or {@code ?key=}); 403 as Google answers a missing or wrong one. */
    String authorize(String header, String query) {
        String key = header != null && !header.isBlank() ? header.trim() : query == null ? "" : query.trim();
        if (!config.gemini().apiKeys().contains(key)) {
            if (key.isEmpty()) {
                throw GeminiFailure.of(403, "PERMISSION_DENIED", "Method doesn't allow unregistered callers. Please use "
                        + "API Key or other form of API consumer identity to call this API.");
            }
            // Google's answer names the reason in an ErrorInfo detail (observed bodies: continuedev/continue#8516)
            throw GeminiFailure.of(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.")
                    .detail(Map.of("@type", "type.googleapis.com/google.rpc.ErrorInfo", "reason", "API_KEY_INVALID",
                            "domain", "googleapis.com", "metadata", Map.of("service", "generativelanguage.googleapis.com")));
        }
        if (engine.faults().takeServerError("gemini")) {
            throw GeminiFailure.of(engine.faults().serverErrorStatus, "UNAVAILABLE", "The service is currently unavailable.");
        }
        return key;
    }

    Map<String, Object> predict(String key, String model, JsonNode body) {
        admit(key);
        if (config.gemini().retiredModels().orElse(List.of()).contains(model)) {
            throw GeminiFailure.of(404, "NOT_FOUND", "models/" + model + " is not found for API version v1beta, or is not "
                    + "supported for predictLongRunning. The model " + model + " is no longer available.");
        }
        Optional<ModelCatalog.Model> m = catalog.model(model);
        if (m.isEmpty()) {
            throw GeminiFailure.of(404, "NOT_FOUND", "models/" + model + " is not found for API version v1beta, or is not "
                    + "supported for predictLongRunning.");
        }
        JsonNode instance = body == null ? null : body.path("instances").path(0);
        if (instance == null || !instance.isObject()) {
            throw GeminiFailure.invalid("instances[0] is required.");
        }
        engine.receive("gemini", body);
        String prompt = instance.path("prompt").asText("");
        byte[] image = image("image", instance.get("image"));
        JsonNode parameters = body.path("parameters");
        if (instance.hasNonNull("video")) {
            return extend(key, model, prompt, instance);
        }
        if (prompt.isBlank() && image == null) {
            throw GeminiFailure.invalid("A prompt or an image is required.");
        }
        JsonNode duration = parameters.get("durationSeconds");
        if (duration != null && !duration.isIntegralNumber()) {
            throw GeminiFailure.invalid("Invalid value at 'parameters.duration_seconds' (TYPE_INT32), \""
                    + duration.asText() + "\"");
        }
        int seconds = duration == null ? 8 : duration.asInt();
        if (!m.get().seconds().contains(seconds)) {
            throw GeminiFailure.invalid("The duration " + seconds + " s is not supported for " + model + "; supported: "
                    + m.get().seconds());
        }
        String aspect = parameters.path("aspectRatio").asText("16:9");
        String resolution = parameters.path("resolution").asText("720p");
        ModelCatalog.Dimensions dims = m.get().dimensions().stream()
                .filter(d -> d.aspectRatio().equals(aspect) && d.resolution().equalsIgnoreCase(resolution)).findFirst()
                .orElseThrow(() -> GeminiFailure.invalid("aspectRatio " + aspect + " with resolution " + resolution
                        + " is not supported for " + model + "."));
        VeoCreativeInputs.Read creative = VeoCreativeInputs.read(instance, model, seconds, image != null,
                GeminiSimulator::image, GeminiFailure::invalid, false);
        return start(key, model, prompt, new ClipRenderer.Spec(prompt.isBlank() ? "first frame" : prompt, model,
                dims.width(), dims.height(), seconds, image, creative.lastFrame(), creative.references()));
    }

    /**
     * {@code instances[0].video.uri}: a file of this API that the same key made with Veo 3.1; the
     * result is the source and its continuation ({@value #EXTENSION_SECONDS} s more), at 720p.
     */
    private Map<String, Object> extend(String key, String model, String prompt, JsonNode instance) {
        if (!VeoCreativeInputs.creativeModel(model)) {
            throw GeminiFailure.invalid("Video extension is not supported by " + model + ".");
        }
        if (instance.hasNonNull("image") || instance.hasNonNull("lastFrame") || instance.hasNonNull("referenceImages")) {
            throw GeminiFailure.invalid("video cannot be combined with image, lastFrame or referenceImages.");
        }
        String uri = instance.path("video").path("uri").asText("");
        int at = uri.indexOf("/files/");
        int end = uri.indexOf(':', Math.max(0, at));
        Operation source = at < 0 || end < 0 ? null : files.get(uri.substring(at + "/files/".length(), end));
        if (source == null || !source.key.equals(key) || source.clip == null) {
            throw GeminiFailure.invalid("video.uri must be a video generated by Veo that is still available; got " + uri);
        }
        if (source.seconds + EXTENSION_SECONDS > MAX_EXTENDED_SECONDS) {
            throw GeminiFailure.invalid("The input video is too long to extend: at most " + MAX_EXTENDED_SECONDS
                    + " s in total.");
        }
        return start(key, model, prompt, new ClipRenderer.Spec(prompt.isBlank() ? source.prompt : prompt, model, 1280, 720,
                source.seconds + EXTENSION_SECONDS, null));
    }

    private Map<String, Object> start(String key, String model, String prompt, ClipRenderer.Spec spec) {
        String name = "models/" + model + "/operations/" + SoraSimulator.newId("").substring(0, 12);
        Operation op = new Operation(name, key, model, spec.prompt(), SoraSimulator.newId("").substring(0, 16),
                spec.seconds(), SimulatorEngine.mentions(prompt, config.triggers().moderationWords())
                        || SimulatorEngine.mentions(prompt, config.triggers().sentinelWords()),
                SimulatorEngine.mentions(prompt, config.gemini().errorWords()),
                SimulatorEngine.mentions(prompt, config.gemini().inlineWords()));
        operations.put(name, op);
        files.put(op.fileId, op);
        CompletableFuture<ClipRenderer.Clip> render = op.filtered || op.failing ? CompletableFuture.completedFuture(null)
                : CompletableFuture.supplyAsync(() -> engine.renderer().render(spec), engine.renderPool());
        CompletableFuture<Void> timer = new CompletableFuture<>();
        engine.scheduler().schedule(() -> timer.complete(null), config.queueTime().plus(config.generationTime()).toMillis(),
                TimeUnit.MILLISECONDS);
        render.thenCombine(timer, (clip, ignored) -> clip).whenComplete((clip, error) -> finish(op, clip, error));
        return Map.of("name", name);
    }

    Map<String, Object> operation(String key, String name) {
        Operation op = operations.get(name);
        if (op == null || !op.key.equals(key)) {
            throw GeminiFailure.of(404, "NOT_FOUND", "Operation " + name + " not found.");
        }
        return toApi(op);
    }

    File file(String key, String fileId) {
        Operation op = files.get(fileId);
        if (op == null || !op.key.equals(key) || op.clip == null) {
            throw GeminiFailure.of(404, "NOT_FOUND", "File " + fileId + " not found.");
        }
        try {
            return new File(op.clip.video(), Files.size(op.clip.video()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void finish(Operation op, ClipRenderer.Clip clip, Throwable error) {
        if (error != null) {
            LOG.warnf(error, "Gemini simulator render of %s failed", op.name);
        }
        op.clip = clip;
        op.done = true;
        if (!config.gemini().webhooks()) {
            return;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", op.name);
        if (clip != null && !op.inline) {
            data.put("video_uri", uri(op));
        }
        if (op.failing || error != null) {
            data.put("error_code", "INTERNAL");
            data.put("error_message", "Internal error encountered.");
        }
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", "video.generated");
        event.put("version", "v1");
        event.put("timestamp", Instant.now().getEpochSecond());
        event.put("data", data);
        try {
            sender().sendBody(config.gemini().webhookUrl().orElseGet(() -> local.url() + "/webhooks/veo"),
                    json.writeValueAsString(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, Object> toApi(Operation op) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", op.name);
        body.put("metadata", Map.of("@type", "type.googleapis.com/google.ai.generativelanguage.v1beta.PredictLongRunningMetadata"));
        if (!op.done) {
            return body;
        }
        body.put("done", true);
        if (op.failing || !op.filtered && op.clip == null) {
            body.put("error", Map.of("code", 13, "message", "Internal error encountered.", "status", "INTERNAL"));
            return body;
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("@type", "type.googleapis.com/google.ai.generativelanguage.v1beta.PredictLongRunningResponse");
        Map<String, Object> generated = new LinkedHashMap<>();
        if (op.filtered) {
            generated.put("raiMediaFilteredCount", 1);
            generated.put("raiMediaFilteredReasons", List.of(FILTERED));
        } else if (op.inline) {
            try {
                generated.put("generatedSamples", List.of(Map.of("video", Map.of("encodedVideo",
                        Base64.getEncoder().encodeToString(Files.readAllBytes(op.clip.video())), "encoding", "video/mp4"))));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            generated.put("generatedSamples", List.of(Map.of("video", Map.of("uri", uri(op)))));
        }
        response.put("generateVideoResponse", generated);
        body.put("response", response);
        return body;
    }

    private String uri(Operation op) {
        return config.publicUrl().orElseGet(local::url) + "/sim/gemini/v1beta/files/" + op.fileId + ":download?alt=media";
    }

    private void admit(String key) {
        OptionalLong wait = engine.admit(key, "gemini");
        if (wait.isPresent()) {
            throw exhausted(wait.getAsLong());
        }
    }

    /** 429 RESOURCE_EXHAUSTED with the delay in a RetryInfo detail, as Google sends it (no Retry-After). */
    private static GeminiFailure exhausted(long retryAfterMs) {
        String delay = String.format(Locale.ROOT, "%.3fs", Math.max(1, retryAfterMs) / 1000.0);
        return GeminiFailure.of(429, "RESOURCE_EXHAUSTED", "You exceeded your current quota, please check your plan and "
                + "billing details.").detail(Map.of("@type", "type.googleapis.com/google.rpc.RetryInfo", "retryDelay", delay));
    }

    private static byte[] image(String field, JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.has("gcsUri")) {
            throw GeminiFailure.invalid("gcsUri is not supported by the Gemini API; send bytesBase64Encoded.");
        }
        String mime = node.path("mimeType").asText("");
        if (!mime.equals("image/png") && !mime.equals("image/jpeg")) {
            throw GeminiFailure.invalid("Unsupported MIME type for " + field + ": " + mime);
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(node.path("bytesBase64Encoded").asText(""));
        } catch (IllegalArgumentException e) {
            throw GeminiFailure.invalid(field + ".bytesBase64Encoded is not valid base64.");
        }
        if (InputImage.probe(bytes).isEmpty()) {
            throw GeminiFailure.invalid("Unable to process input image (" + field + ").");
        }
        return bytes;
    }

    private WebhookSender sender() {
        WebhookSender s = webhooks;
        if (s == null) {
            synchronized (this) {
                if (webhooks == null) {
                    webhooks = new WebhookSender(() -> null, () -> config.gemini().webhookSecret(), "Google-Webhooks",
                            config.webhook().maxAttempts(), config.webhook().retryBase(), engine.scheduler(),
                            engine.faults(), json);
                }
                s = webhooks;
            }
        }
        return s;
    }

}
