package io.reelgate.provider.openai;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.reelgate.provider.AdapterBase;
import io.reelgate.provider.Backoff;
import io.reelgate.provider.Capabilities;
import io.reelgate.provider.CreateVideo;
import io.reelgate.provider.InputImage;
import io.reelgate.provider.ListQuery;
import io.reelgate.provider.ModelCatalog;
import io.reelgate.provider.ProviderError;
import io.reelgate.provider.ProviderError.Kind;
import io.reelgate.provider.ProviderHttp;
import io.reelgate.provider.ProviderHttp.Call;
import io.reelgate.provider.ProviderResult;
import io.reelgate.provider.ProvidersConfig;
import io.reelgate.provider.ProvidersConfig.AuthScheme;
import io.reelgate.provider.ProvidersConfig.OpenAiPreset;
import io.reelgate.provider.ResultRef;
import io.reelgate.provider.Variant;
import io.reelgate.provider.VideoContent;
import io.reelgate.provider.VideoEvent;
import io.reelgate.provider.RemoteVideo;
import io.reelgate.provider.VideoPage;

/**
 * Client for the OpenAI Videos API shape at a configurable base URL (no SDK: multipart, streaming
 * and retry behaviour stay visible and under our control; the retry rules are
 * {@link ProviderHttp}'s). The shape lives on in servers that speak it in part; a
 * {@link OpenAiPreset} declares what each can do ({@link #declared}), and calls a server cannot do
 * are answered here without a request.
 */
public final class OpenAiVideoProvider extends AdapterBase {

    private final Supplier<String> baseUrl;
    private final ObjectMapper json;
    private final ProviderHttp http;
    private final AuthScheme auth;

    public OpenAiVideoProvider(String name, ProvidersConfig.Provider settings, ModelCatalog catalog,
            Supplier<String> baseUrl, ObjectMapper json, Backoff.Sleeper sleeper, Random random,
            ProviderHttp.CallObserver observer) {
        super(name, settings, catalog, declared(settings.preset()));
        this.baseUrl = baseUrl;
        this.json = json;
        this.http = new ProviderHttp(name, settings, sleeper, random, observer, this::errorOf, HttpClient.Redirect.NEVER);
        this.auth = settings.authScheme().orElse(settings.preset() == OpenAiPreset.AZURE ? AuthScheme.API_KEY
                : AuthScheme.BEARER);
    }

    /**
     * What each server speaking the shape can do, from its documentation and source
     * (../shared/providers/REFERENCE.md §6, docs/providers.md). Every value can be overridden in
     * configuration where a deployment differs.
     */
    public static Capabilities declared(OpenAiPreset preset) {
        Set<String> images = Set.of("image/jpeg", "image/png", "image/webp");
        return switch (preset) {
            case SORA -> new Capabilities(EnumSet.allOf(Variant.class), Capabilities.WebhookSigning.STANDARD_WEBHOOKS,
                    true, new Capabilities.ImageInput(images, true), true, true, true,
                    Capabilities.Delivery.DOWNLOAD_ENDPOINT, null, true, 10_000, false);
            // variant is ignored (every variant is the MP4); DELETE aborts a running job
            case VLLM_OMNI -> new Capabilities(EnumSet.of(Variant.VIDEO), Capabilities.WebhookSigning.NONE, false,
                    new Capabilities.ImageInput(images, false), true, true, true, Capabilities.Delivery.DOWNLOAD_ENDPOINT,
                    null, false, 10_000, false);
            case LITELLM -> new Capabilities(EnumSet.of(Variant.VIDEO), Capabilities.WebhookSigning.NONE, false,
                    new Capabilities.ImageInput(images, false), false, false, false,
                    Capabilities.Delivery.DOWNLOAD_ENDPOINT, null, true, 10_000, false);
            // Bifrost lists only with a provider parameter and remixes only where the upstream can
            case BIFROST -> new Capabilities(EnumSet.of(Variant.VIDEO), Capabilities.WebhookSigning.NONE, false,
                    new Capabilities.ImageInput(images, false), false, true, true, Capabilities.Delivery.DOWNLOAD_ENDPOINT,
                    null, true, 10_000, false);
            case AZURE -> new Capabilities(EnumSet.of(Variant.VIDEO, Variant.THUMBNAIL), Capabilities.WebhookSigning.NONE,
                    true, new Capabilities.ImageInput(images, true), true, true, true,
                    Capabilities.Delivery.DOWNLOAD_ENDPOINT, null, true, 10_000, false);
        };
    }

