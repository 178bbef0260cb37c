package io.reelgate.provider.gemini;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
import io.reelgate.provider.VeoMedia;
import io.reelgate.provider.VideoContent;
import io.reelgate.provider.VideoEvent;
import io.reelgate.provider.VideoExtender;
import io.reelgate.provider.VideoStatus;

/**
 * Client for Veo through Google's Gemini API (REFERENCE.md §1): {@code predictLongRunning}
 * creates an operation ({@code durationSeconds} as a number, {@code aspectRatio},
 * {@code resolution}, {@code negativePrompt}, the first frame inline as base64), polled until
 * {@code done}; the video's URI is fetched with the API key (only ever sent to the API's own
 * host), or its bytes come inline. A finished operation without samples but with
 * {@code raiMediaFilteredCount} is Google's safety filter: a content refusal whose reasons are
 * passed on. Static Gemini webhooks ({@code video.generated}, Standard Webhooks) where a secret is
 * configured, polling otherwise. Veo 3.1 also takes up to three {@code ASSET} reference images
 * (alone: not with a first or last frame), a last frame after a first one, and extends a video it
 * made ({@code instances[0].video.uri}, {@link VideoExtender}).
 *
 * <p>Hand-written rather than Google's {@code google-genai} SDK: the SDK brings 39 jars (21 MB:
 * OkHttp 4, Guava, protobuf, Kotlin's stdlib, gRPC and Apache HTTP), and its OkHttp 4 cannot share
 * a class path with the OkHttp 5 the MinIO SDK needs; the calls are three, and the retry rules
 * must be {@link ProviderHttp}'s.
 */
public final class GeminiVideoProvider extends AdapterBase implements VideoExtender {

    private static final Pattern DELAY = Pattern.compile("(\\d+(?:\\.\\d+)?)s");
    /** Generated files stay on Google's servers about two days (REFERENCE.md §1.4, UNCONFIRMED). */
    static final Duration FILE_LIFETIME = Duration.ofDays(2);

    private final Supplier<String> baseUrl;
    private final ObjectMapper json;
    private final ProviderHttp api;

    public GeminiVideoProvider(String name, ProvidersConfig.Provider settings, ModelCatalog catalog,
            Supplier<String> baseUrl, ObjectMapper json, Backoff.Sleeper sleeper, Random random,
            ProviderHttp.CallObserver observer) {
        super(name, settings, catalog, declared());
        this.baseUrl = baseUrl;
        this.json = json;
        // downloads redirect to Google's storage; the key travels only with requests to the API's host
        this.api = new ProviderHttp(name, settings, sleeper, random, observer, this::errorOf, HttpClient.Redirect.NORMAL);
    }

    /** What Veo through the Gemini API can do (REFERENCE.md §1); overridable per provider in configuration. */
    public static Capabilities declared() {
        return new Capabilities(EnumSet.of(Variant.VIDEO), Capabilities.WebhookSigning.STANDARD_WEBHOOKS, false,
                new Capabilities.ImageInput(Set.of("image/jpeg", "image/png"), false), false, false, false,
                Capabilities.Delivery.RESULT_URL, FILE_LIFETIME, true, 4_000, true);
    }

    /**
     * Veo 3.1 (not Lite) per REFERENCE.md §1.1–1.2: up to three {@code ASSET} references, not with a
     * first frame, a last frame or a video, at 8 s (the Vertex model card; UNCONFIRMED here, so
     * {@code creative."<model>".reference-seconds}); a last frame with a first frame only; extension
     * by 7 s of videos up to 141 s, 720p (Google's video guide, not in REFERENCE.md: UNCONFIRMED, so
     * {@code extension-*-seconds}). Other models: none.
     */
    @Override
    protected Creative declaredCreative(String model) {
        if (model == null || !model.startsWith("veo-3.1") || model.contains("lite")) {
            return Creative.NONE;
        }
        return new Creative(Creative.References.upTo(3, Reference.Kind.ASSET).onlyAt(List.of(), List.of(8)),
                Creative.LastFrame.WITH_FIRST_FRAME, Creative.Extension.adding(7, 7, 141));
    }

