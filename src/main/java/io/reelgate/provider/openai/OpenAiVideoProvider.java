package io.reelgate.provider.openai;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.reelgate.provider.Backoff;
import io.reelgate.provider.Capabilities;
import io.reelgate.provider.CreateVideo;
import io.reelgate.provider.InputImage;
import io.reelgate.provider.ListQuery;
import io.reelgate.provider.ModelCatalog;
import io.reelgate.provider.ProviderError;
import io.reelgate.provider.ProviderError.Kind;
import io.reelgate.provider.ProviderResult;
import io.reelgate.provider.ProvidersConfig;
import io.reelgate.provider.ProvidersConfig.AuthScheme;
import io.reelgate.provider.ProvidersConfig.OpenAiPreset;
import io.reelgate.provider.ResultRef;
import io.reelgate.provider.Variant;
import io.reelgate.provider.VideoContent;
import io.reelgate.provider.RemoteVideo;
import io.reelgate.provider.VideoPage;
import io.reelgate.provider.VideoProvider;

/**
 * Client for the OpenAI Videos API shape at a configurable base URL, on the JDK {@link HttpClient}
 * (no SDK: multipart, streaming and retry behaviour stay visible and under our control). The
 * shape lives on in servers that speak it in part; a {@link OpenAiPreset} declares what each can
 * do ({@link #declared}), and calls a server cannot do are answered here without a request.
 *
 * <p>Retries: 429, 5xx and connection failures are retried with exponential backoff and full
 * jitter, honouring {@code retry-after-ms}/{@code Retry-After}, bounded by count and total wait.
 * Creates and remixes are not idempotent: after a timeout or broken connection once the request
 * was sent, or a 502/504 from a gateway, they are not retried but reported as
 * {@link Kind#UNKNOWN_OUTCOME}, for the pipeline to reconcile by listing.
 */
public final class OpenAiVideoProvider implements VideoProvider {

    private static final Logger LOG = Logger.getLogger(OpenAiVideoProvider.class);
    private static final int MAX_ERROR_BODY = 64 * 1024;

    /** The calls of the API, and whether repeating one is harmless. */
    public enum Call {
        CREATE(false), REMIX(false), RETRIEVE(true), DOWNLOAD(true), LIST(true), DELETE(true);

        final boolean idempotent;

        Call(boolean idempotent) {
            this.idempotent = idempotent;
        }
    }

    /** Told about every finished call: for metrics. */
    public interface CallObserver {
        /** A call is about to be made (before its first attempt). */
        default void started(String provider, Call call) {
        }

        void finished(String provider, Call call, String outcome, int attempts, Duration elapsed);

        CallObserver NONE = (p, c, o, a, e) -> {
        };
    }

    private final String name;
    private final ProvidersConfig.Provider settings;
    private final ModelCatalog catalog;
    private final Supplier<String> baseUrl;
    private final ObjectMapper json;
    private final Backoff backoff;
    private final Backoff.Sleeper sleeper;
    private final CallObserver observer;
    private final HttpClient http;
    private final Capabilities capabilities;
    private final AuthScheme auth;