    @Override
    public ProviderResult<RemoteVideo> create(CreateVideo request) {
        Multipart body = new Multipart()
                .field("model", request.model())
                .field("prompt", request.prompt())
                .field("size", request.size())
                .field("seconds", Integer.toString(request.seconds()));
        request.inputReference().ifPresent(image -> body.file("input_reference", filename(image), image.contentType(),
                image.bytes()));
        HttpRequest http = request("/videos")
                .header("Content-Type", "multipart/form-data; boundary=" + body.boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes()))
                .build();
        return call(Call.CREATE, http, this::video);
    }

    @Override
    public ProviderResult<RemoteVideo> remix(String videoId, String prompt) {
        if (!capabilities.remix()) {
            return ProviderResult.failed(ProviderError.unsupported(name, "remix videos"));
        }
        String body = toJson(json, java.util.Map.of("prompt", prompt));
        HttpRequest http = request("/videos/" + encode(videoId) + "/remix")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return call(Call.REMIX, http, this::video);
    }

    @Override
    public ProviderResult<RemoteVideo> retrieve(String videoId) {
        return call(Call.RETRIEVE, request("/videos/" + encode(videoId)).GET().build(), this::video);
    }

    @Override
    public ProviderResult<VideoContent> download(ResultRef result, Variant variant) {
        HttpRequest http = request("/videos/" + encode(result.videoId()) + "/content?variant=" + variant.apiName())
                .header("Accept", "*/*")
                .GET().build();
        ProviderResult<HttpResponse<InputStream>> response = this.http.exchange(Call.DOWNLOAD, http,
                HttpResponse.BodyHandlers.ofInputStream());
        return response.map(r -> new VideoContent(r.body(),
                r.headers().firstValue("Content-Type").orElse(variant.defaultContentType()),
                r.headers().firstValueAsLong("Content-Length")));
    }

    @Override
    public ProviderResult<VideoPage> list(ListQuery query) {
        if (!capabilities.list()) {
            return ProviderResult.failed(ProviderError.unsupported(name, "list its jobs"));
        }
        StringBuilder path = new StringBuilder("/videos?limit=").append(query.limit())
                .append("&order=").append(query.newestFirst() ? "desc" : "asc");
        if (query.after() != null) {
            path.append("&after=").append(encode(query.after()));
        }
        return call(Call.LIST, request(path.toString()).GET().build(), body -> {
            ApiList page = json.readValue(body, ApiList.class);
            List<RemoteVideo> jobs = page.data() == null ? List.of() : page.data().stream().map(ApiVideo::toRemote).toList();
            return new VideoPage(jobs, page.firstId(), page.lastId(), page.hasMore());
        });
    }

    /** The shape has no cancel of its own: deleting a running job stops it (vLLM-Omni aborts it). */
    @Override
    public ProviderResult<Boolean> cancel(String videoId) {
        if (!capabilities.cancel()) {
            return ProviderResult.failed(ProviderError.unsupported(name, "cancel a running job"));
        }
        return deleteCall(videoId);
    }

    @Override
    public ProviderResult<Boolean> delete(String videoId) {
        if (!capabilities.delete()) {
            return ProviderResult.failed(ProviderError.unsupported(name, "delete its copy of a video"));
        }
        return deleteCall(videoId);
    }

    private ProviderResult<Boolean> deleteCall(String videoId) {
        return call(Call.DELETE, request("/videos/" + encode(videoId)).DELETE().build(),
                body -> json.readValue(body, ApiDeleted.class).deleted());
    }

    /**
     * {@code GET /models} with the adapter's own auth scheme (Bearer, or Azure's {@code api-key} and
     * {@code api-version}): served by OpenAI, vLLM, LiteLLM and Bifrost alike; answers how many models.
     */
    @Override
    public ProviderResult<String> testConnection() {
        return call(Call.RETRIEVE, request("/models").GET().build(), body -> ApiModels.line(json, body));
    }

    private RemoteVideo video(String body) throws IOException {
        return json.readValue(body, ApiVideo.class).toRemote();
    }

    /** {@code {"id":"evt_…","type":"video.completed","created_at":…,"data":{"id":"video_…"}}}. */
    @Override
    public Optional<VideoEvent> webhookEvent(String webhookId, byte[] body) throws IOException {
        JsonNode event = json.readTree(body);
        if (event == null || !event.isObject()) {
            throw new IOException("not a JSON object");
        }
        String type = event.path("type").asText("");
        if (!type.startsWith("video.")) {
            return Optional.empty();
        }
        String videoId = event.path("data").path("id").asText(null);
        if (videoId == null || videoId.isBlank()) {
            throw new IOException("no data.id");
        }
        return Optional.of(new VideoEvent(name, webhookId, event.path("id").asText(null), type, videoId,
                java.time.Instant.ofEpochSecond(event.path("created_at").asLong(java.time.Instant.now().getEpochSecond()))));
    }

    private <T> ProviderResult<T> call(Call call, HttpRequest request, ProviderHttp.Parser<T> parser) {
        return http.json(call, request, parser);
    }

    /** OpenAI's error body {@code {"error":{"message","type","param","code"}}}, or the raw text of other servers. */
    private ProviderError errorOf(int status, String body, Duration retryAfter) {
        ApiError.Detail detail = null;
        try {
            ApiError parsed = json.readValue(body, ApiError.class);
            detail = parsed.error();
        } catch (IOException | RuntimeException e) {
            // not OpenAI's error shape: keep the raw text
        }
        String code = detail == null ? null : detail.code();
        String message = detail != null && detail.message() != null ? detail.message()
                : ProviderHttp.fallbackMessage(status, body);
        String param = detail == null ? null : detail.param();
        Kind kind;
        if ("sentinel_block".equals(code)) {
            kind = Kind.SENTINEL_BLOCK;
        } else if ("moderation_blocked".equals(code)) {
            kind = Kind.MODERATION_BLOCKED;
        } else if (status == 429) {
            kind = "insufficient_quota".equals(code) ? Kind.OTHER : Kind.RATE_LIMITED;
        } else {
            kind = ProviderHttp.kindOf(status);
        }
        return new ProviderError(kind, code == null ? "http_" + status : code, message, param, retryAfter, status);
    }

    private HttpRequest.Builder request(String path) {
        String url = baseUrl.get() + path;
        if (settings.apiVersion().isPresent()) {
            url += (path.contains("?") ? "&" : "?") + "api-version=" + encode(settings.apiVersion().get());
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url))
                .timeout(settings.readTimeout())
                .header("Accept", "application/json")
                .header("User-Agent", "reelgate/1");
        settings.apiKey().ifPresent(key -> {
            if (auth == AuthScheme.API_KEY) {
                builder.header("api-key", key);
            } else {
                builder.header("Authorization", "Bearer " + key);
            }
        });
        settings.organization().ifPresent(org -> builder.header("OpenAI-Organization", org));
        settings.project().ifPresent(project -> builder.header("OpenAI-Project", project));
        return builder;
    }

    private static String filename(InputImage image) {
        return image.filename() == null || image.filename().isBlank() ? "reference." + image.format().extension()
                : image.filename().replaceAll("[\"\\r\\n]", "_");
    }

    /** multipart/form-data in memory: only small fields and one input image, never a video. */
    private static final class Multipart {
        final String boundary = "reelgate-" + UUID.randomUUID();
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Multipart field(String fieldName, String value) {
            write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fieldName + "\"\r\n\r\n");
            write(value);
            write("\r\n");
            return this;
        }

        Multipart file(String fieldName, String filename, String contentType, byte[] content) {
            write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fieldName + "\"; filename=\""
                    + filename + "\"\r\nContent-Type: " + contentType + "\r\n\r\n");
            out.writeBytes(content);
            write("\r\n");
            return this;
        }

        byte[] bytes() {
            write("--" + boundary + "--\r\n");
            return out.toByteArray();
        }

        private void write(String s) {
            out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        }
    }
}