    @Override
    public ProviderResult<RemoteVideo> create(CreateVideo request) {
        Optional<ProviderResult<RemoteVideo>> refused = refused(request);
        if (refused.isPresent()) {
            return refused.get();
        }
        Map<String, Object> instance = new LinkedHashMap<>();
        instance.put("prompt", request.prompt());
        VeoMedia.frames(instance, request);
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("sampleCount", 1);
        parameters.put("durationSeconds", request.seconds());
        catalog.model(request.model()).flatMap(m -> m.dimensions(request.size())).ifPresent(d -> {
            parameters.put("aspectRatio", d.aspectRatio());
            parameters.put("resolution", d.resolution());
        });
        if (request.negativePrompt() != null) {
            parameters.put("negativePrompt", request.negativePrompt());
        }
        return predict(Call.CREATE, request.model(), instance, parameters, request.prompt(), request.size(),
                request.seconds());
    }


    /**
     * {@code instances[0].video.uri}: a file of this API (never another host's), continued by the
     * prompt; the result is one video, the source and its continuation.
     */
    @Override
    public ProviderResult<RemoteVideo> extend(ExtendVideo request) {
        Optional<ProviderError> refused = extensionRefusal(request);
        if (refused.isEmpty() && !ownFile(request.sourceUrl())) {
            refused = Optional.of(new ProviderError(Kind.INVALID_REQUEST, "invalid_request", "Only a video Veo made "
                    + "through this Gemini API and still holds can be extended.", "video", null, 0));
        }
        if (refused.isPresent()) {
            return ProviderResult.failed(refused.get());
        }
        Map<String, Object> instance = new LinkedHashMap<>();
        instance.put("prompt", request.prompt());
        instance.put("video", Map.of("uri", request.sourceUrl()));
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("sampleCount", 1);
        return predict(Call.REMIX, request.model(), instance, parameters, request.prompt(), null,
                request.sourceSeconds() + request.seconds());
    }

