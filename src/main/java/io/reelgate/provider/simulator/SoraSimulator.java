package io.reelgate.provider.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.reelgate.provider.CatalogsConfig;
import io.reelgate.provider.InputImage;
import io.reelgate.provider.ModelCatalog;
import io.reelgate.provider.Variant;
import io.reelgate.provider.VideoEvent;
import io.reelgate.provider.VideoStatus;
import io.reelgate.web.LocalServer;

/**
 * The Sora simulator's behaviour behind {@link SimulatorApi}: validation like the real API,
 * per-key rate limits, jobs that advance over {@code queue-time} + {@code generation-time} while a
 * real clip renders, expiring content, signed webhooks, and injectable faults ({@link FaultPlan},
 * prompt trigger words). Jobs live in memory; a restart forgets them (unknown ids answer 404).
 *
 * <p>One piece on purpose: it is the whole simulated Videos API — request checks,
 * job life cycle, content, admin — around one in-memory state (jobs per key, rate windows, the fault
 * plan) that each part reads and changes; split, the parts would share that state through
 * package-private fields. It is test and dev equipment, not product code.
 */
@ApplicationScoped
public class SoraSimulator {

    private static final Logger LOG = Logger.getLogger(SoraSimulator.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Map<String, String> DEFAULTS = Map.of("model", "sora-2", "size", "720x1280", "seconds", "4");

    /** A stream to serve and what it is. */
    record Content(InputStream body, String contentType, long length) {
    }

    private final SimulatorConfig config;
    private final ModelCatalog catalog;
    private final Map<String, ModelCatalog> keyCatalogs = new ConcurrentHashMap<>();
    private final FaultPlan faults;
    private final SimulatorEngine engine;
    private final Map<String, SimulatedVideo> videos = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final ObjectMapper json;
    private final LocalServer local;
    private volatile Runtime runtime;

    /** The engine's threads and this simulator's webhook sender, set up on first use. */
    private record Runtime(ScheduledExecutorService scheduler, ExecutorService renderPool, ClipRenderer renderer,
            WebhookSender webhooks) {
    }

    SoraSimulator(SimulatorConfig config, CatalogsConfig catalogs, ObjectMapper json, LocalServer local,
            SimulatorEngine engine) {
        this.config = config;
        this.engine = engine;
        this.faults = engine.faults();
        CatalogsConfig.Catalog source = catalogs.catalogs().get(config.catalog());
        if (source == null) {
            throw new IllegalStateException("reelgate.simulator.catalog names unknown catalog " + config.catalog());
        }
        this.catalog = ModelCatalog.from(config.catalog(), source);
        config.keys().forEach((key, profile) -> profile.catalog().ifPresent(name -> {
            CatalogsConfig.Catalog c = catalogs.catalogs().get(name);
            if (c == null) {
                throw new IllegalStateException("reelgate.simulator.keys." + key + ".catalog names unknown catalog " + name);
            }
            keyCatalogs.put(key, ModelCatalog.from(name, c));
        }));
        this.json = json;
        this.local = local;
    }

    public boolean enabled() {
        return config.enabled();
    }

    public FaultPlan faults() {
        return faults;
    }

    private Runtime runtime() {
        Runtime r = runtime;
        if (r == null) {
            synchronized (this) {
                r = runtime;
                if (r == null) {
                    ScheduledExecutorService scheduler = engine.scheduler();
                    WebhookSender webhooks = new WebhookSender(
                            () -> config.webhook().url().orElseGet(() -> local.url() + "/webhooks/openai"),
                            config.webhook().secret(), config.webhook().maxAttempts(), config.webhook().retryBase(),
                            scheduler, faults, json);
                    scheduler.scheduleAtFixedRate(this::forgetOldJobs, 10, 10, TimeUnit.MINUTES);
                    runtime = r = new Runtime(scheduler, engine.renderPool(), engine.renderer(), webhooks);
                }
            }
        }
        return r;
    }

    /** Jobs are kept a day (well past their content lifetime), then forgotten to bound memory. */
    private void forgetOldJobs() {
        Instant cutoff = Instant.now().minus(Duration.ofDays(1)).minus(config.contentTtl());
        videos.values().removeIf(v -> v.createdAt.isBefore(cutoff));
    }

    // ------------------------------------------------------------------ API behaviour

    /** The key of a valid {@code Authorization: Bearer} header; 401 otherwise. */
    String authorize(String authorization, boolean admin) {
        String key = authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7).trim() : "";
        boolean valid = admin ? key.equals(config.adminKey().orElse(config.apiKeys().get(0)))
                : config.apiKeys().contains(key) || config.keys().containsKey(key);
        if (!valid) {
            throw new ApiFailure(401, "invalid_request_error", "invalid_api_key", null,
                    "Incorrect API key provided: " + mask(key) + ".");
        }
        return key;
    }

