package io.reelgate.provider.xai;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.reelgate.provider.AdapterBase;
import io.reelgate.provider.Backoff;
import io.reelgate.provider.Capabilities;
import io.reelgate.provider.CreateVideo;
import io.reelgate.provider.Creative;
import io.reelgate.provider.ModelCatalog;
import io.reelgate.provider.ProviderError;
import io.reelgate.provider.ProviderError.Kind;
import io.reelgate.provider.ProviderHttp;
import io.reelgate.provider.ProviderHttp.Call;
import io.reelgate.provider.ProviderResult;
import io.reelgate.provider.ProvidersConfig;
import io.reelgate.provider.Reference;
import io.reelgate.provider.RemoteVideo;
import io.reelgate.provider.ResultRef;
import io.reelgate.provider.Variant;
import io.reelgate.provider.VideoContent;
import io.reelgate.provider.VideoEvent;
import io.reelgate.provider.VideoExtender;
import io.reelgate.provider.VideoStatus;

/**
 * Client for xAI's Grok Imagine video API (REFERENCE.md §5). xAI's official SDK speaks gRPC; the
 * REST shape here is the one independent clients use, UNCONFIRMED against docs.x.ai, so every path,
 * body field and answer field is configuration ({@link ProvidersConfig.XaiSettings}) and every
 * answer that does not fit is logged raw. A video is created ({@code POST /videos/generations} →
 * {@code request_id}) with an integer duration, aspect ratio and resolution, a first frame as a data
 * URI and the sound switch, then polled ({@code GET /videos/{id}}: {@code pending}, {@code done},
 * {@code expired}, {@code failed}); a done video is at a public URL valid for 24 hours, fetched without the
 * key, unless xAI's filter removed it ({@code respect_moderation: false}, a refusal). The cost xAI
 * reports ({@code usage.cost_in_usd_ticks}, 1e-10 USD) is passed on as the bill. It can extend a
 * video it made ({@link VideoExtender}, {@code POST /videos/extensions}).
 */
public final class XaiVideoProvider extends AdapterBase implements VideoExtender {

    private static final Logger LOG = Logger.getLogger(XaiVideoProvider.class);
    /** How long a result URL is valid (the SDK: "valid for 24 hours"). */
    private static final Duration RESULT_TTL = Duration.ofHours(24);

    private final Supplier<String> baseUrl;
    private final ProvidersConfig.XaiSettings xai;
    private final ObjectMapper json;
    private final ProviderHttp api;
    private final ProviderHttp files;

    /** @param baseUrl the API with its version path, e.g. {@code https://api.x.ai/v1} */
    public XaiVideoProvider(String name, ProvidersConfig.Provider settings, ModelCatalog catalog, Supplier<String> baseUrl,
            ObjectMapper json, Backoff.Sleeper sleeper, Random random, ProviderHttp.CallObserver observer) {
        super(name, settings, catalog, declared());
        this.baseUrl = baseUrl;
        this.xai = settings.xai();
        this.json = json;
        this.api = new ProviderHttp(name, settings, sleeper, random, observer, this::errorOf, HttpClient.Redirect.NEVER);
        // the result URL is another host: never with the key
        this.files = new ProviderHttp(name, settings, sleeper, random, observer, this::errorOf, HttpClient.Redirect.NORMAL);
    }

    /**
     * What Grok Imagine can do (REFERENCE.md §5): a first frame, sound, videos by a URL valid 24 h;
     * no webhooks, cancel, delete, list, remix or negative prompt (none found; UNCONFIRMED).
     */
    public static Capabilities declared() {
        return new Capabilities(EnumSet.of(Variant.VIDEO), Capabilities.WebhookSigning.NONE, false,
                new Capabilities.ImageInput(Set.of("image/jpeg", "image/png", "image/webp"), false), false, false, false,
                Capabilities.Delivery.RESULT_URL, RESULT_TTL, true, 10_000, false);
    }

    @Override
    public boolean reportsBill() {
        return true;
    }

    /**
     * Every Grok Imagine model: reference images (the SDK's {@code reference_images}; up to three
     * asset references, alone, is this adapter's UNCONFIRMED default: {@code creative."<model>".*}),
     * no last frame, extension by 1 to {@code max-extension-seconds} of a video xAI made.
     */
    @Override
    protected Creative declaredCreative(String model) {
        return new Creative(Creative.References.upTo(3, Reference.Kind.ASSET), Creative.LastFrame.NONE,
                Creative.Extension.adding(1, xai.maxExtensionSeconds(), 0));
    }