    private ProviderResult<RemoteVideo> predict(Call call, String model, Map<String, Object> instance,
            Map<String, Object> parameters, String prompt, String size, int seconds) {
        Map<String, Object> body = Map.of("instances", List.of(instance), "parameters", parameters);
        HttpRequest http = request(baseUrl.get() + "/models/" + encode(model) + ":predictLongRunning")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(toJson(json, body))).build();
        ProviderResult<RemoteVideo> result = api.json(call, http, text -> {
            ApiOperation op = json.readValue(text, ApiOperation.class);
            return toRemote(op, model, prompt, size, seconds);
        });
        String replacement = settings.replacedModels().get(model);
        if (!result.isOk() && "model_retired".equals(result.error().code()) && replacement != null) {
            ProviderError e = result.error();
            return ProviderResult.failed(new ProviderError(e.kind(), e.code(), "Google has retired " + model
                    + " on the Gemini API; use " + replacement + " instead.", e.param(), null, e.httpStatus()));
        }
        return result;
    }

    @Override
    public ProviderResult<RemoteVideo> retrieve(String videoId) {
        if (!operationName(videoId)) {
            return ProviderResult.failed(new ProviderError(Kind.NOT_FOUND, "not_an_operation", "'" + videoId
                    + "' is not an operation name.", null, null, 404));
        }
        return api.json(Call.RETRIEVE, request(baseUrl.get() + "/" + videoId).GET().build(),
                text -> toRemote(json.readValue(text, ApiOperation.class), null, null, null, 0));
    }

    /** {@code GET /models?pageSize=1000} with the key: how many models the key may list ({@link ApiModels}). */
    @Override
    public ProviderResult<String> testConnection() {
        return api.json(Call.RETRIEVE, request(baseUrl.get() + "/models?pageSize=" + ApiModels.PAGE_SIZE).GET().build(),
                text -> ApiModels.line(json, text));
    }

    /**
     * The video at its URI, with the key when the URI is the API's own; without a URI, the bytes
     * inline in the operation (read again; they are held in memory while they stream).
     */
    @Override
    public ProviderResult<VideoContent> download(ResultRef result, Variant variant) {
        if (variant != Variant.VIDEO) {
            return ProviderResult.failed(ProviderError.unsupported(name, "deliver a " + variant.apiName()));
        }
        if (result.url() == null) {
            return inline(result.videoId());
        }
        URI uri;
        try {
            uri = URI.create(result.url());
        } catch (IllegalArgumentException e) {
            return ProviderResult.failed(new ProviderError(Kind.OTHER, "bad_video_uri", "The video URI is not a URI: "
                    + e.getMessage(), null, null, 0));
        }
        HttpRequest.Builder builder = sameHost(uri) ? request(uri.toString())
                : HttpRequest.newBuilder(uri).timeout(settings.readTimeout()).header("User-Agent", "reelgate/1");
        builder.setHeader("Accept", "*/*");
        ProviderResult<HttpResponse<InputStream>> response = api.exchange(Call.DOWNLOAD, builder.GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        return response.map(VideoContent::of);
    }

    private ProviderResult<VideoContent> inline(String operation) {
        if (!operationName(operation)) {
            return ProviderResult.failed(new ProviderError(Kind.NOT_FOUND, "no_video", "No video to download.", null,
                    null, 404));
        }
        return api.json(Call.DOWNLOAD, request(baseUrl.get() + "/" + operation).GET().build(), text -> {
            ApiOperation.Video video = json.readValue(text, ApiOperation.class).firstVideo();
            if (video == null || video.encodedVideo() == null) {
                throw new IOException("the operation has no inline video");
            }
            byte[] bytes = Base64.getDecoder().decode(video.encodedVideo());
            return new VideoContent(new ByteArrayInputStream(bytes), video.encoding() == null ? "video/mp4"
                    : video.encoding(), OptionalLong.of(bytes.length));
        });
    }

    /**
     * A static Gemini webhook: {@code {"type":"video.generated","data":{"id":…,"video_uri":…}}}, with
     * {@code data.error_code} on failures. Which field names the operation is UNCONFIRMED: {@code id},
     * then {@code operation} and {@code name} are tried; the pipeline reads the operation again anyway.
     */
    @Override
    public Optional<VideoEvent> webhookEvent(String webhookId, byte[] body) throws IOException {
        JsonNode event = json.readTree(body);
        if (event == null || !event.isObject()) {
            throw new IOException("not a JSON object");
        }
        if (!"video.generated".equals(event.path("type").asText())) {
            return Optional.empty();
        }
        JsonNode data = event.path("data");
        String operation = null;
        for (String field : List.of("id", "operation", "name")) {
            if (data.hasNonNull(field)) {
                operation = data.get(field).asText();
                break;
            }
        }
        if (operation == null || operation.isBlank()) {
            throw new IOException("no operation in data");
        }
        String type = data.hasNonNull("error_code") ? VideoEvent.FAILED : VideoEvent.COMPLETED;
        Instant at = Instant.now();
        JsonNode ts = event.path("timestamp");
        if (ts.isNumber()) {
            at = Instant.ofEpochSecond(ts.asLong());
        } else if (ts.isTextual()) {
            try {
                at = Instant.parse(ts.asText());
            } catch (RuntimeException ignored) {
                // keep now
            }
        }
        return Optional.of(new VideoEvent(name, webhookId, null, type, operation, at));
    }

    // ------------------------------------------------------------------ mapping

    private RemoteVideo toRemote(ApiOperation op, String model, String prompt, String size, int seconds) {
        String id = op.name();
        String opModel = model != null ? model : modelOf(id);
        if (!Boolean.TRUE.equals(op.done())) {
            return new RemoteVideo(id, opModel, VideoStatus.IN_PROGRESS, 0, null, null, null, size, seconds, null, prompt,
                    null, null, null, null);
        }
        if (op.error() != null) {
            String status = op.error().status() == null ? "operation_error" : op.error().status().toLowerCase();
            return new RemoteVideo(id, opModel, VideoStatus.FAILED, 0, null, Instant.now(), null, size, seconds, null,
                    prompt, null, status, op.error().message(), null);
        }
        ApiOperation.Video video = op.firstVideo();
        if (video == null) {
            ApiOperation.GenerateVideoResponse r = op.response() == null ? null : op.response().generateVideoResponse();
            boolean filtered = r != null && r.raiMediaFilteredCount() != null && r.raiMediaFilteredCount() > 0;
            String reasons = r == null || r.raiMediaFilteredReasons() == null || r.raiMediaFilteredReasons().isEmpty() ? ""
                    : ": " + String.join(" ", r.raiMediaFilteredReasons());
            return new RemoteVideo(id, opModel, VideoStatus.FAILED, 0, null, Instant.now(), null, size, seconds, null,
                    prompt, null, filtered ? "moderation_blocked" : "no_video",
                    filtered ? "Google's safety filters removed the video" + reasons
                            : "The operation finished without a video.", null);
        }
        return new RemoteVideo(id, opModel, VideoStatus.COMPLETED, 100, null, Instant.now(), null, size, seconds, null,
                prompt, null, null, null, video.uri());
    }

    /** {@code models/veo-3.1-generate-preview/operations/abc} → {@code veo-3.1-generate-preview}. */
    private static String modelOf(String operation) {
        if (operation != null && operation.startsWith("models/")) {
            int slash = operation.indexOf('/', "models/".length());
            return slash > 0 ? operation.substring("models/".length(), slash) : null;
        }
        return null;
    }

    /** An operation name safe to put in a path: {@code models/…/operations/…} or {@code operations/…}. */
    private static boolean operationName(String id) {
        return id != null && !id.contains("..") && !id.contains("?") && !id.contains("#")
                && (id.startsWith("models/") || id.startsWith("operations/")) && id.contains("operations/");
    }

    /**
     * Google's error body; {@code RESOURCE_EXHAUSTED} carries its delay in a {@code RetryInfo}
     * detail ({@code "retryDelay": "30s"}); a 404 "is no longer available" is a retired model.
     */
    private ProviderError errorOf(int status, String body, Duration retryAfter) {
        ApiOperation.Status error = null;
        try {
            ApiOperation.ErrorBody parsed = json.readValue(body, ApiOperation.ErrorBody.class);
            error = parsed.error();
        } catch (IOException | RuntimeException e) {
            // not Google's shape: keep the raw text
        }
        String message = error != null && error.message() != null ? error.message()
                : ProviderHttp.fallbackMessage(status, body);
        Duration hint = retryAfter;
        if (error != null && error.details() != null) {
            for (JsonNode detail : error.details()) {
                if (detail.path("@type").asText("").endsWith("google.rpc.RetryInfo")) {
                    Matcher m = DELAY.matcher(detail.path("retryDelay").asText(""));
                    if (m.find()) {
                        hint = Duration.ofMillis((long) (Double.parseDouble(m.group(1)) * 1000));
                    }
                }
            }
        }
        Kind kind = ProviderHttp.kindOf(status);
        String code = error != null && error.status() != null ? error.status().toLowerCase() : "http_" + status;
        if (status == 400 && error != null && error.details() != null && error.details().stream()
                .anyMatch(d -> "API_KEY_INVALID".equals(d.path("reason").asText()))) {
            // a wrong key is a 400 INVALID_ARGUMENT whose ErrorInfo says API_KEY_INVALID: the key, not the request
            kind = Kind.UNAUTHORIZED;
            code = "api_key_invalid";
        }
        if (status == 404 && message.contains("no longer available")) {
            kind = Kind.INVALID_REQUEST;
            code = "model_retired";
        }
        return new ProviderError(kind, code, message, null, hint, status);
    }

    private HttpRequest.Builder request(String url) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(settings.readTimeout())
                .header("Accept", "application/json").header("User-Agent", "reelgate/1");
        settings.apiKey().ifPresent(key -> builder.header("x-goog-api-key", key));
        return builder;
    }

    private boolean ownFile(String url) {
        try {
            return url != null && sameHost(URI.create(url)) && URI.create(url).getPath().contains("/files/");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private boolean sameHost(URI uri) {
        URI base = URI.create(baseUrl.get());
        return uri.getHost() != null && uri.getHost().equalsIgnoreCase(base.getHost()) && uri.getPort() == base.getPort()
                && String.valueOf(uri.getScheme()).equalsIgnoreCase(base.getScheme());
    }
}
