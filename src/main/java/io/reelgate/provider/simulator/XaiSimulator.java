package io.reelgate.provider.simulator;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Base64;
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
 * xAI's video API as the simulator serves it under {@code /sim/xai/v1}, in the REST shape of
 * REFERENCE.md §5 (itself UNCONFIRMED: the official SDK speaks gRPC): creates checked against the
 * catalog (integer {@code duration}, {@code aspect_ratio} and {@code resolution} the model takes,
 * an {@code image.url} data URI, unknown fields → 400 {@code {"code", "error"}}), extensions of
 * its own videos ({@code /videos/extensions}), requests {@code pending} (with {@code progress})
 * → {@code done | failed | expired}, the video at a public URL, the cost in
 * {@code usage.cost_in_usd_ticks} (list price × seconds, billed also when moderation filtered the
 * video: {@code respect_moderation: false}), and the shared 429 and 5xx faults.
 */
@ApplicationScoped
public class XaiSimulator {

    private static final Logger LOG = Logger.getLogger(XaiSimulator.class);
    /** How many reference images one request may carry (the adapter's default; xAI's limit is UNCONFIRMED). */
    static final int MAX_REFERENCES = 3;
    private static final Set<String> CREATE_KEYS = Set.of("model", "prompt", "duration", "aspect_ratio", "resolution",
            "image", "generate_audio", "reference_images", "reference_audios", "storage_options");
    private static final Set<String> EXTEND_KEYS = Set.of("model", "prompt", "duration", "video");
    private static final Pattern DATA_URI = Pattern.compile("^data:(image/(?:png|jpeg|webp));base64,([A-Za-z0-9+/=]+)$");
    private static final Pattern OWN_FILE = Pattern.compile(".*/sim/xai/files/([0-9a-f-]+)\\.mp4$");

    /** One request. */
    private static final class Request {
        final String id = java.util.UUID.randomUUID().toString();
        final String key;
        final String model;
        final String prompt;
        final int seconds;
        final BigDecimal costUsd;
        final String endAs;
        volatile String status = "pending";
        volatile int progress;
        volatile ClipRenderer.Clip clip;

        Request(String key, String model, String prompt, int seconds, BigDecimal costUsd, String endAs) {
            this.key = key;
            this.model = model;
            this.prompt = prompt;
            this.seconds = seconds;
            this.costUsd = costUsd;
            this.endAs = endAs;
        }
    }

    private final SimulatorConfig config;
    private final SimulatorConfig.Xai settings;
    private final SimulatorEngine engine;
    private final ModelCatalog catalog;
    private final LocalServer local;
    private final Map<String, Request> requests = new ConcurrentHashMap<>();

    XaiSimulator(SimulatorConfig config, SimulatorEngine engine, CatalogsConfig catalogs, LocalServer local) {
        this.config = config;
        this.settings = config.xai();
        this.engine = engine;
        this.catalog = SimulatorEngine.catalog(catalogs, settings.catalog());
        this.local = local;
    }

    boolean enabled() {
        return config.enabled();
    }

    /**
     * {@code GET /v1/api-key}: the key's record (docs.x.ai REST reference "API key"; fields of the SDK's
     * {@code auth_pb2.ApiKey}: {@code redacted_api_key}, {@code user_id}, {@code name}, {@code team_id},
     * {@code acls}, {@code api_key_id}, {@code team_blocked}, {@code api_key_blocked}, {@code api_key_disabled}).
     */
    Map<String, Object> apiKey(String key) {
        java.util.function.Function<String, String> id = seed -> java.util.UUID.nameUUIDFromBytes((seed + key)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("redacted_api_key", key.length() > 8 ? key.substring(0, 4) + "..." + key.substring(key.length() - 4) : "xai-...");
        body.put("user_id", id.apply("user"));
        body.put("name", "Reelgate simulator key");
        body.put("create_time", "2026-01-01T12:00:00Z");
        body.put("modify_time", "2026-01-01T12:00:00Z");
        body.put("modified_by", id.apply("user"));
        body.put("team_id", id.apply("team"));
        body.put("acls", List.of("api-key:model:*", "api-key:endpoint:*"));
        body.put("api_key_id", id.apply("key"));
        body.put("team_blocked", false);
        body.put("api_key_blocked", false);
        body.put("api_key_disabled", false);
        return body;
    }

    String authorize(String authorization) {
        String key = authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7).trim() : "";
        if (!settings.apiKeys().contains(key)) {
            throw new FlatFailure(401, "Unauthenticated", "Incorrect API key provided (simulated).");
        }
        if (engine.faults().takeServerError()) {
            throw new FlatFailure(engine.faults().serverErrorStatus, "Unavailable", "The service is unavailable (simulated).");
        }
        return key;
    }

