package io.reelgate.provider.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.reelgate.provider.CatalogsConfig;
import io.reelgate.provider.InputImage;
import io.reelgate.provider.ModelCatalog;
import io.reelgate.provider.replicate.ReplicateConfig;
import io.reelgate.web.LocalServer;

/**
 * Replicate's predictions API as the simulator serves it under {@code /sim/replicate/v1}
 * (REFERENCE.md §2): per-model inputs validated against the models' input names
 * ({@link ReplicateConfig}) and the catalog, predictions moving
 * {@code starting → processing → succeeded | failed | canceled} while a real clip renders, output
 * URLs on a stand-in CDN that need no token and disappear after {@code output-ttl}
 * ({@code data_removed}), {@code completed} webhooks signed with Standard Webhooks, throttling with
 * Replicate's {@code detail} text, and the shared fault switches. Trigger words end a prediction
 * {@code failed} with Replicate's sensitive-content error.
 *
 * <p>One piece on purpose: one provider's whole wire format (models, predictions, files,
 * webhooks) around one in-memory state, like {@link SoraSimulator}.
 */
@ApplicationScoped
public class ReplicateSimulator {

    private static final Logger LOG = Logger.getLogger(ReplicateSimulator.class);
    static final String FLAGGED = "The input or output was flagged as sensitive. Please try again with different inputs. "
            + "(E005)";
    private static final int PAGE = 20;

    /** One prediction. */
    private static final class Prediction {
        final String id;
        final String token;
        final String model;
        final String version;
        final Map<String, Object> input;
        final Instant createdAt;
        final long sequence;
        final String webhook;
        final boolean flagged;
        volatile String status = "starting";
        volatile Instant startedAt;
        volatile Instant completedAt;
        volatile String error;
        volatile ClipRenderer.Clip clip;
        volatile boolean dataRemoved;

        Prediction(String id, String token, String model, String version, Map<String, Object> input, Instant createdAt,
                long sequence, String webhook, boolean flagged) {
            this.id = id;
            this.token = token;
            this.model = model;
            this.version = version;
            this.input = input;
            this.createdAt = createdAt;
            this.sequence = sequence;
            this.webhook = webhook;
            this.flagged = flagged;
        }

        boolean terminal() {
            return status.equals("succeeded") || status.equals("failed") || status.equals("canceled");
        }
    }

    /** A file to serve. */
    record File(Path path, long length) {
    }

    private final SimulatorConfig config;
    private final SimulatorEngine engine;
    private final ReplicateConfig inputs;
    private final ModelCatalog catalog;
    private final ObjectMapper json;
    private final LocalServer local;
    private final Map<String, Prediction> predictions = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicReference<String> secret;
    private volatile WebhookSender webhooks;

    ReplicateSimulator(SimulatorConfig config, SimulatorEngine engine, ReplicateConfig inputs, CatalogsConfig catalogs,
            ObjectMapper json, LocalServer local) {
        this.config = config;
        this.engine = engine;
        this.inputs = inputs;
        CatalogsConfig.Catalog source = catalogs.catalogs().get(config.replicate().catalog());
        this.catalog = source == null ? new ModelCatalog(config.replicate().catalog(), List.of())
                : ModelCatalog.from(config.replicate().catalog(), source);
        this.json = json;
        this.local = local;
        this.secret = new AtomicReference<>(config.replicate().webhookSecret());
    }

    boolean enabled() {
        return config.enabled();
    }