    @Override
    public ProviderResult<RemoteVideo> create(CreateVideo request) {
        ProviderResult<ModelCatalog.Model> model = modelFor(request);
        if (!model.isOk()) {
            return ProviderResult.failed(model.error());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", request.model());
        body.put("prompt", request.prompt());
        body.put(xai.durationField(), request.seconds());
        Optional<ModelCatalog.Dimensions> dims = model.value().dimensions(request.size());
        if (dims.isPresent()) {
            body.put(xai.aspectRatioField(), dims.get().aspectRatio());
            body.put(xai.resolutionField(), dims.get().resolution());
        }
        request.inputReference().ifPresent(image -> body.put(xai.imageField(), Map.of(xai.imageUrlField(), image.dataUri())));
        if (!request.references().isEmpty()) {
            body.put(xai.referenceImagesField(), request.references().stream()
                    .map(r -> Map.of(xai.imageUrlField(), r.image().dataUri())).toList());
        }
        if (model.value().audioChoice()) {
            body.put(xai.audioField(), request.audio());
        }
        return submit(Call.CREATE, xai.createPath(), body, request.model(), request.size(), request.seconds(),
                request.prompt());
    }

    /** {@code {model, prompt, duration, video: {url}}}: a new request whose video continues the source. */
    @Override
    public ProviderResult<RemoteVideo> extend(ExtendVideo request) {
        Optional<ProviderError> refused = extensionRefusal(request);
        if (refused.isPresent()) {
            return ProviderResult.failed(refused.get());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", request.model());
        body.put("prompt", request.prompt());
        body.put(xai.durationField(), request.seconds());
        body.put("video", Map.of("url", request.sourceUrl()));
        return submit(Call.REMIX, xai.extendPath(), body, request.model(), null, request.seconds(), request.prompt());
    }

    private ProviderResult<RemoteVideo> submit(Call call, String path, Map<String, Object> body, String model, String size,
            int seconds, String prompt) {
        HttpRequest http = authorized(baseUrl.get() + path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(toJson(json, body))).build();
        return api.json(call, http, text -> {
            String id = json.readTree(text).path(xai.requestIdField()).asText("");
            if (id.isBlank()) {
                LOG.warnf("%s: a create answer without %s: %s", name, xai.requestIdField(), excerpt(text));
                throw new IOException("no " + xai.requestIdField() + " in the create answer");
            }
            return new RemoteVideo(id, model, VideoStatus.QUEUED, 0, Instant.now(), null, null, size, seconds, null, prompt,
                    null, null, null, null);
        });
    }

    @Override
    public ProviderResult<RemoteVideo> retrieve(String videoId) {
        HttpRequest http = authorized(baseUrl.get() + xai.statusPath().replace("{id}", encode(videoId))).GET().build();
        return api.json(Call.RETRIEVE, http, text -> toRemote(videoId, json.readTree(text), text));
    }

    RemoteVideo toRemote(String id, JsonNode answer, String raw) {
        String status = answer.at(xai.statusPointer()).asText("").toLowerCase(Locale.ROOT);
        int progress = percent(answer.at(xai.progressPointer()));
        Instant now = Instant.now();
        RemoteVideo remote = switch (status) {
            case "pending", "queued", "in_progress", "processing" -> new RemoteVideo(id, null,
                    progress > 0 ? VideoStatus.IN_PROGRESS : VideoStatus.QUEUED, Math.min(99, progress), null, null, null,
                    null, 0, null, null, null, null, null, null);
            case "done", "completed", "succeeded" -> done(id, answer, raw, now);
            case "expired" -> failed(id, "job_expired", "The request expired at xAI before it finished.", now);
            case "failed", "error" -> {
                JsonNode error = answer.path("error");
                String message = error.isTextual() ? error.asText() : error.path("message").asText("");
                String code = (error.path("code").asText("") + " " + message).toLowerCase(Locale.ROOT);
                LOG.infof("%s: request %s failed: %s", name, id, excerpt(raw));
                yield failed(id, code.contains("moderat") || code.contains("safety") ? "moderation_blocked"
                        : "generation_failed", message.isBlank() ? "The request failed at xAI." : message, now);
            }
            default -> {
                LOG.warnf("%s: request %s has an unexpected status, taken as still running: %s", name, id, excerpt(raw));
                yield new RemoteVideo(id, null, VideoStatus.IN_PROGRESS, 0, null, null, null, null, 0, null, null, null,
                        null, null, null);
            }
        };
        JsonNode cost = answer.at(xai.costPointer());
        if (cost.isNumber() || cost.isTextual() && !cost.asText().isBlank()) {
            try {
                return remote.billed(micros(new BigDecimal(cost.asText())));
            } catch (NumberFormatException | ArithmeticException e) {
                LOG.warnf("%s: request %s reports an unreadable cost: %s", name, id, excerpt(raw));
            }
        }
        return remote;
    }

    private RemoteVideo done(String id, JsonNode answer, String raw, Instant now) {
        if (answer.at(xai.moderationPointer()).isBoolean() && !answer.at(xai.moderationPointer()).asBoolean()) {
            return failed(id, "moderation_blocked", "xAI's moderation filtered the video.", now);
        }
        String url = answer.at(xai.videoUrlPointer()).asText("");
        if (url.isBlank()) {
            LOG.warnf("%s: request %s is done without a video URL: %s", name, id, excerpt(raw));
            return failed(id, "no_output", "xAI finished the request without a video.", now);
        }
        JsonNode duration = answer.path("video").path("duration");
        return new RemoteVideo(id, answer.path("model").asText(null), VideoStatus.COMPLETED, 100, null, now,
                now.plus(RESULT_TTL), null,
                duration.isNumber() ? (int) Math.round(duration.asDouble()) : 0, null, null, null, null, null, url);
    }

    private static RemoteVideo failed(String id, String code, String message, Instant now) {
        return new RemoteVideo(id, null, VideoStatus.FAILED, 0, null, now, null, null, 0, null, null, null, code, message,
                null);
    }

    /** {@code progress} as a percentage (a fraction ≤ 1 is scaled up; the scale is UNCONFIRMED). */
    static int percent(JsonNode progress) {
        if (!progress.isNumber()) {
            return 0;
        }
        double value = progress.asDouble();
        double pct = value > 0 && value <= 1.0 && !progress.isIntegralNumber() ? value * 100 : value;
        return (int) Math.max(0, Math.min(100, Math.round(pct)));
    }

    /** Ticks of 1e-10 USD to micro-dollars, rounded half up. */
    static long micros(BigDecimal ticks) {
        return ticks.movePointLeft(4).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    @Override
    public ProviderResult<VideoContent> download(ResultRef result, Variant variant) {
        if (variant != Variant.VIDEO) {
            return ProviderResult.failed(ProviderError.unsupported(name, "deliver a " + variant.apiName()));
        }
        return files.publicDownload(result.url(), "The request has no video URL.");
    }

    /** xAI sends no webhooks (none found; UNCONFIRMED). */
    /** {@code GET /v1/api-key}: the key's name, team and state ({@link XaiApiKey}). */
    @Override
    public ProviderResult<String> testConnection() {
        ProviderResult<ProviderResult<String>> answer = api.json(Call.RETRIEVE, authorized(baseUrl.get() + XaiApiKey.PATH)
                .GET().build(), body -> XaiApiKey.line(json, body));
        return answer.isOk() ? answer.value() : ProviderResult.failed(answer.error());
    }

    @Override
    public Optional<VideoEvent> webhookEvent(String webhookId, byte[] body) throws IOException {
        throw new IOException("xAI sends no webhooks");
    }

    /**
     * xAI's errors: {@code {"code": "…", "error": "…"}} or {@code {"error": {"code", "message"}}}
     * (UNCONFIRMED which); anything else is logged raw.
     */
    private ProviderError errorOf(int status, String body, Duration retryAfter) {
        String message = null;
        try {
            JsonNode node = json.readTree(body);
            if (node != null && node.isObject()) {
                JsonNode error = node.path("error");
                message = error.isTextual() ? error.asText() : error.path("message").asText(null);
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: keep the raw text
        }
        if (message == null || message.isBlank()) {
            LOG.warnf("%s: unexpected error answer %s", name, ProviderHttp.fallbackMessage(status, body));
            message = ProviderHttp.fallbackMessage(status, body);
        }
        return switch (status) {
            case 429 -> new ProviderError(Kind.RATE_LIMITED, "rate_limit_exceeded", message, null, retryAfter, status);
            // xAI answers a wrong key with 400 "Incorrect API key provided" (its OpenAPI: 400 for an invalid key)
            case 400 -> message.toLowerCase(java.util.Locale.ROOT).contains("api key")
                    ? new ProviderError(Kind.UNAUTHORIZED, "invalid_api_key", message, null, null, status)
                    : new ProviderError(Kind.INVALID_REQUEST, "invalid_request", message, null, null, status);
            case 422 -> new ProviderError(Kind.INVALID_REQUEST, "invalid_request", message, null, null, status);
            default -> new ProviderError(ProviderHttp.kindOf(status), "http_" + status, message, null, retryAfter, status);
        };
    }

    private HttpRequest.Builder authorized(String url) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(settings.readTimeout())
                .header("Accept", "application/json").header("User-Agent", "reelgate/1");
        settings.apiKey().ifPresent(key -> builder.header("Authorization", "Bearer " + key));
        return builder;
    }

    private static String excerpt(String raw) {
        return raw == null ? "" : raw.length() > 500 ? raw.substring(0, 500) + "…" : raw;
    }
}