    private static FlatFailure invalid(String message) {
        return new FlatFailure(400, "Client specified an invalid argument", message);
    }

    Map<String, Object> create(String key, JsonNode body) {
        ModelCatalog.Model model = checked(body, CREATE_KEYS);
        String prompt = body.path("prompt").asText("");
        JsonNode duration = body.path("duration");
        if (!duration.isInt() || !model.seconds().contains(duration.asInt())) {
            throw invalid("duration must be an integer in " + model.seconds() + ", got " + duration);
        }
        String ratio = body.path("aspect_ratio").asText("16:9");
        String resolution = body.path("resolution").asText("480p");
        ModelCatalog.Dimensions dims = model.dimensions().stream().filter(d -> d.aspectRatio().equals(ratio)
                && d.resolution().equals(resolution)).findFirst().orElseThrow(() -> invalid("aspect_ratio " + ratio
                        + " at resolution " + resolution + " is not supported by " + model.name()));
        if (body.has("generate_audio") && !body.get("generate_audio").isBoolean()) {
            throw invalid("generate_audio must be a boolean");
        }
        engine.receive("xai", body);
        byte[] firstFrame = body.has("image") ? image(body.path("image"), "image") : null;
        List<byte[]> references = new ArrayList<>();
        if (body.has("reference_images")) {
            JsonNode refs = body.get("reference_images");
            if (!refs.isArray() || refs.isEmpty() || refs.size() > MAX_REFERENCES) {
                throw invalid("reference_images must be a list of 1 to " + MAX_REFERENCES + " images");
            }
            if (body.has("image")) {
                throw invalid("reference_images cannot be combined with image");
            }
            for (int i = 0; i < refs.size(); i++) {
                references.add(image(refs.get(i), "reference_images[" + i + "]"));
            }
        }
        return start(key, model, prompt, dims, duration.asInt(), new Inputs(firstFrame, references),
                usd(model.microsPerSecond(dims.size(), true)).multiply(BigDecimal.valueOf(duration.asInt())));
    }

    /** The images of a create: the first frame (null when none, or given by URL) and the references. */
    private record Inputs(byte[] firstFrame, List<byte[]> references) {
    }

    /** {@code {"url": …}}: an https URL (not fetched: null) or a base64 data URI of an image. */
    private static byte[] image(JsonNode node, String field) {
        String url = node.path("url").asText("");
        Matcher m = DATA_URI.matcher(url);
        if (m.matches()) {
            try {
                return Base64.getDecoder().decode(m.group(2));
            } catch (IllegalArgumentException e) {
                throw invalid(field + ".url is not valid base64");
            }
        }
        if (!url.startsWith("https://")) {
            throw invalid(field + ".url must be an https URL or a base64 data URI");
        }
        return null;
    }

    /** An extension of one of this simulator's videos: the result is the source plus the added seconds. */
    Map<String, Object> extend(String key, JsonNode body) {
        ModelCatalog.Model model = checked(body, EXTEND_KEYS);
        engine.receive("xai", body);
        JsonNode duration = body.path("duration");
        if (!duration.isInt() || duration.asInt() < 1 || duration.asInt() > 10) {
            throw invalid("duration of an extension must be an integer from 1 to 10, got " + duration);
        }
        Matcher own = OWN_FILE.matcher(body.path("video").path("url").asText(""));
        Request source = own.matches() ? requests.get(own.group(1)) : null;
        if (source == null || !source.key.equals(key) || source.clip == null) {
            throw invalid("video.url must be a video generated by this account that is still available");
        }
        ModelCatalog.Dimensions dims = model.dimensions().get(0);
        return start(key, model, body.path("prompt").asText(""), dims, source.seconds + duration.asInt(),
                new Inputs(null, List.of()),
                usd(model.microsPerSecond(dims.size(), true)).multiply(BigDecimal.valueOf(duration.asInt())));
    }

