package io.reelgate.provider.simulator;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import io.reelgate.provider.ModelCatalog;
import io.reelgate.web.LocalServer;

/**
 * OpenRouter's video API as the simulator serves it under {@code /sim/openrouter/api/v1}
 * (REFERENCE.md §9): JSON creates validated against the catalog's models (values outside a
 * model's sets → 400 in OpenRouter's error shape), jobs moving
 * {@code pending → in_progress → completed | failed | cancelled | expired} while a real clip
 * renders, a host-relative {@code polling_url}, content behind the key and signed URLs without it,
 * {@code usage.cost} from the catalog's list price times a factor (prompt phrases bill below, at or
 * above it, or report none), 402 and 429 on demand, and terminal webhooks signed
 * {@code t=,v1=} ({@link OpenRouterWebhooks}). The shared moderation and sentinel phrases end a job
 * {@code failed} with a plain error string.
 */
@ApplicationScoped
public class OpenRouterSimulator {

    private static final Logger LOG = Logger.getLogger(OpenRouterSimulator.class);
    static final String REFUSED = "The provider rejected the request: the content was flagged by its safety "
            + "moderation (simulated).";

    /** One video job. */
    private static final class Job {
        final String id;
        final String key;
        final String model;
        final String prompt;
        final String callback;
        final BigDecimal costUsd;
        final String endAs;
        final String signedToken = SoraSimulator.newId("");
        volatile String status = "pending";
        volatile String error;
        volatile ClipRenderer.Clip clip;

        Job(String id, String key, String model, String prompt, String callback, BigDecimal costUsd, String endAs) {
            this.id = id;
            this.key = key;
            this.model = model;
            this.prompt = prompt;
            this.callback = callback;
            this.costUsd = costUsd;
            this.endAs = endAs;
        }
    }

    private final SimulatorConfig config;
    private final SimulatorConfig.OpenRouter settings;
    private final SimulatorEngine engine;
    private final ModelCatalog catalog;
    private final ObjectMapper json;
    private final LocalServer local;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private volatile OpenRouterWebhooks webhooks;

    OpenRouterSimulator(SimulatorConfig config, SimulatorEngine engine, CatalogsConfig catalogs, ObjectMapper json,
            LocalServer local) {
        this.config = config;
        this.settings = config.openRouter();
        this.engine = engine;
        this.catalog = SimulatorEngine.catalog(catalogs, settings.catalog());
        this.json = json;
        this.local = local;
    }

    boolean enabled() {
        return config.enabled();
    }

    /**
     * {@code GET /api/v1/key}: the key's own record as OpenRouter's API reference and SDK
     * ({@code GetCurrentKeyResponse}) give it, in {@code data}: {@code label} (the key masked),
     * {@code limit}/{@code limit_remaining} (null: no limit), {@code usage} (USD of its completed jobs).
     */
    Map<String, Object> keyInfo(String key) {
        BigDecimal usage = jobs.values().stream().filter(j -> j.key.equals(key) && j.costUsd != null
                && "completed".equals(j.status)).map(j -> j.costUsd).reduce(BigDecimal.ZERO, BigDecimal::add);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("label", key.length() > 12 ? key.substring(0, 8) + "..." + key.substring(key.length() - 3) : "sk-or-...");
        data.put("limit", null);
        data.put("limit_remaining", null);
        data.put("limit_reset", null);
        data.put("usage", usage);
        data.put("is_free_tier", false);
        data.put("is_provisioning_key", false);
        return Map.of("data", data);
    }