    /** How the server behind this key behaves. */
    SimulatorConfig.Behaviour behaviour(String key) {
        SimulatorConfig.Key profile = config.keys().get(key);
        return profile == null ? SimulatorConfig.Behaviour.SORA : profile.behaviour();
    }

    private ModelCatalog catalog(String key) {
        return keyCatalogs.getOrDefault(key, catalog);
    }

    /**
     * {@code GET /v1/models}: the models of this key's server, in the SDK's {@code Model} shape
     * ({@code id}, {@code object: "model"}, {@code created}, {@code owned_by}) inside a list
     * ({@code object: "list"}, {@code data}), as openai-python's {@code models.list()} reads it.
     */
    Map<String, Object> models(String key) {
        SimulatorConfig.Behaviour behaviour = behaviour(key);
        String owner = behaviour == SimulatorConfig.Behaviour.VLLM_OMNI ? "vllm" : "system";
        List<Map<String, Object>> data = catalog(key).models().stream().map(m -> Map.<String, Object>of("id", m.name(),
                "object", "model", "created", 1_759_708_800L, "owned_by", owner)).toList();
        return Map.of("object", "list", "data", data);
    }

    /** The server-error fault, checked first on every API request. */
    void maybeFail() {
        if (faults.takeServerError()) {
            throw new ApiFailure(faults.serverErrorStatus, "server_error", null, null,
                    "The server had an error while processing your request (simulated).");
        }
    }

    Map<String, Object> create(String key, Map<String, String> fields, InputImageUpload upload) {
        admitGeneration(key);
        String model = field(fields, "model");
        String prompt = fields.get("prompt");
        String size = field(fields, "size");
        String secondsText = field(fields, "seconds");
        ModelCatalog catalog = catalog(key);
        ModelCatalog.Model m = catalog.model(model).orElseThrow(() -> ApiFailure.invalid("model", "invalid_value",
                "Invalid value: '" + model + "'. Supported values are: " + quoted(catalog.models().stream()
                        .map(ModelCatalog.Model::name).toList()) + "."));
        if (!m.offers(size)) {
            throw ApiFailure.invalid("size", "invalid_value", "Invalid value: '" + size + "'. Supported values are: "
                    + quoted(m.sizes()) + ".");
        }
        int seconds = parseSeconds(secondsText, m);
        checkPrompt(key, prompt);
        byte[] image = null;
        if (upload != null) {
            image = checkImage(upload, size);
        }
        SimulatedVideo video = start(key, model, prompt, size, seconds, null, image);
        if (faults.takeCreateTimeout()) {
            LOG.debugf("Simulator delays the create answer for %s by %d ms (fault)", video.id, faults.createDelayMs);
            sleep(faults.createDelayMs);
        }
        return video.toApi(Instant.now(), config.generationTime());
    }

