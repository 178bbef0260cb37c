package io.reelgate.provider.openrouter;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

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
import io.reelgate.provider.RemoteVideo;
import io.reelgate.provider.ResultRef;
import io.reelgate.provider.StandardWebhooks;
import io.reelgate.provider.Variant;
import io.reelgate.provider.VideoContent;
import io.reelgate.provider.VideoEvent;
import io.reelgate.provider.VideoExtender;
import io.reelgate.provider.VideoStatus;
import io.reelgate.provider.WebhookDelivery;

/**
 * Client for OpenRouter's video API (REFERENCE.md §9): one key in front of Veo, Wan, Kling and
 * more. A job is created with JSON ({@code POST /videos} → 202), polled at its {@code polling_url}
 * (resolved against the API's own host, never followed elsewhere with the key) or signalled by an
 * HMAC-signed webhook checked here ({@link #verifyWebhook}), and its video fetched from the content
 * endpoint with the key or, if configured, from a signed URL without it. What OpenRouter charged
 * ({@code usage.cost}) is passed on as {@link RemoteVideo#billed}. A 402 (out of credits or over the
 * key's limit) is the operator's to fix: it fails the job as {@code insufficient_credits}. Frames,
 * reference images and extension ({@code previous_job_id}) as {@link OpenRouterCreative} says.
 */
public final class OpenRouterVideoProvider extends AdapterBase implements VideoExtender {

    private static final Logger LOG = Logger.getLogger(OpenRouterVideoProvider.class);
    /** Status URLs remembered from creates, per job; a restart or another instance falls back to {@code /videos/{id}}. */
    private static final int KEPT_POLLING_URLS = 10_000;