    /** The token of a valid {@code Authorization: Bearer} header; 401 otherwise. */
    String authorize(String authorization) {
        String token = authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7).trim() : "";
        if (!config.replicate().apiTokens().contains(token)) {
            throw ReplicateFailure.of(401, "Unauthenticated", "You did not pass a valid authentication token");
        }
        if (engine.faults().takeServerError("replicate")) {
            throw ReplicateFailure.of(engine.faults().serverErrorStatus, "Internal Server Error",
                    "The server had an error (simulated).");
        }
        return token;
    }

    String webhookSecret() {
        return secret.get();
    }

    /** Rotates the signing secret (what the account's secret endpoint answers from now on). */
    void rotateSecret(String next) {
        secret.set(next);
    }

    // ------------------------------------------------------------------ predictions

    Map<String, Object> create(String token, String model, String version, JsonNode body) {
        admit(token);
        String name = model;
        if (name == null && version != null) {
            name = version.contains(":") ? version.substring(0, version.indexOf(':')) : modelOfVersion(version);
        }
        ReplicateConfig.ModelInputs in = name == null ? null : inputs.models().get(name);
        Optional<ModelCatalog.Model> m = catalog.model(name);
        if (in == null || m.isEmpty()) {
            throw ReplicateFailure.of(404, "Not found", "The requested resource could not be found.");
        }
        JsonNode input = body == null ? null : body.get("input");
        if (input == null || !input.isObject()) {
            throw ReplicateFailure.validation("input: input is required");
        }
        String prompt = input.path(in.prompt()).asText("");
        if (prompt.isBlank()) {
            throw ReplicateFailure.validation("input." + in.prompt() + ": " + in.prompt() + " is required");
        }
        int seconds = m.get().seconds().get(m.get().seconds().size() - 1);
        if (in.duration().isPresent() && input.has(in.duration().get())) {
            seconds = durationOf(input.get(in.duration().get()), in, m.get());
        }
        ModelCatalog.Dimensions dims = dimensions(input, in, m.get());
        byte[] image = null;
        if (in.firstFrame().isPresent() && input.hasNonNull(in.firstFrame().get())) {
            image = image(input.get(in.firstFrame().get()).asText(), in.firstFrame().get());
        }
        byte[] lastFrame = null;
        if (in.lastFrame().isPresent() && input.hasNonNull(in.lastFrame().get())) {
            if (image == null) {
                throw ReplicateFailure.validation("input." + in.lastFrame().get() + ": " + in.lastFrame().get()
                        + " requires " + in.firstFrame().orElse("image"));
            }
            lastFrame = image(input.get(in.lastFrame().get()).asText(), in.lastFrame().get());
        }
        List<byte[]> references = references(input, in, image != null || lastFrame != null, dims, seconds);
        String hook = body.path("webhook").asText(null);
        boolean completedOnly = !body.has("webhook_events_filter") || containsCompleted(body.get("webhook_events_filter"));
        boolean flagged = SimulatorEngine.mentions(prompt, config.triggers().moderationWords()) || SimulatorEngine.mentions(prompt, config.triggers()
                .sentinelWords());
        Map<String, Object> stored = json.convertValue(input, json.getTypeFactory().constructMapType(LinkedHashMap.class,
                String.class, Object.class));
        Prediction p = new Prediction(SoraSimulator.newId("").substring(0, 26), token, name, version, stored,
                Instant.now(), sequence.incrementAndGet(), completedOnly ? hook : null, flagged);
        predictions.put(p.id, p);
        engine.receive("replicate", body);
        start(p, dims, seconds, image, lastFrame, references);
        return toApi(p);
    }

    Map<String, Object> retrieve(String token, String id) {
        return toApi(find(token, id));
    }

    Map<String, Object> cancel(String token, String id) {
        Prediction p = find(token, id);
        if (!p.terminal()) {
            p.status = "canceled";
            p.completedAt = Instant.now();
            notify(p);
        }
        return toApi(p);
    }

    /** Newest first, {@value #PAGE} a page; {@code cursor} is the sequence to continue below. */
    Map<String, Object> list(String token, Long cursor) {
        List<Prediction> mine = predictions.values().stream().filter(p -> p.token.equals(token))
                .filter(p -> cursor == null || p.sequence < cursor)
                .sorted(Comparator.comparingLong((Prediction p) -> p.sequence).reversed()).toList();
        List<Prediction> page = mine.subList(0, Math.min(PAGE, mine.size()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("next", mine.size() > PAGE ? base() + "/predictions?cursor=" + page.get(page.size() - 1).sequence : null);
        body.put("previous", null);
        body.put("results", page.stream().map(this::toApi).toList());
        return body;
    }

    /** The output file of a prediction, while it is kept. */
    File output(String id) {
        Prediction p = predictions.get(id);
        if (p == null || p.clip == null || p.dataRemoved || expired(p)) {
            throw ReplicateFailure.of(404, "Not found", "The requested resource could not be found.");
        }
        try {
            return new File(p.clip.video(), Files.size(p.clip.video()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes a prediction's output now, as Replicate does an hour after completion. */
    void removeOutput(String id) {
        Prediction p = predictions.get(id);
        if (p == null) {
            throw ReplicateFailure.of(404, "Not found", "The requested resource could not be found.");
        }
        p.dataRemoved = true;
    }

    // ------------------------------------------------------------------ life cycle

    private void start(Prediction p, ModelCatalog.Dimensions dims, int seconds, byte[] image, byte[] lastFrame,
            List<byte[]> references) {
        CompletableFuture<ClipRenderer.Clip> render = p.flagged ? CompletableFuture.completedFuture(null)
                : CompletableFuture.supplyAsync(() -> engine.renderer().render(new ClipRenderer.Spec(
                        String.valueOf(p.input.get(inputs.models().get(p.model).prompt())), p.model, dims.width(),
                        dims.height(), seconds, image, lastFrame, references)), engine.renderPool());
        engine.scheduler().schedule(() -> {
            if (p.status.equals("starting")) {
                p.startedAt = Instant.now();
                p.status = "processing";
            }
        }, config.queueTime().toMillis(), TimeUnit.MILLISECONDS);
        CompletableFuture<Void> timer = new CompletableFuture<>();
        engine.scheduler().schedule(() -> timer.complete(null), config.queueTime().plus(config.generationTime()).toMillis(),
                TimeUnit.MILLISECONDS);
        render.thenCombine(timer, (clip, ignored) -> clip).whenComplete((clip, error) -> finish(p, clip, error));
    }

    private void finish(Prediction p, ClipRenderer.Clip clip, Throwable error) {
        if (p.terminal()) {
            return; // canceled meanwhile
        }
        if (error != null) {
            LOG.warnf(error, "Replicate simulator render of %s failed", p.id);
        }
        p.completedAt = Instant.now();
        if (p.startedAt == null) {
            p.startedAt = p.completedAt;
        }
        if (p.flagged || error != null || clip == null) {
            p.error = p.flagged ? FLAGGED : "Prediction failed: the model crashed (simulated).";
            p.status = "failed";
        } else {
            p.clip = clip;
            p.status = "succeeded";
        }
        notify(p);
    }

    private void notify(Prediction p) {
        if (p.webhook == null) {
            return;
        }
        try {
            sender().sendBody(p.webhook, json.writeValueAsString(toApi(p)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private WebhookSender sender() {
        WebhookSender s = webhooks;
        if (s == null) {
            synchronized (this) {
                if (webhooks == null) {
                    webhooks = new WebhookSender(() -> null, secret::get, "Replicate-Webhooks/1.0 (simulated)",
                            config.webhook().maxAttempts(), config.webhook().retryBase(), engine.scheduler(),
                            engine.faults(), json);
                }
                s = webhooks;
            }
        }
        return s;
    }

    private boolean expired(Prediction p) {
        return p.completedAt != null && !Instant.now().isBefore(p.completedAt.plus(config.replicate().outputTtl()));
    }

    private Map<String, Object> toApi(Prediction p) {
        boolean removed = p.dataRemoved || p.clip != null && expired(p);
        if (removed) {
            p.dataRemoved = true;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", p.id);
        body.put("model", p.model);
        body.put("version", p.version == null ? "sim-" + Integer.toHexString(p.model.hashCode()) : p.version);
        body.put("input", removed ? Map.of() : p.input);
        body.put("logs", logs(p));
        body.put("output", p.status.equals("succeeded") && !removed ? base().replace("/v1", "") + "/files/" + p.id
                + "/output.mp4" : null);
        body.put("data_removed", removed);
        body.put("error", p.error);
        body.put("status", p.status);
        body.put("created_at", p.createdAt.toString());
        body.put("started_at", p.startedAt == null ? null : p.startedAt.toString());
        body.put("completed_at", p.completedAt == null ? null : p.completedAt.toString());
        Map<String, Object> urls = new LinkedHashMap<>();
        urls.put("get", base() + "/predictions/" + p.id);
        urls.put("cancel", base() + "/predictions/" + p.id + "/cancel");
        urls.put("web", "https://replicate.com/p/" + p.id);
        body.put("urls", urls);
        if (p.completedAt != null && p.startedAt != null) {
            body.put("metrics", Map.of("predict_time", Duration.between(p.startedAt, p.completedAt).toMillis() / 1000.0));
        }
        return body;
    }

    /** Progress as the models print it: a percentage in the logs. */
    private String logs(Prediction p) {
        if (p.startedAt == null) {
            return "";
        }
        Instant end = p.completedAt != null ? p.completedAt : Instant.now();
        long pct = Math.min(100, Duration.between(p.startedAt, end).toMillis() * 100
                / Math.max(1, config.generationTime().toMillis()));
        return "Generating video...\n" + pct + "%|" + "#".repeat((int) (pct / 10)) + "\n";
    }

    // ------------------------------------------------------------------ checks

    private void admit(String token) {
        OptionalLong wait = engine.admit(token, "replicate");
        if (wait.isPresent()) {
            throw throttled(wait.getAsLong());
        }
    }

    private static ReplicateFailure throttled(long retryAfterMs) {
        long seconds = Math.max(1, (retryAfterMs + 999) / 1000);
        return ReplicateFailure.of(429, "Request was throttled",
                "Request was throttled. Your rate limit resets in ~" + seconds + "s.")
                .header("Retry-After", Long.toString(seconds));
    }

    private int durationOf(JsonNode value, ReplicateConfig.ModelInputs in, ModelCatalog.Model model) {
        String name = in.duration().orElseThrow();
        boolean rightType = switch (in.durationFormat()) {
            case INTEGER -> value.isInt();
            case STRING -> value.isTextual() && value.asText().matches("\\d+");
            case SECONDS_SUFFIX -> value.isTextual() && value.asText().matches("\\d+s");
        };
        int seconds = rightType ? Integer.parseInt(value.asText().replace("s", "")) : -1;
        if (!model.seconds().contains(seconds)) {
            throw ReplicateFailure.validation("input." + name + ": " + name + " must be one of the following: "
                    + model.seconds().stream().map(s -> in.durationFormat() == ReplicateConfig.DurationFormat.INTEGER
                            ? s.toString() : in.durationFormat() == ReplicateConfig.DurationFormat.STRING ? "\"" + s + "\""
                                    : "\"" + s + "s\"").toList());
        }
        return seconds;
    }

    private static ModelCatalog.Dimensions dimensions(JsonNode input, ReplicateConfig.ModelInputs in,
            ModelCatalog.Model model) {
        String aspect = in.aspectRatio().map(a -> input.path(a).asText(null)).orElse(null);
        String resolution = in.resolution().map(r -> input.path(r).asText(null)).orElse(null);
        List<ModelCatalog.Dimensions> fits = new ArrayList<>(model.dimensions());
        if (aspect != null) {
            fits.removeIf(d -> !d.aspectRatio().equals(aspect));
            if (fits.isEmpty()) {
                throw ReplicateFailure.validation("input." + in.aspectRatio().get() + ": " + in.aspectRatio().get()
                        + " must be one of the following: " + model.dimensions().stream()
                                .map(ModelCatalog.Dimensions::aspectRatio).distinct().toList());
            }
        }
        if (resolution != null) {
            List<ModelCatalog.Dimensions> byResolution = fits.stream()
                    .filter(d -> d.resolution().equalsIgnoreCase(resolution)).toList();
            if (byResolution.isEmpty()) {
                throw ReplicateFailure.validation("input." + in.resolution().get() + ": " + in.resolution().get()
                        + " must be one of the following: " + model.dimensions().stream()
                                .map(ModelCatalog.Dimensions::resolution).distinct().toList());
            }
            fits = byResolution;
        }
        return fits.get(0);
    }

    /** The model's reference images input: 1 to its maximum, alone, at its reference ratios and lengths. */
    private static List<byte[]> references(JsonNode input, ReplicateConfig.ModelInputs in, boolean frames,
            ModelCatalog.Dimensions dims, int seconds) {
        if (in.referenceImages().isEmpty() || !input.hasNonNull(in.referenceImages().get())) {
            return List.of();
        }
        String field = in.referenceImages().get();
        JsonNode refs = input.get(field);
        if (!refs.isArray() || refs.isEmpty() || refs.size() > in.maxReferences()) {
            throw ReplicateFailure.validation("input." + field + ": " + field + " must be a list of 1 to "
                    + in.maxReferences() + " images");
        }
        if (frames) {
            throw ReplicateFailure.validation("input." + field + ": " + field + " cannot be used with "
                    + in.firstFrame().orElse("image") + " or " + in.lastFrame().orElse("last_frame"));
        }
        if (!in.referenceAspectRatios().orElse(List.of(dims.aspectRatio())).contains(dims.aspectRatio())
                || !in.referenceSeconds().orElse(List.of(seconds)).contains(seconds)) {
            throw ReplicateFailure.validation("input." + field + ": " + field + " is only supported with aspect ratio "
                    + in.referenceAspectRatios().orElse(List.of()) + " and duration " + in.referenceSeconds().orElse(List.of()));
        }
        List<byte[]> images = new ArrayList<>();
        for (JsonNode ref : refs) {
            images.add(image(ref.asText(), field));
        }
        return images;
    }

    private static byte[] image(String uri, String field) {
        if (uri.startsWith("data:")) {
            int comma = uri.indexOf(',');
            if (comma < 0 || !uri.substring(0, comma).endsWith(";base64")) {
                throw ReplicateFailure.validation("input." + field + ": a data URI must be base64");
            }
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(uri.substring(comma + 1));
            } catch (IllegalArgumentException e) {
                throw ReplicateFailure.validation("input." + field + ": the data URI is not valid base64");
            }
            if (InputImage.probe(bytes).isEmpty()) {
                throw ReplicateFailure.validation("input." + field + ": the file is not an image");
            }
            return bytes;
        }
        throw ReplicateFailure.validation("input." + field + ": the simulator takes images as data URIs only");
    }

    private String modelOfVersion(String version) {
        return inputs.models().entrySet().stream().filter(e -> e.getValue().version().map(version::equals).orElse(false))
                .map(Map.Entry::getKey).findFirst().orElse(null);
    }

    private static boolean containsCompleted(JsonNode filter) {
        if (filter == null || !filter.isArray()) {
            return false;
        }
        for (JsonNode f : filter) {
            if ("completed".equals(f.asText())) {
                return true;
            }
        }
        return false;
    }

    private Prediction find(String token, String id) {
        Prediction p = predictions.get(id);
        if (p == null || !p.token.equals(token)) {
            throw ReplicateFailure.of(404, "Not found", "The requested resource could not be found.");
        }
        return p;
    }

    private String base() {
        return config.publicUrl().orElseGet(local::url) + "/sim/replicate/v1";
    }
}