    Map<String, Object> remix(String key, String id, String prompt) {
        if (behaviour(key) != SimulatorConfig.Behaviour.SORA) {
            throw ApiFailure.routeNotFound();
        }
        admitGeneration(key);
        SimulatedVideo source = find(key, id);
        if (source.status != VideoStatus.COMPLETED) {
            throw ApiFailure.invalid("video_id", "invalid_state", "Video '" + id + "' is " + source.status.apiName()
                    + "; only completed videos can be remixed.");
        }
        checkPrompt(key, prompt);
        return start(key, source.model, prompt, source.size, source.seconds, source.id, source.inputImage)
                .toApi(Instant.now(), config.generationTime());
    }

    Map<String, Object> retrieve(String key, String id) {
        return find(key, id).toApi(Instant.now(), config.generationTime());
    }

    Map<String, Object> list(String key, int limit, String after, String order) {
        if (limit < 1 || limit > 100) {
            throw ApiFailure.invalid("limit", "invalid_value", "limit must be between 1 and 100.");
        }
        Comparator<SimulatedVideo> byAge = Comparator.comparingLong(v -> v.sequence);
        List<SimulatedVideo> mine = videos.values().stream().filter(v -> v.apiKey.equals(key))
                .sorted("asc".equals(order) ? byAge : byAge.reversed()).toList();
        int start = 0;
        if (after != null && !after.isBlank()) {
            int index = -1;
            for (int i = 0; i < mine.size(); i++) {
                if (mine.get(i).id.equals(after)) {
                    index = i;
                }
            }
            if (index < 0) {
                throw ApiFailure.invalid("after", "invalid_value", "No video '" + after + "' to continue after.");
            }
            start = index + 1;
        }
        List<SimulatedVideo> page = mine.subList(Math.min(start, mine.size()), Math.min(start + limit, mine.size()));
        Instant now = Instant.now();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("object", "list");
        body.put("data", page.stream().map(v -> v.toApi(now, config.generationTime())).toList());
        body.put("first_id", page.isEmpty() ? null : page.get(0).id);
        body.put("last_id", page.isEmpty() ? null : page.get(page.size() - 1).id);
        body.put("has_more", start + limit < mine.size());
        return body;
    }

    Map<String, Object> delete(String key, String id) {
        SimulatedVideo video = find(key, id);
        videos.remove(video.id);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", video.id);
        body.put("object", "video.deleted");
        body.put("deleted", true);
        return body;
    }