    public OpenAiVideoProvider(String name, ProvidersConfig.Provider settings, ModelCatalog catalog,
            Supplier<String> baseUrl, ObjectMapper json, Backoff.Sleeper sleeper, Random random, CallObserver observer) {
        this.name = name;
        this.settings = settings;
        this.catalog = catalog;
        this.baseUrl = baseUrl;
        this.json = json;
        this.backoff = new Backoff(settings.backoffBase(), settings.backoffCap(), random);
        this.sleeper = sleeper;
        this.observer = observer;
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.capabilities = declared(settings.preset()).with(settings.capabilities());
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
                    Capabilities.Delivery.DOWNLOAD_ENDPOINT, null, true, 10_000);
            // variant is ignored (every variant is the MP4); DELETE aborts a running job
            case VLLM_OMNI -> new Capabilities(EnumSet.of(Variant.VIDEO), Capabilities.WebhookSigning.NONE, false,
                    new Capabilities.ImageInput(images, false), true, true, true, Capabilities.Delivery.DOWNLOAD_ENDPOINT,
                    null, false, 10_000);
            case LITELLM -> new Capabilities(EnumSet.of(Variant.VIDEO), Capabilities.WebhookSigning.NONE, false,
                    new Capabilities.ImageInput(images, false), false, false, false,
                    Capabilities.Delivery.DOWNLOAD_ENDPOINT, null, true, 10_000);
            // Bifrost lists only with a provider parameter and remixes only where the upstream can
            case BIFROST -> new Capabilities(EnumSet.of(Variant.VIDEO), Capabilities.WebhookSigning.NONE, false,
                    new Capabilities.ImageInput(images, false), false, true, true, Capabilities.Delivery.DOWNLOAD_ENDPOINT,
                    null, true, 10_000);
            case AZURE -> new Capabilities(EnumSet.of(Variant.VIDEO, Variant.THUMBNAIL), Capabilities.WebhookSigning.NONE,
                    true, new Capabilities.ImageInput(images, true), true, true, true,
                    Capabilities.Delivery.DOWNLOAD_ENDPOINT, null, true, 10_000);
        };
    }

    @Override
    public Capabilities capabilities() {
        return capabilities;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ModelCatalog catalog() {
        return catalog;
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
        String body;
        try {
            body = json.writeValueAsString(java.util.Map.of("prompt", prompt));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
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
        ProviderResult<HttpResponse<InputStream>> response = exchange(Call.DOWNLOAD, http,
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

    private RemoteVideo video(String body) throws IOException {
        return json.readValue(body, ApiVideo.class).toRemote();
    }

    private interface Parser<T> {
        T parse(String body) throws IOException;
    }

    /** A JSON call: exchange, then parse the 2xx body. */
    private <T> ProviderResult<T> call(Call call, HttpRequest request, Parser<T> parser) {
        ProviderResult<HttpResponse<String>> response = exchange(call, request, HttpResponse.BodyHandlers.ofString());
        if (!response.isOk()) {
            return ProviderResult.failed(response.error());
        }
        try {
            return ProviderResult.ok(parser.parse(response.value().body()));
        } catch (IOException | RuntimeException e) {
            LOG.warnf("%s %s: unreadable response: %s", name, call, e.getMessage());
            return ProviderResult.failed(new ProviderError(Kind.OTHER, "unreadable_response",
                    "The provider's answer could not be read: " + e.getMessage(), null, null,
                    response.value().statusCode()));
        }
    }

    /** Sends with retries; returns the 2xx response or the last error. */
    <T> ProviderResult<HttpResponse<T>> exchange(Call call, HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        long started = System.nanoTime();
        observer.started(name, call);
        Duration waited = Duration.ZERO;
        ProviderError last = null;
        int attempt = 0;
        while (true) {
            attempt++;
            Duration retryAfter = null;
            try {
                HttpResponse<T> response = http.send(request, handler);
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return finish(call, attempt, started, ProviderResult.ok(response));
                }
                ProviderError error = errorOf(response);
                if (!call.idempotent && (status == 502 || status == 504)) {
                    return finish(call, attempt, started, ProviderResult.failed(unknownOutcome(
                            "The gateway answered " + status + "; the request may have reached the provider")));
                }
                if (error.kind() != Kind.RATE_LIMITED && error.kind() != Kind.UNAVAILABLE) {
                    return finish(call, attempt, started, ProviderResult.failed(error));
                }
                last = error;
                retryAfter = error.retryAfter();
            } catch (HttpConnectTimeoutException | ConnectException e) {
                last = unavailable("Could not connect to the provider: " + describe(e));
            } catch (IOException e) {
                if (!call.idempotent) {
                    return finish(call, attempt, started, ProviderResult.failed(unknownOutcome(
                            "No answer after sending (" + describe(e) + "); the request may have reached the provider")));
                }
                last = unavailable("The provider did not answer: " + describe(e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return finish(call, attempt, started, ProviderResult.failed(unavailable("Interrupted")));
            }
            if (attempt > settings.maxRetries()) {
                return finish(call, attempt, started, ProviderResult.failed(last));
            }
            Duration delay = backoff.delay(attempt - 1, retryAfter);
            if (waited.plus(delay).compareTo(settings.retryBudget()) > 0) {
                return finish(call, attempt, started, ProviderResult.failed(last));
            }
            LOG.debugf("%s %s attempt %d failed (%s); retrying in %d ms", name, call, attempt, last.code(), delay.toMillis());
            try {
                sleeper.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return finish(call, attempt, started, ProviderResult.failed(last));
            }
            waited = waited.plus(delay);
        }
    }

    private <T> ProviderResult<T> finish(Call call, int attempts, long started, ProviderResult<T> result) {
        String outcome = result.isOk() ? "ok" : result.error().kind().name().toLowerCase();
        observer.finished(name, call, outcome, attempts, Duration.ofNanos(System.nanoTime() - started));
        return result;
    }

    private ProviderError errorOf(HttpResponse<?> response) {
        int status = response.statusCode();
        String body = bodyText(response.body());
        ApiError.Detail detail = null;
        try {
            ApiError parsed = json.readValue(body, ApiError.class);
            detail = parsed.error();
        } catch (IOException | RuntimeException e) {
            // not OpenAI's error shape: keep the raw text
        }
        String code = detail == null ? null : detail.code();
        String message = detail != null && detail.message() != null ? detail.message()
                : "HTTP " + status + (body.isBlank() ? "" : ": " + body.substring(0, Math.min(body.length(), 300)));
        String param = detail == null ? null : detail.param();
        Duration retryAfter = retryAfter(response);
        Kind kind;
        if ("sentinel_block".equals(code)) {
            kind = Kind.SENTINEL_BLOCK;
        } else if ("moderation_blocked".equals(code)) {
            kind = Kind.MODERATION_BLOCKED;
        } else if (status == 429) {
            kind = "insufficient_quota".equals(code) ? Kind.OTHER : Kind.RATE_LIMITED;
        } else if (status == 401 || status == 403) {
            kind = Kind.UNAUTHORIZED;
        } else if (status == 404 || status == 410) {
            kind = Kind.NOT_FOUND;
        } else if (status == 400 || status == 422) {
            kind = Kind.INVALID_REQUEST;
        } else if (status >= 500) {
            kind = Kind.UNAVAILABLE;
        } else {
            kind = Kind.OTHER;
        }
        return new ProviderError(kind, code == null ? "http_" + status : code, message, param, retryAfter, status);
    }

    /** {@code retry-after-ms} (OpenAI) wins over {@code Retry-After} (seconds or an HTTP date). */
    static Duration retryAfter(HttpResponse<?> response) {
        Optional<String> ms = response.headers().firstValue("retry-after-ms");
        if (ms.isPresent()) {
            try {
                return Duration.ofMillis(Math.max(0, (long) Double.parseDouble(ms.get().trim())));
            } catch (NumberFormatException ignored) {
                // fall through to Retry-After
            }
        }
        Optional<String> header = response.headers().firstValue("Retry-After");
        if (header.isEmpty()) {
            return null;
        }
        String value = header.get().trim();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration until = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return until.isNegative() ? Duration.ZERO : until;
            } catch (RuntimeException unparseable) {
                return null;
            }
        }
    }

    private static String bodyText(Object body) {
        if (body == null) {
            return "";
        }
        if (body instanceof String s) {
            return s;
        }
        if (body instanceof InputStream in) {
            try (in) {
                return new String(in.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        }
        return body.toString();
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

    private static ProviderError unavailable(String message) {
        return new ProviderError(Kind.UNAVAILABLE, "provider_unavailable", message, null, null, 0);
    }

    private static ProviderError unknownOutcome(String message) {
        return new ProviderError(Kind.UNKNOWN_OUTCOME, "unknown_outcome", message, null, null, 0);
    }

    private static String describe(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
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