    private final Supplier<String> baseUrl;
    private final Supplier<String> callbackUrl;
    private final Pattern moderation;
    private final boolean preferSignedUrls;
    private final ObjectMapper json;
    private final ProviderHttp api;
    private final ProviderHttp files;
    private final Map<String, String> pollingUrls = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > KEPT_POLLING_URLS;
        }
    });

    /**
     * @param callbackUrl where OpenRouter should send terminal webhooks, or a supplier of null when
     *        this Reelgate receives none from it (then jobs are polled)
     */
    public OpenRouterVideoProvider(String name, ProvidersConfig.Provider settings, ModelCatalog catalog,
            Supplier<String> baseUrl, Supplier<String> callbackUrl, ObjectMapper json, Backoff.Sleeper sleeper,
            Random random, ProviderHttp.CallObserver observer) {
        super(name, settings, catalog, declared());
        this.baseUrl = baseUrl;
        this.callbackUrl = callbackUrl;
        this.moderation = Pattern.compile(settings.openrouter().moderationPattern(), Pattern.CASE_INSENSITIVE);
        this.preferSignedUrls = settings.openrouter().preferSignedUrls();
        this.json = json;
        this.api = new ProviderHttp(name, settings, sleeper, random, observer, this::errorOf, HttpClient.Redirect.NEVER,
                RateLimitHints::of);
        // signed URLs need no key and may redirect to storage; nothing secret is sent with them
        this.files = new ProviderHttp(name, settings, sleeper, random, observer, this::errorOf, HttpClient.Redirect.NORMAL,
                RateLimitHints::of);
    }

    /**
     * What OpenRouter's video API can do (REFERENCE.md §9): first and last frames, sound, its own
     * webhook signature; no remix, list, cancel or delete (UNCONFIRMED: none is documented).
     */
    public static Capabilities declared() {
        return new Capabilities(EnumSet.of(Variant.VIDEO), Capabilities.WebhookSigning.OWN, false,
                new Capabilities.ImageInput(Set.of("image/jpeg", "image/png", "image/webp"), false), false, false, false,
                Capabilities.Delivery.DOWNLOAD_ENDPOINT, null, true, 10_000, false);
    }

    @Override
    public boolean reportsBill() {
        return true;
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
        body.put("duration", request.seconds());
        Optional<ModelCatalog.Dimensions> dims = model.value().dimensions(request.size());
        if (dims.isPresent()) {
            body.put("resolution", dims.get().resolution().equalsIgnoreCase("4k") ? "4K" : dims.get().resolution());
            body.put("aspect_ratio", dims.get().aspectRatio());
        } else if (request.size() != null) {
            body.put("size", request.size());
        }
        if (model.value().audioChoice()) {
            body.put("generate_audio", request.audio());
        }
        if (request.seed() != null) {
            body.put("seed", request.seed());
        }
        OpenRouterCreative.media(body, request);
        return submit(Call.CREATE, body, request);
    }

    @Override
    protected Creative declaredCreative(String model) {
        return model == null ? Creative.NONE : catalog.model(model).map(OpenRouterCreative::declared).orElse(Creative.NONE);
    }


    /** A new job continuing a completed one of the same model ({@code previous_job_id}). */
    @Override
    public ProviderResult<RemoteVideo> extend(ExtendVideo request) {
        Optional<ProviderError> refused = extensionRefusal(request).or(() -> OpenRouterCreative.missingSource(request));
        if (refused.isPresent()) {
            return ProviderResult.failed(refused.get());
        }
        return submit(Call.REMIX, OpenRouterCreative.extensionBody(request), new CreateVideo(request.model(),
                request.prompt(), null, request.seconds(), Optional.empty()));
    }

    private ProviderResult<RemoteVideo> submit(Call call, Map<String, Object> body, CreateVideo request) {
        String hook = callbackUrl.get();
        if (hook != null) {
            body.put("callback_url", hook);
        }
        HttpRequest http = authorized(HttpRequest.newBuilder(URI.create(baseUrl.get() + "/videos")))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(toJson(json, body))).build();
        return api.json(call, http, text -> {
            ApiVideoJob job = json.readValue(text, ApiVideoJob.class);
            if (job.id() == null || job.id().isBlank()) {
                throw new IOException("no job id in " + ProviderHttp.fallbackMessage(202, text));
            }
            if (job.pollingUrl() != null && !job.pollingUrl().isBlank()) {
                pollingUrls.put(job.id(), job.pollingUrl());
            }
            return toRemote(job, request);
        });
    }

    @Override
    public ProviderResult<RemoteVideo> retrieve(String videoId) {
        HttpRequest http = authorized(HttpRequest.newBuilder(statusUri(videoId))).GET().build();
        return api.json(Call.RETRIEVE, http, text -> {
            RemoteVideo remote = toRemote(json.readValue(text, ApiVideoJob.class), null);
            if (remote.status().terminal()) {
                pollingUrls.remove(videoId);
            }
            return remote;
        });
    }

    /**
     * The job's {@code polling_url} when it is on the API's own host (a relative one is resolved
     * against it); anything else gets {@code /videos/{id}}, so the key never leaves for another host.
     */
    URI statusUri(String videoId) {
        URI own = URI.create(baseUrl.get() + "/videos/" + encode(videoId));
        String polling = pollingUrls.get(videoId);
        if (polling == null) {
            return own;
        }
        try {
            URI resolved = polling.startsWith("/") || URI.create(polling).isAbsolute() ? own.resolve(polling)
                    : URI.create(baseUrl.get() + "/").resolve(polling);
            if (Objects.equals(resolved.getScheme(), own.getScheme())
                    && Objects.equals(resolved.getRawAuthority(), own.getRawAuthority())) {
                return resolved;
            }
            LOG.warnf("%s: job %s names a status URL on another host (%s); asking %s instead", name, videoId,
                    resolved.getRawAuthority(), own.getRawAuthority());
        } catch (IllegalArgumentException e) {
            LOG.warnf("%s: job %s has an unreadable polling_url: %s", name, videoId, e.getMessage());
        }
        return own;
    }

    @Override
    public ProviderResult<VideoContent> download(ResultRef result, Variant variant) {
        if (variant != Variant.VIDEO) {
            return ProviderResult.failed(ProviderError.unsupported(name, "deliver a " + variant.apiName()));
        }
        ProviderResult<HttpResponse<InputStream>> response;
        if (result.url() != null) {
            URI signed;
            try {
                signed = URI.create(result.url());
            } catch (IllegalArgumentException e) {
                return ProviderResult.failed(new ProviderError(Kind.OTHER, "bad_output_url", "The signed URL is not a URL: "
                        + e.getMessage(), null, null, 0));
            }
            HttpRequest http = HttpRequest.newBuilder(signed).timeout(settings.readTimeout()).header("Accept", "*/*")
                    .header("User-Agent", "reelgate/1").GET().build();
            response = files.exchange(Call.DOWNLOAD, http, HttpResponse.BodyHandlers.ofInputStream());
        } else {
            HttpRequest http = authorized(HttpRequest.newBuilder(URI.create(baseUrl.get() + "/videos/"
                    + encode(result.videoId()) + "/content?index=0"))).header("Accept", "*/*").GET().build();
            response = api.exchange(Call.DOWNLOAD, http, HttpResponse.BodyHandlers.ofInputStream());
        }
        return response.map(VideoContent::of);
    }

    /** {@code GET /key}: the key's label, usage and limit ({@link ApiKeyInfo}). */
    @Override
    public ProviderResult<String> testConnection() {
        HttpRequest http = authorized(HttpRequest.newBuilder(URI.create(baseUrl.get() + "/key"))).GET().build();
        return api.json(Call.RETRIEVE, http, text -> ApiKeyInfo.line(json, text));
    }

    /** The models OpenRouter offers for video ({@code GET /videos/models}), for an operator's catalog refresh. */
    public ProviderResult<List<OpenRouterVideoModel>> models() {
        HttpRequest http = authorized(HttpRequest.newBuilder(URI.create(baseUrl.get() + "/videos/models"))).GET().build();
        return api.json(Call.LIST, http, text -> {
            ApiVideoJob.Models page = json.readValue(text, ApiVideoJob.Models.class);
            if (page.data() == null) {
                return List.of();
            }
            return page.data().stream().filter(m -> m.id() != null).map(OpenRouterVideoModel::of).toList();
        });
    }

    /**
     * Checks {@code X-OpenRouter-Signature} against the configured secrets; a genuine delivery is
     * deduplicated by {@code X-OpenRouter-Idempotency-Key} ({@code {jobId}-{status}}), or by that
     * pair read from the body when the header is missing.
     */
    @Override
    public WebhookDelivery.Check verifyWebhook(WebhookDelivery delivery) {
        List<String> secrets = settings.webhookSecrets().orElse(List.of());
        StandardWebhooks.Verdict verdict = OpenRouterSignature.verify(secrets,
                delivery.header(OpenRouterSignature.HEADER).orElse(null), delivery.body(), delivery.receivedAt());
        if (verdict != StandardWebhooks.Verdict.VALID) {
            return WebhookDelivery.Check.refused(verdict);
        }
        Optional<String> key = delivery.header(OpenRouterSignature.IDEMPOTENCY_HEADER);
        if (key.isPresent()) {
            return WebhookDelivery.Check.valid(key.get());
        }
        try {
            JsonNode data = json.readTree(delivery.body()).path("data");
            return WebhookDelivery.Check.valid(data.path("id").asText("") + "-" + data.path("status").asText(""));
        } catch (IOException e) {
            return WebhookDelivery.Check.valid("unreadable"); // webhookEvent refuses the body
        }
    }

    /** {@code {"type":"video.generation.completed","created_at":"…","data":{"id":…,"status":…}}}. */
    @Override
    public Optional<VideoEvent> webhookEvent(String webhookId, byte[] body) throws IOException {
        JsonNode event = json.readTree(body);
        if (event == null || !event.isObject()) {
            throw new IOException("not a JSON object");
        }
        String type = event.path("type").asText("");
        if (!type.startsWith("video.generation.")) {
            return Optional.empty();
        }
        String videoId = event.path("data").path("id").asText(null);
        if (videoId == null || videoId.isBlank()) {
            throw new IOException("no data.id");
        }
        String mapped = switch (type.substring("video.generation.".length())) {
            case "completed" -> VideoEvent.COMPLETED;
            case "failed", "cancelled", "canceled", "expired" -> VideoEvent.FAILED;
            default -> null;
        };
        if (mapped == null) {
            return Optional.empty();
        }
        return Optional.of(new VideoEvent(name, webhookId, null, mapped, videoId, ApiVideoJob.instant(event.path("created_at"))));
    }

    // ------------------------------------------------------------------ mapping

    /** A job as the pipeline reads it; {@code sent} is the create request (its answer echoes little). */
    RemoteVideo toRemote(ApiVideoJob job, CreateVideo sent) {
        String word = job.status() == null ? "" : job.status();
        VideoStatus status = switch (word) {
            case "pending" -> VideoStatus.QUEUED;
            case "in_progress" -> VideoStatus.IN_PROGRESS;
            case "completed" -> VideoStatus.COMPLETED;
            case "failed", "cancelled", "canceled", "expired" -> VideoStatus.FAILED;
            default -> {
                LOG.infof("%s: job %s has status '%s', taken as still running", name, job.id(), word);
                yield VideoStatus.IN_PROGRESS;
            }
        };
        String code = null;
        String message = null;
        if (status == VideoStatus.FAILED) {
            JsonNode error = job.error();
            message = error == null || error.isNull() ? null
                    : error.isTextual() ? error.asText() : error.path("message").asText(error.toString());
            code = switch (word) {
                case "cancelled", "canceled" -> "canceled";
                case "expired" -> "job_expired";
                default -> message != null && moderation.matcher(message).find() ? "moderation_blocked"
                        : "generation_failed";
            };
            if (message == null || message.isBlank()) {
                message = "The job ended " + word + " at OpenRouter.";
            }
        }
        String signed = preferSignedUrls && status == VideoStatus.COMPLETED && job.urls() != null
                ? job.urls().stream().filter(u -> u != null && !u.isBlank()).findFirst().orElse(null) : null;
        RemoteVideo remote = new RemoteVideo(job.id(), job.model() != null ? job.model() : sent == null ? null
                : sent.model(), status, status == VideoStatus.COMPLETED ? 100 : 0, null, null, null,
                sent == null ? null : sent.size(), sent == null ? 0 : sent.seconds(), null,
                sent == null ? null : sent.prompt(), null, code, message, signed);
        if (job.usage() != null && job.usage().cost() != null) {
            return remote.billed(micros(job.usage().cost()));
        }
        return remote;
    }

    /** USD to micro-dollars, exactly; a fraction of a micro-dollar (never seen) is rounded half up. */
    static long micros(BigDecimal usd) {
        return usd.setScale(6, RoundingMode.HALF_UP).movePointRight(6).longValueExact();
    }

    /**
     * {@code {"error":{"code":402,"message":…,"metadata":{…}}}}: 402 is its own code (the operator
     * must top up), 429 carries the hint {@link RateLimitHints} found, the rest map by status.
     */
    private ProviderError errorOf(int status, String body, Duration retryAfter) {
        String message = null;
        try {
            ApiVideoJob.Failure failure = json.readValue(body, ApiVideoJob.Failure.class);
            if (failure.error() != null) {
                message = failure.error().message();
            }
        } catch (IOException | RuntimeException e) {
            // not OpenRouter's error shape: keep the raw text
        }
        if (message == null || message.isBlank()) {
            LOG.warnf("%s: unexpected error answer %s", name, ProviderHttp.fallbackMessage(status, body));
            message = ProviderHttp.fallbackMessage(status, body);
        }
        return switch (status) {
            case 402 -> new ProviderError(Kind.OTHER, "insufficient_credits", "OpenRouter refused the job for lack of "
                    + "credits or the key's spending limit (an operator must top up or raise it): " + message, null, null,
                    status);
            case 413 -> new ProviderError(Kind.INVALID_REQUEST, "http_413", message, null, null, status);
            case 409 -> new ProviderError(Kind.OTHER, "http_409", message, null, null, status);
            case 429 -> new ProviderError(Kind.RATE_LIMITED, "rate_limit_exceeded", message, null, retryAfter, status);
            default -> new ProviderError(ProviderHttp.kindOf(status), "http_" + status, message, null, retryAfter, status);
        };
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder builder) {
        builder.timeout(settings.readTimeout()).header("Accept", "application/json").header("User-Agent", "reelgate/1");
        settings.apiKey().ifPresent(key -> builder.header("Authorization", "Bearer " + key));
        return builder;
    }
}
