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
import io.reelgate.provider.InputImage;
import io.reelgate.provider.ModelCatalog;
import io.reelgate.provider.ProviderError;
import io.reelgate.provider.ProviderError.Kind;
import io.reelgate.provider.ProviderHttp;
import io.reelgate.provider.ProviderHttp.Call;
import io.reelgate.provider.ProviderResult;
import io.reelgate.provider.ProvidersConfig;
import io.reelgate.provider.RemoteVideo;
import io.reelgate.provider.ResultRef;
import io.reelgate.provider.Variant;
import io.reelgate.provider.VideoContent;
import io.reelgate.provider.VideoEvent;
import io.reelgate.provider.VideoStatus;

/**
 * Client for Veo through Google's Gemini API (REFERENCE.md §1): {@code predictLongRunning}
 * creates an operation ({@code durationSeconds} as a number, {@code aspectRatio},
 * {@code resolution}, {@code negativePrompt}, the first frame inline as base64), polled until
 * {@code done}; the video's URI is fetched with the API key (only ever sent to the API's own
 * host), or its bytes come inline. A finished operation without samples but with
 * {@code raiMediaFilteredCount} is Google's safety filter: a content refusal whose reasons are
 * passed on. Static Gemini webhooks ({@code video.generated}, Standard Webhooks) where a secret is
 * configured, polling otherwise.
 *
 * <p>Hand-written rather than Google's {@code google-genai} SDK: the SDK brings 39 jars (21 MB:
 * OkHttp 4, Guava, protobuf, Kotlin's stdlib, gRPC and Apache HTTP), and its OkHttp 4 cannot share
 * a class path with the OkHttp 5 the MinIO SDK needs; the calls are three, and the retry rules
 * must be {@link ProviderHttp}'s.
 */
public final class GeminiVideoProvider extends AdapterBase {

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

    @Override
    public ProviderResult<RemoteVideo> create(CreateVideo request) {
        Map<String, Object> instance = new LinkedHashMap<>();
        instance.put("prompt", request.prompt());
        if (request.inputReference().isPresent()) {
            InputImage image = request.inputReference().get();
            instance.put("image", Map.of("bytesBase64Encoded", Base64.getEncoder().encodeToString(image.bytes()),
                    "mimeType", image.contentType()));
        }
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
        Map<String, Object> body = Map.of("instances", List.of(instance), "parameters", parameters);
        HttpRequest http = request(baseUrl.get() + "/models/" + encode(request.model()) + ":predictLongRunning")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(toJson(json, body))).build();
        ProviderResult<RemoteVideo> result = api.json(Call.CREATE, http, text -> {
            ApiOperation op = json.readValue(text, ApiOperation.class);
            return toRemote(op, request.model(), request.prompt(), request.size(), request.seconds());
        });
        String replacement = settings.replacedModels().get(request.model());
        if (!result.isOk() && "model_retired".equals(result.error().code()) && replacement != null) {
            ProviderError e = result.error();
            return ProviderResult.failed(new ProviderError(e.kind(), e.code(), "Google has retired " + request.model()
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

    private boolean sameHost(URI uri) {
        URI base = URI.create(baseUrl.get());
        return uri.getHost() != null && uri.getHost().equalsIgnoreCase(base.getHost()) && uri.getPort() == base.getPort()
                && String.valueOf(uri.getScheme()).equalsIgnoreCase(base.getScheme());
    }
}