    Content content(String key, String id, String variantName) {
        SimulatedVideo video = find(key, id);
        Variant variant;
        try {
            variant = Variant.fromApiName(variantName == null ? "video" : variantName);
        } catch (IllegalArgumentException e) {
            throw ApiFailure.invalid("variant", "invalid_value", "Invalid value: '" + variantName
                    + "'. Supported values are: 'video', 'thumbnail', and 'spritesheet'.");
        }
        SimulatorConfig.Behaviour behaviour = behaviour(key);
        if (behaviour == SimulatorConfig.Behaviour.VLLM_OMNI) {
            // vLLM-Omni serves the MP4 whatever variant is asked for
            variant = Variant.VIDEO;
            if (video.status == VideoStatus.FAILED) {
                throw new ApiFailure(422, "invalid_request_error", null, null, "Generation failed: " + video.errorMessage);
            }
            if (video.status != VideoStatus.COMPLETED) {
                throw ApiFailure.notFound(null, "Generation is still in-progress");
            }
        } else if (behaviour == SimulatorConfig.Behaviour.VIDEO_ONLY && variant != Variant.VIDEO) {
            throw ApiFailure.notFound("variant_not_available", "This server only serves the 'video' variant.");
        }
        if (video.status != VideoStatus.COMPLETED) {
            throw ApiFailure.notFound("video_not_ready", "Video '" + id + "' is " + video.status.apiName()
                    + "; content is available once it is completed.");
        }
        if (video.expired(Instant.now())) {
            throw ApiFailure.notFound("video_expired", "The content of video '" + id + "' has expired.");
        }
        try {
            if (variant == Variant.VIDEO && video.syntheticBytes > 0) {
                return new Content(throttle(new PatternStream(video.syntheticBytes)), "video/mp4", video.syntheticBytes);
            }
            Path file = switch (variant) {
                case VIDEO -> video.clip.video();
                case THUMBNAIL -> video.clip.thumbnail();
                case SPRITESHEET -> video.clip.spritesheet();
            };
            return new Content(throttle(Files.newInputStream(file)), variant.defaultContentType(), Files.size(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------ admin

    public FaultPlan replaceFaults(FaultPlan plan) {
        faults.replaceWith(plan);
        return faults.copy();
    }

    /** Ends the content lifetime of a video now (its content answers 404 from here on). */
    public void expire(String id) {
        SimulatedVideo video = videos.get(id);
        if (video == null) {
            throw ApiFailure.notFound("video_not_found", "Video with id '" + id + "' not found.");
        }
        video.expiresAt = Instant.now();
    }

    /** A completed video whose content is {@code bytes} generated bytes, for large-download tests. */
    Map<String, Object> synthetic(String key, long bytes) {
        SimulatedVideo video = new SimulatedVideo(newId("video_"), key, "sora-2", "synthetic " + bytes + " bytes",
                "1280x720", 4, Instant.now(), sequence.incrementAndGet(), null, null, false, behaviour(key));
        video.syntheticBytes = bytes;
        video.clip = runtime().renderer().render(new ClipRenderer.Spec(video.prompt, video.model, 1280, 720, 1, null));
        video.status = VideoStatus.COMPLETED;
        video.startedAt = video.completedAt = Instant.now();
        video.expiresAt = video.completedAt.plus(config.contentTtl());
        videos.put(video.id, video);
        return video.toApi(Instant.now(), config.generationTime());
    }

    /** How many jobs a key has (admin view, for reconciliation tests). */
    int count(String key) {
        return (int) videos.values().stream().filter(v -> v.apiKey.equals(key)).count();
    }

    // ------------------------------------------------------------------ job life cycle

    private SimulatedVideo start(String key, String model, String prompt, String size, int seconds, String remixedFrom,
            byte[] image) {
        SimulatorConfig.Behaviour behaviour = behaviour(key);
        boolean moderated = behaviour != SimulatorConfig.Behaviour.VLLM_OMNI;
        boolean flagged = moderated && matches(prompt, config.triggers().moderationWords()).isPresent();
        String id = newId(behaviour == SimulatorConfig.Behaviour.VLLM_OMNI ? "video_gen_" : "video_");
        SimulatedVideo video = new SimulatedVideo(id, key, model, prompt, size, seconds, Instant.now(),
                sequence.incrementAndGet(), remixedFrom, image, flagged, behaviour);
        videos.put(video.id, video);
        Runtime rt = runtime();
        String[] wh = size.split("x");
        CompletableFuture<ClipRenderer.Clip> render = flagged ? CompletableFuture.completedFuture(null)
                : CompletableFuture.supplyAsync(() -> rt.renderer().render(new ClipRenderer.Spec(prompt, model,
                        Integer.parseInt(wh[0]), Integer.parseInt(wh[1]), seconds, image)), rt.renderPool());
        rt.scheduler().schedule(() -> {
            if (video.status == VideoStatus.QUEUED) {
                video.startedAt = Instant.now();
                video.status = VideoStatus.IN_PROGRESS;
            }
        }, config.queueTime().toMillis(), TimeUnit.MILLISECONDS);
        CompletableFuture<Void> timer = new CompletableFuture<>();
        rt.scheduler().schedule(() -> timer.complete(null),
                config.queueTime().plus(config.generationTime()).toMillis(), TimeUnit.MILLISECONDS);
        render.thenCombine(timer, (clip, ignored) -> clip).whenComplete((clip, error) -> finish(video, clip, error));
        return video;
    }

    private void finish(SimulatedVideo video, ClipRenderer.Clip clip, Throwable error) {
        if (!videos.containsKey(video.id)) {
            return; // deleted meanwhile
        }
        Runnable flip;
        String type;
        if (video.flagged || error != null) {
            if (error != null) {
                LOG.warnf(error, "Simulator render of %s failed", video.id);
            }
            type = VideoEvent.FAILED;
            flip = () -> {
                video.failedProgress = video.flagged ? 60 + (int) (Math.abs(video.id.hashCode()) % 30) : 0;
                video.errorCode = video.flagged ? "moderation_blocked"
                        : video.behaviour == SimulatorConfig.Behaviour.VLLM_OMNI ? "RuntimeError" : "internal_error";
                video.errorMessage = video.flagged
                        ? "The generated video was flagged by our content moderation system."
                        : "The video could not be generated.";
                video.completedAt = Instant.now();
                video.status = VideoStatus.FAILED;
            };
        } else {
            type = VideoEvent.COMPLETED;
            flip = () -> {
                video.clip = clip;
                video.completedAt = Instant.now();
                video.expiresAt = video.completedAt.plus(config.contentTtl());
                if (video.startedAt == null) {
                    video.startedAt = video.completedAt;
                }
                video.status = VideoStatus.COMPLETED;
            };
        }
        Runtime rt = runtime();
        boolean hooks = config.webhook().enabled() && video.behaviour == SimulatorConfig.Behaviour.SORA;
        long early = faults.webhookEarlyMs;
        if (early > 0) {
            if (hooks) {
                rt.webhooks().send(type, video.id);
            }
            rt.scheduler().schedule(flip, early, TimeUnit.MILLISECONDS);
        } else {
            flip.run();
            if (hooks) {
                rt.webhooks().send(type, video.id);
            }
        }
    }

    // ------------------------------------------------------------------ checks

    private void admitGeneration(String key) {
        OptionalLong wait = engine.admit(key);
        if (wait.isPresent()) {
            throw rateLimited(wait.getAsLong());
        }
    }

    private static ApiFailure rateLimited(long retryAfterMs) {
        long ms = Math.max(1, retryAfterMs);
        return new ApiFailure(429, "requests", "rate_limit_exceeded", null,
                "Rate limit reached for requests. Please try again in " + Math.max(1, (ms + 999) / 1000) + "s.")
                .header("retry-after-ms", Long.toString(ms))
                .header("Retry-After", Long.toString(Math.max(1, (ms + 999) / 1000)));
    }

    private void checkPrompt(String key, String prompt) {
        if (prompt == null || prompt.isBlank()) {
            throw ApiFailure.invalid("prompt", "missing_required_parameter", "Missing required parameter: 'prompt'.");
        }
        if (prompt.length() > config.maxPromptLength()) {
            throw ApiFailure.invalid("prompt", "string_above_max_length", "Invalid 'prompt': string too long. Expected "
                    + "a string with maximum length " + config.maxPromptLength() + ", but got a string with length "
                    + prompt.length() + " instead.");
        }
        if (behaviour(key) == SimulatorConfig.Behaviour.VLLM_OMNI) {
            return; // a self-hosted model has no prompt filter
        }
        matches(prompt, config.triggers().sentinelWords()).ifPresent(word -> {
            throw ApiFailure.invalid("prompt", "sentinel_block", "This request has been blocked by our content filters: "
                    + "the prompt mentions '" + word + "'. Rephrase the prompt and try again.");
        });
    }

    private static Optional<String> matches(String prompt, List<String> words) {
        String lower = prompt.toLowerCase(Locale.ROOT);
        return words.stream().filter(w -> !w.isBlank() && lower.contains(w.toLowerCase(Locale.ROOT))).findFirst();
    }

    private byte[] checkImage(InputImageUpload upload, String size) {
        Optional<InputImage.Header> header = InputImage.probe(upload.bytes());
        if (header.isEmpty() || !header.get().format().mediaType().equals(upload.contentType())) {
            throw ApiFailure.invalid("input_reference", "invalid_image_format", "Invalid file format for "
                    + "'input_reference'. Supported formats are: image/jpeg, image/png, image/webp, and the part's "
                    + "Content-Type must match the file.");
        }
        if (!header.get().size().equals(size)) {
            throw ApiFailure.invalid("input_reference", "invalid_image_size", "Inpaint image must match the requested "
                    + "width and height: expected " + size + ", got " + header.get().size() + ".");
        }
        return upload.bytes();
    }

    private static int parseSeconds(String text, ModelCatalog.Model model) {
        try {
            int seconds = Integer.parseInt(text.trim());
            if (model.seconds().contains(seconds)) {
                return seconds;
            }
        } catch (NumberFormatException ignored) {
            // reported below like any other unsupported value
        }
        throw ApiFailure.invalid("seconds", "invalid_value", "Invalid value: '" + text + "'. Supported values are: "
                + quoted(model.seconds().stream().map(String::valueOf).toList()) + ".");
    }

    private SimulatedVideo find(String key, String id) {
        SimulatedVideo video = videos.get(id);
        if (video == null || !video.apiKey.equals(key)) {
            throw ApiFailure.notFound("video_not_found", "Video with id '" + id + "' not found.");
        }
        return video;
    }

    private static String field(Map<String, String> fields, String name) {
        String value = fields.get(name);
        return value == null || value.isBlank() ? DEFAULTS.get(name) : value.trim();
    }

    private static String quoted(List<String> values) {
        List<String> q = values.stream().map(v -> "'" + v + "'").toList();
        if (q.size() <= 1) {
            return String.join("", q);
        }
        return String.join(", ", q.subList(0, q.size() - 1)) + ", and " + q.get(q.size() - 1);
    }

    private InputStream throttle(InputStream in) {
        long rate = faults.downloadBytesPerSecond;
        return rate > 0 ? new ThrottledStream(in, rate) : in;
    }

    static String newId(String prefix) {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return prefix + HexFormat.of().formatHex(bytes);
    }

    private static String mask(String key) {
        return key.length() <= 8 ? "****" : key.substring(0, 4) + "****" + key.substring(key.length() - 4);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }


    /** An uploaded {@code input_reference} part. */
    record InputImageUpload(String filename, String contentType, byte[] bytes) {
    }

    /**
     * Deterministic bytes of a given length, generated as they are read: an MP4 {@code ftyp} box
     * first (so the content is taken for what it claims to be), then a pattern.
     */
    static final class PatternStream extends InputStream {
        private static final byte[] FTYP = { 0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 0, 0, 2, 0,
            'i', 's', 'o', 'm', 'm', 'p', '4', '1' };
        private final long size;
        private long position;

        PatternStream(long size) {
            this.size = size;
        }

        private int at(long i) {
            return i < FTYP.length ? FTYP[(int) i] & 0xFF : (int) (i * 131 & 0xFF);
        }

        @Override
        public int read() {
            return position < size ? at(position++) : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position >= size) {
                return -1;
            }
            int n = (int) Math.min(len, size - position);
            for (int i = 0; i < n; i++) {
                b[off + i] = (byte) at(position++);
            }
            return n;
        }
    }

    /** Limits a stream to a number of bytes per second (the slow-download fault). */
    static final class ThrottledStream extends java.io.FilterInputStream {
        private final long bytesPerSecond;
        private final long started = System.nanoTime();
        private long sent;

        ThrottledStream(InputStream in, long bytesPerSecond) {
            super(in);
            this.bytesPerSecond = bytesPerSecond;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, (int) Math.min(len, Math.max(1, bytesPerSecond / 10)));
            if (n > 0) {
                sent += n;
                long due = sent * 1_000_000_000L / bytesPerSecond;
                long ahead = due - (System.nanoTime() - started);
                if (ahead > 0) {
                    sleep(ahead / 1_000_000);
                }
            }
            return n;
        }
    }
}