    /** The key of a valid {@code Authorization: Bearer} header; 401 otherwise. */
    String authorize(String authorization) {
        String key = authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7).trim() : "";
        if (!settings.apiKeys().contains(key)) {
            throw OpenRouterFailure.of(401, "No auth credentials found");
        }
        if (engine.faults().takeServerError()) {
            throw OpenRouterFailure.of(engine.faults().serverErrorStatus, "Provider returned error (simulated)");
        }
        return key;
    }

    // ------------------------------------------------------------------ jobs

    Map<String, Object> create(String key, JsonNode body) {
        if (body == null || !body.isObject()) {
            throw OpenRouterFailure.invalid("Request body must be a JSON object");
        }
        String modelId = body.path("model").asText("");
        ModelCatalog.Model model = catalog.model(modelId).orElseThrow(() -> OpenRouterFailure.invalid(
                "Model " + modelId + " is not a video generation model").meta("model", modelId));
        String prompt = body.path("prompt").asText("");
        if (prompt.isBlank()) {
            throw OpenRouterFailure.invalid("prompt is required");
        }
        if (engine.faults().takePaymentRequired() || SimulatorEngine.mentions(prompt, settings.outOfCreditsWords())) {
            throw OpenRouterFailure.of(402, "Insufficient credits. Add more using https://openrouter.ai/credits (simulated)")
                    .meta("credits_remaining", 0);
        }
        OptionalLong wait = engine.admit(key);
        if (wait.isPresent()) {
            long seconds = Math.max(1, (wait.getAsLong() + 999) / 1000);
            throw OpenRouterFailure.of(429, "Rate limit exceeded: too many requests (simulated)")
                    .header("Retry-After", Long.toString(seconds)).header("X-RateLimit-Remaining", "0")
                    .header("X-RateLimit-Reset", Long.toString(System.currentTimeMillis() + wait.getAsLong()));
        }
        int seconds = model.seconds().get(0);
        if (body.has("duration")) {
            JsonNode duration = body.get("duration");
            if (!duration.isInt() || !model.seconds().contains(duration.asInt())) {
                throw OpenRouterFailure.invalid("duration " + duration + " is not supported by " + modelId
                        + "; supported_durations: " + model.seconds()).meta("supported_durations", model.seconds());
            }
            seconds = duration.asInt();
        }
        ModelCatalog.Dimensions dims = OpenRouterValidation.dimensions(body, model);
        boolean audio = body.path("generate_audio").asBoolean(true);
        engine.receive("openrouter", body);
        OpenRouterValidation.Frames frames = OpenRouterValidation.frames(body.path("frame_images"));
        List<byte[]> references = OpenRouterValidation.references(body.path("input_references"), modelId,
                frames.first() != null, seconds);
        previous(key, modelId, body.path("previous_job_id"));
        Job job = new Job(SoraSimulator.newId("vgen_").substring(0, 25), key, modelId, prompt,
                body.path("callback_url").asText(null), cost(model, dims.size(), seconds, audio, prompt), endAs(prompt));
        jobs.put(job.id, job);
        start(job, new ClipRenderer.Spec(job.prompt, job.model, dims.width(), dims.height(), seconds, frames.first(),
                frames.last(), references));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", job.id);
        answer.put("polling_url", "/sim/openrouter/api/v1/videos/" + job.id);
        answer.put("status", job.status);
        return answer;
    }

    Map<String, Object> retrieve(String key, String id) {
        return toApi(find(key, id));
    }

    /** The video of a completed job, for the content endpoint (with the key) and the signed URL (with its token). */
    Mp4File content(String key, String id, String token) {
        Job job = key != null ? find(key, id) : jobs.get(id);
        if (job == null || key == null && !job.signedToken.equals(token)) {
            throw OpenRouterFailure.notFound("Video not found");
        }
        if (job.clip == null) {
            throw OpenRouterFailure.notFound("Video generation is not complete");
        }
        return Mp4File.of(job.clip);
    }

    /** Prices {@code GET /videos/models} lists instead of the catalog's (the admin switch); extra models for unknown names. */
    private volatile Map<String, String> listPrices = Map.of();

    void listPrices(Map<String, String> prices) {
        listPrices = Map.copyOf(prices);
    }

    /** {@code GET /videos/models}: the catalog as OpenRouter lists it, prices as strings. */
    Map<String, Object> models() {
        List<Map<String, Object>> data = new ArrayList<>();
        Map<String, String> varied = listPrices;
        for (ModelCatalog.Model m : catalog.models()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", m.name());
            item.put("name", m.label());
            item.put("supported_durations", m.seconds());
            item.put("supported_resolutions", m.dimensions().stream().map(ModelCatalog.Dimensions::resolution).distinct()
                    .toList());
            item.put("supported_aspect_ratios", m.dimensions().stream().map(ModelCatalog.Dimensions::aspectRatio)
                    .distinct().toList());
            item.put("supported_frame_images", List.of("first_frame", "last_frame"));
            item.put("generate_audio", m.hasAudio(true));
            item.put("seed", null);
            Map<String, String> skus = new LinkedHashMap<>();
            for (ModelCatalog.Dimensions d : m.dimensions()) {
                skus.putIfAbsent("duration_seconds_" + d.resolution(), usd(m.microsPerSecond(d.size(), m.hasAudio(true)))
                        .toPlainString());
            }
            if (varied.containsKey(m.name())) {
                skus.replaceAll((sku, usd) -> varied.get(m.name()));
            }
            item.put("pricing_skus", skus);
            data.add(item);
        }
        varied.forEach((model, usd) -> {
            if (catalog.model(model).isEmpty()) {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("id", model);
                item.put("supported_durations", List.of(5, 10));
                item.put("supported_resolutions", List.of("720p"));
                item.put("supported_aspect_ratios", List.of("16:9", "9:16"));
                item.put("generate_audio", false);
                item.put("pricing_skus", Map.of("duration_seconds_720p", usd));
                data.add(item);
            }
        });
        return Map.of("data", data);
    }

    // ------------------------------------------------------------------ life cycle

    /** {@code previous_job_id}: a completed job of the same key and model (another model: 400; unfinished: 409). */
    private void previous(String key, String model, JsonNode previous) {
        if (previous.isMissingNode() || previous.isNull()) {
            return;
        }
        Job source = jobs.get(previous.asText(""));
        if (source == null || !source.key.equals(key)) {
            throw OpenRouterFailure.notFound("Video not found: " + previous.asText(""));
        }
        if (!source.model.equals(model)) {
            throw OpenRouterFailure.invalid("previous_job_id belongs to " + source.model + ", not " + model);
        }
        if (!source.status.equals("completed")) {
            throw OpenRouterFailure.of(409, "previous_job_id " + source.id + " has not completed");
        }
    }

    private void start(Job job, ClipRenderer.Spec spec) {
        boolean renders = job.endAs.equals("completed");
        CompletableFuture<ClipRenderer.Clip> render = !renders ? CompletableFuture.completedFuture(null)
                : CompletableFuture.supplyAsync(() -> engine.renderer().render(spec), engine.renderPool());
        engine.scheduler().schedule(() -> {
            if (job.status.equals("pending")) {
                job.status = "in_progress";
            }
        }, config.queueTime().toMillis(), TimeUnit.MILLISECONDS);
        CompletableFuture<Void> timer = new CompletableFuture<>();
        engine.scheduler().schedule(() -> timer.complete(null), config.queueTime().plus(config.generationTime()).toMillis(),
                TimeUnit.MILLISECONDS);
        render.thenCombine(timer, (clip, ignored) -> clip).whenComplete((clip, error) -> finish(job, clip, error));
    }

    private void finish(Job job, ClipRenderer.Clip clip, Throwable error) {
        if (error != null) {
            LOG.warnf(error, "OpenRouter simulator render of %s failed", job.id);
        }
        switch (job.endAs) {
            case "completed" -> {
                if (clip == null) {
                    job.error = "Video generation failed at the provider (simulated).";
                    job.status = "failed";
                } else {
                    job.clip = clip;
                    job.status = "completed";
                }
            }
            case "failed" -> {
                job.error = REFUSED;
                job.status = "failed";
            }
            default -> job.status = job.endAs;
        }
        notify(job);
    }

    private void notify(Job job) {
        if (job.callback == null || job.callback.isBlank()) {
            return;
        }
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", "video.generation." + job.status);
        event.put("created_at", Instant.now().toString());
        Map<String, Object> data = toApi(job);
        data.remove("polling_url");
        data.remove("urls");
        event.put("data", data);
        try {
            sender().send(job.callback, job.id + "-" + job.status, json.writeValueAsString(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private OpenRouterWebhooks sender() {
        OpenRouterWebhooks s = webhooks;
        if (s == null) {
            synchronized (this) {
                if (webhooks == null) {
                    webhooks = new OpenRouterWebhooks(settings.webhookSecret(), config.webhook().maxAttempts(),
                            config.webhook().retryBase(), engine.scheduler(), engine.faults());
                }
                s = webhooks;
            }
        }
        return s;
    }

    private Map<String, Object> toApi(Job job) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", job.id);
        body.put("polling_url", "/sim/openrouter/api/v1/videos/" + job.id);
        body.put("status", job.status);
        body.put("model", job.model);
        if (job.status.equals("completed")) {
            body.put("generation_id", "gen-" + job.id);
            body.put("unsigned_urls", List.of(base() + "/videos/" + job.id + "/content?index=0"));
            body.put("urls", List.of(root() + "/sim/openrouter/files/" + job.id + "/" + job.signedToken + ".mp4"));
            Map<String, Object> usage = new LinkedHashMap<>();
            usage.put("cost", job.costUsd);
            usage.put("is_byok", false);
            body.put("usage", usage);
        }
        if (job.error != null) {
            body.put("error", job.error);
        }
        return body;
    }

    // ------------------------------------------------------------------ checks and prices

    private String endAs(String prompt) {
        if (SimulatorEngine.mentions(prompt, config.triggers().moderationWords())
                || SimulatorEngine.mentions(prompt, config.triggers().sentinelWords())) {
            return "failed";
        }
        if (SimulatorEngine.mentions(prompt, settings.cancelledWords())) {
            return "cancelled";
        }
        return SimulatorEngine.mentions(prompt, settings.expiredWords()) ? "expired" : "completed";
    }

    /** List price × seconds × the factor the prompt asks for; null where it asks for no cost. */
    private BigDecimal cost(ModelCatalog.Model model, String size, int seconds, boolean audio, String prompt) {
        if (SimulatorEngine.mentions(prompt, settings.unbilledWords())) {
            return null;
        }
        BigDecimal factor = SimulatorEngine.mentions(prompt, settings.belowWords()) ? settings.belowFactor()
                : SimulatorEngine.mentions(prompt, settings.aboveWords()) ? settings.aboveFactor() : settings.costFactor();
        return usd(model.microsPerSecond(size, audio)).multiply(BigDecimal.valueOf(seconds)).multiply(factor)
                .setScale(6, RoundingMode.HALF_UP);
    }

    private static BigDecimal usd(long micros) {
        return BigDecimal.valueOf(micros, 6).stripTrailingZeros();
    }

    private Job find(String key, String id) {
        Job job = jobs.get(id);
        if (job == null || !job.key.equals(key)) {
            throw OpenRouterFailure.notFound("Video generation job not found");
        }
        return job;
    }

    private String root() {
        return config.publicUrl().orElseGet(local::url);
    }

    private String base() {
        return root() + "/sim/openrouter/api/v1";
    }
}