    private ModelCatalog.Model checked(JsonNode body, Set<String> allowed) {
        if (body == null || !body.isObject()) {
            throw invalid("The request body must be a JSON object");
        }
        List<String> unknown = new ArrayList<>();
        body.fieldNames().forEachRemaining(f -> {
            if (!allowed.contains(f)) {
                unknown.add(f);
            }
        });
        if (!unknown.isEmpty()) {
            throw invalid("Unknown field(s): " + unknown);
        }
        String modelId = body.path("model").asText("");
        ModelCatalog.Model model = catalog.model(modelId).orElseThrow(() -> new FlatFailure(404, "Some resource not found",
                "The model " + modelId + " does not exist or your team does not have access to it."));
        if (body.path("prompt").asText("").isBlank()) {
            throw invalid("prompt must not be empty");
        }
        return model;
    }

    private Map<String, Object> start(String key, ModelCatalog.Model model, String prompt, ModelCatalog.Dimensions dims,
            int seconds, Inputs inputs, BigDecimal cost) {
        OptionalLong wait = engine.admit(key);
        if (wait.isPresent()) {
            throw new FlatFailure(429, "Too many requests", "Rate limit exceeded (simulated).").header("Retry-After",
                    Long.toString(Math.max(1, (wait.getAsLong() + 999) / 1000)));
        }
        Request request = new Request(key, model.name(), prompt, seconds, cost, endAs(prompt));
        requests.put(request.id, request);
        boolean renders = request.endAs.equals("done") || request.endAs.equals("filtered");
        CompletableFuture<ClipRenderer.Clip> render = !renders ? CompletableFuture.completedFuture(null)
                : CompletableFuture.supplyAsync(() -> engine.renderer().render(new ClipRenderer.Spec(prompt, model.name(),
                        dims.width(), dims.height(), seconds, inputs.firstFrame(), null,
                        inputs.references().stream().filter(java.util.Objects::nonNull).toList())), engine.renderPool());
        long queue = config.queueTime().toMillis();
        engine.scheduler().schedule(() -> request.progress = 40, queue, TimeUnit.MILLISECONDS);
        CompletableFuture<Void> timer = new CompletableFuture<>();
        engine.scheduler().schedule(() -> timer.complete(null), queue + config.generationTime().toMillis(),
                TimeUnit.MILLISECONDS);
        render.thenCombine(timer, (clip, ignored) -> clip).whenComplete((clip, error) -> {
            if (error != null) {
                LOG.warnf(error, "xAI simulator render of %s failed", request.id);
            }
            request.clip = clip;
            request.status = renders && clip == null ? "failed" : request.endAs.equals("filtered") ? "done"
                    : request.endAs;
            request.progress = 100;
        });
        return Map.of("request_id", request.id);
    }

    Map<String, Object> retrieve(String key, String id) {
        Request request = requests.get(id);
        if (request == null || !request.key.equals(key)) {
            throw new FlatFailure(404, "Some resource not found", "No video request " + id + ".");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", request.status);
        body.put("progress", request.progress);
        switch (request.status) {
            case "done" -> {
                body.put("model", request.model);
                Map<String, Object> video = new LinkedHashMap<>();
                boolean filtered = request.endAs.equals("filtered");
                if (!filtered) {
                    video.put("url", root() + "/sim/xai/files/" + request.id + ".mp4");
                }
                video.put("duration", request.seconds);
                video.put("respect_moderation", !filtered);
                body.put("video", video);
                body.put("usage", Map.of("cost_in_usd_ticks", request.costUsd.movePointRight(10)
                        .setScale(0, RoundingMode.HALF_UP)));
            }
            case "failed" -> body.put("error", Map.of("code", "internal_error", "message",
                    "Video generation failed (simulated)."));
            default -> {
            }
        }
        return body;
    }

    Mp4File file(String id) {
        Request request = requests.get(id);
        if (request == null || request.clip == null || request.endAs.equals("filtered")) {
            throw new FlatFailure(404, "Some resource not found", "No such file.");
        }
        return Mp4File.of(request.clip);
    }

    private String endAs(String prompt) {
        if (SimulatorEngine.mentions(prompt, config.triggers().moderationWords())
                || SimulatorEngine.mentions(prompt, config.triggers().sentinelWords())) {
            return "filtered";
        }
        if (SimulatorEngine.mentions(prompt, settings.expiredWords())) {
            return "expired";
        }
        return SimulatorEngine.mentions(prompt, settings.failedWords()) ? "failed" : "done";
    }

    private static BigDecimal usd(long micros) {
        return BigDecimal.valueOf(micros, 6);
    }

    private String root() {
        return config.publicUrl().orElseGet(local::url);
    }
}
