package io.reelgate.provider.fal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.LinkedHashMap;
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
import io.reelgate.provider.InputImage;
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
import io.reelgate.provider.WebhookDelivery;

/**
 * Client for fal.ai's queue API (REFERENCE.md §3): one API in front of Veo, Kling, Seedance and
 * more, each endpoint with its own input names ({@link FalConfig}). A request is submitted to its
 * endpoint ({@code POST {base}/{endpoint}}, {@code Authorization: Key …}), tracked by its status
 * ({@code IN_QUEUE} with a queue position, {@code IN_PROGRESS}, {@code COMPLETED}) or by its
 * Ed25519-signed webhook, and a completed request's result call answers the output or the job's
 * error (422 invalid input or {@code content_policy_violation}, runner errors). The output video
 * is a public CDN URL, fetched without the key.
 *
 * <p>Status, result and cancel URLs name only {@code owner/app} ({@link FalJobId}); fal lists no
 * requests, deletes nothing on request and has no remix.
 */
public final class FalVideoProvider extends AdapterBase implements VideoExtender {

    private static final Logger LOG = Logger.getLogger(FalVideoProvider.class);

    private final Supplier<String> baseUrl;
    private final Supplier<String> restUrl;
    private final Supplier<String> webhookUrl;
    private final FalConfig config;
    private final ObjectMapper json;
    private final FalErrors errors;
    private final ProviderHttp api;
    private final ProviderHttp files;
    private final FalInputs inputs;
    private final FalWebhookKeys keys;

    /**
     * @param webhookUrl this Reelgate's {@code /webhooks/{name}} for fal to call, or a supplier of
     *        null when fal's webhooks cannot reach it (then requests are polled)
     * @param jwksUrl where fal's webhook keys are published
     */
    public FalVideoProvider(String name, ProvidersConfig.Provider settings, ModelCatalog catalog, Supplier<String> baseUrl,
            Supplier<String> restUrl, Supplier<String> webhookUrl, Supplier<String> jwksUrl, FalConfig config,
            ObjectMapper json, Backoff.Sleeper sleeper, Random random, ProviderHttp.CallObserver observer) {
        super(name, settings, catalog, declared());
        this.baseUrl = baseUrl;
        this.restUrl = restUrl;
        this.webhookUrl = webhookUrl;
        this.config = config;
        this.json = json;
        this.errors = new FalErrors(name, json);
        this.api = new ProviderHttp(name, settings, sleeper, random, observer, errors, HttpClient.Redirect.NEVER);
        // the CDN, upload targets and the JWKS are other hosts: never with the key, redirects allowed
        this.files = new ProviderHttp(name, settings, sleeper, random, observer, errors, HttpClient.Redirect.NORMAL);
        this.inputs = new FalInputs(name, config, catalog, this::upload);
        this.keys = new FalWebhookKeys(name, jwksUrl, config, files, json);
    }

    /** What fal can do for video endpoints (REFERENCE.md §3); overridable per provider in configuration. */
    public static Capabilities declared() {
        return new Capabilities(EnumSet.of(Variant.VIDEO), Capabilities.WebhookSigning.OWN, false,
                new Capabilities.ImageInput(Set.of("image/jpeg", "image/png", "image/webp"), false), false, false, true,
                Capabilities.Delivery.RESULT_URL, null, true, 10_000, true);
    }

    /**
     * From the model's endpoints ({@link FalConfig.EndpointInputs}): references where it has a
     * reference endpoint (asset, up to its maximum, alone, at its reference lengths), a last frame
     * after a first one where it has a last-frame input, extension by its extension length where it
     * has an extend endpoint (the source: a video this account made, still on fal's CDN).
     */
    @Override
    protected Creative declaredCreative(String model) {
        FalConfig.EndpointInputs in = model == null ? null : config.models().get(model);
        if (in == null) {
            return Creative.NONE;
        }
        Creative.References references = in.referenceEndpoint().isEmpty() ? Creative.References.NONE
                : Creative.References.upTo(in.maxReferences(), Reference.Kind.ASSET).onlyAt(List.of(),
                        in.referenceSeconds().orElse(List.of()));
        return new Creative(references, in.lastFrame().isPresent() ? Creative.LastFrame.WITH_FIRST_FRAME
                : Creative.LastFrame.NONE, in.extendEndpoint().isEmpty() ? Creative.Extension.NONE
                        : Creative.Extension.adding(in.extensionSeconds(), in.extensionSeconds(), 0));
    }

    @Override
    public ProviderResult<RemoteVideo> create(CreateVideo request) {
        Optional<ProviderResult<RemoteVideo>> refused = refused(request);
        if (refused.isPresent()) {
            return refused.get();
        }
        ProviderResult<FalInputs.Submission> mapped = inputs.map(request);
        if (!mapped.isOk()) {
            return ProviderResult.failed(mapped.error());
        }
        return submit(Call.CREATE, mapped.value(), request.model(), request.prompt(), request.size(), request.seconds());
    }


    /** The model's {@code extend-video} endpoint with the source's URL; the result is the longer video. */
    @Override
    public ProviderResult<RemoteVideo> extend(ExtendVideo request) {
        Optional<ProviderError> refused = extensionRefusal(request);
        if (refused.isPresent()) {
            return ProviderResult.failed(refused.get());
        }
        ProviderResult<FalInputs.Submission> mapped = inputs.extension(request);
        if (!mapped.isOk()) {
            return ProviderResult.failed(mapped.error());
        }
        return submit(Call.REMIX, mapped.value(), request.model(), request.prompt(), null,
                request.sourceSeconds() + request.seconds());
    }

    private ProviderResult<RemoteVideo> submit(Call call, FalInputs.Submission submission, String model, String prompt,
            String size, int seconds) {
        String url = baseUrl.get() + "/" + submission.endpoint();
        String hook = webhookUrl.get();
        if (hook != null) {
            String app = FalJobId.of(submission.endpoint(), "x").ownerApp();
            url += "?fal_webhook=" + encode(hook + (hook.contains("?") ? "&" : "?") + "app=" + app);
        }
        HttpRequest.Builder http = authorized(url).header("Content-Type", "application/json");
        lifecycle(http);
        HttpRequest post = http.POST(HttpRequest.BodyPublishers.ofString(toJson(json, submission.input()))).build();
        return api.json(call, post, body -> {
            JsonNode answer = json.readTree(body);
            String requestId = answer.path("request_id").asText("");
            FalJobId id;
            try {
                id = FalJobId.of(submission.endpoint(), requestId);
            } catch (IllegalArgumentException e) {
                LOG.warnf("%s: a submit answer without a usable request_id: %s", name, FalErrors.excerpt(body));
                throw new IOException("no request_id in the submit answer");
            }
            String expected = id.requestUrl(baseUrl.get());
            String responseUrl = answer.path("response_url").asText(null);
            if (responseUrl != null && !responseUrl.equals(expected)) {
                LOG.warnf("%s: fal answered response_url %s where %s was expected; using the latter", name,
                        responseUrl, expected);
            }
            return new RemoteVideo(id.toString(), model, VideoStatus.QUEUED, 0, Instant.now(), null, null, size, seconds,
                    null, prompt, null, null, null, null);
        });
    }

    /** The status; for a completed request also the result, whose error is the job's error. */
    @Override
    public ProviderResult<RemoteVideo> retrieve(String videoId) {
        Optional<FalJobId> parsed = FalJobId.parse(videoId);
        if (parsed.isEmpty()) {
            return ProviderResult.failed(new ProviderError(Kind.NOT_FOUND, "bad_request_id", "Not a fal request id: "
                    + videoId, null, null, 404));
        }
        FalJobId id = parsed.get();
        String requestUrl = id.requestUrl(baseUrl.get());
        ProviderResult<JsonNode> status = api.json(Call.RETRIEVE, authorized(requestUrl + "/status").GET().build(),
                json::readTree);
        if (!status.isOk()) {
            return ProviderResult.failed(status.error());
        }
        String state = status.value().path("status").asText("");
        switch (state) {
            case "IN_QUEUE":
                return ProviderResult.ok(remote(id, VideoStatus.QUEUED, null, null, null));
            case "IN_PROGRESS":
                return ProviderResult.ok(remote(id, VideoStatus.IN_PROGRESS, null, null, null));
            case "COMPLETED":
                break;
            default:
                LOG.warnf("%s: unexpected status of %s: %s", name, id, FalErrors.excerpt(status.value().toString()));
                return ProviderResult.ok(remote(id, VideoStatus.IN_PROGRESS, null, null, null));
        }
        ProviderResult<JsonNode> result = api.json(Call.RETRIEVE, authorized(requestUrl).GET().build(), json::readTree);
        if (!result.isOk()) {
            ProviderError e = result.error();
            if (e.transientFailure() || e.kind() == Kind.UNAUTHORIZED || e.kind() == Kind.NOT_FOUND) {
                return ProviderResult.failed(e);
            }
            return ProviderResult.ok(remote(id, VideoStatus.FAILED, e.code(), e.message(), null));
        }
        String url = FalErrors.videoUrl(result.value());
        if (url == null) {
            LOG.warnf("%s: %s completed without a video: %s", name, id, FalErrors.excerpt(result.value().toString()));
            return ProviderResult.ok(remote(id, VideoStatus.FAILED, "no_output", "The request completed without a video.",
                    null));
        }
        return ProviderResult.ok(remote(id, VideoStatus.COMPLETED, null, null, url));
    }

    private RemoteVideo remote(FalJobId id, VideoStatus status, String code, String message, String url) {
        Instant now = Instant.now();
        Instant expires = url != null && !config.objectExpiration().isZero() ? now.plus(config.objectExpiration()) : null;
        return new RemoteVideo(id.toString(), null, status, status == VideoStatus.COMPLETED ? 100 : 0, null,
                status.terminal() ? now : null, expires, null, 0, null, null, null, code, message, url);
    }

    @Override
    public ProviderResult<VideoContent> download(ResultRef result, Variant variant) {
        if (variant != Variant.VIDEO) {
            return ProviderResult.failed(ProviderError.unsupported(name, "deliver a " + variant.apiName()));
        }
        // the CDN is public: the key never goes to another host
        return files.publicDownload(result.url(), "The request has no video URL.");
    }

    /** {@code PUT …/requests/{id}/cancel}: true when fal took it ({@code OK}, {@code CANCELLATION_REQUESTED}). */
    @Override
    public ProviderResult<Boolean> cancel(String videoId) {
        Optional<FalJobId> id = FalJobId.parse(videoId);
        if (id.isEmpty()) {
            return ProviderResult.failed(new ProviderError(Kind.NOT_FOUND, "bad_request_id", "Not a fal request id: "
                    + videoId, null, null, 404));
        }
        HttpRequest http = authorized(id.get().requestUrl(baseUrl.get()) + "/cancel")
                .PUT(HttpRequest.BodyPublishers.noBody()).build();
        return api.json(Call.CANCEL, http, body -> {
            String status = json.readTree(body).path("status").asText("");
            return status.equals("OK") || status.equals("CANCELLATION_REQUESTED");
        });
    }

    @Override
    public WebhookDelivery.Check verifyWebhook(WebhookDelivery delivery) {
        return keys.verify(delivery);
    }

    /**
     * {@code {"request_id", "status": "OK" | "ERROR", "payload", "error"}} for the request the
     * verified delivery named: a finished video either way (the status call then tells which).
     */
    @Override
    public Optional<VideoEvent> webhookEvent(String webhookId, byte[] body) throws IOException {
        JsonNode event = json.readTree(body);
        String requestId = event == null ? null : event.path("request_id").asText(null);
        String status = event == null ? null : event.path("status").asText(null);
        if (requestId == null || status == null) {
            throw new IOException("not a fal webhook");
        }
        if (!webhookId.equals(requestId) && !webhookId.endsWith(":" + requestId)) {
            throw new IOException("the body names another request than the signed headers");
        }
        String type = switch (status) {
            case "OK" -> VideoEvent.COMPLETED;
            case "ERROR" -> VideoEvent.FAILED;
            default -> null;
        };
        if (type == null) {
            LOG.warnf("%s: a webhook with status %s for %s", name, status, requestId);
            return Optional.empty();
        }
        return Optional.of(new VideoEvent(name, webhookId, null, type, webhookId, Instant.now()));
    }

    // ------------------------------------------------------------------ storage

    /** fal's storage upload: initiate ({@code {upload_url, file_url}}), then PUT the bytes, without the key. */
    private ProviderResult<String> upload(InputImage image) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("content_type", image.contentType());
        body.put("file_name", image.filename() + "." + image.contentType().substring(image.contentType().indexOf('/') + 1));
        HttpRequest.Builder initiate = authorized(restUrl.get() + "/storage/upload/initiate?storage_type=fal-cdn-v3")
                .header("Content-Type", "application/json");
        lifecycle(initiate);
        ProviderResult<JsonNode> started = api.json(Call.UPLOAD, initiate.POST(HttpRequest.BodyPublishers.ofString(
                toJson(json, body))).build(), json::readTree);
        if (!started.isOk()) {
            return ProviderResult.failed(started.error());
        }
        String uploadUrl = started.value().path("upload_url").asText(null);
        String fileUrl = started.value().path("file_url").asText(null);
        if (uploadUrl == null || fileUrl == null) {
            LOG.warnf("%s: an upload answer without upload_url or file_url: %s", name,
                    FalErrors.excerpt(started.value().toString()));
            return ProviderResult.failed(new ProviderError(Kind.OTHER, "upload_failed",
                    "fal's storage did not say where to upload the image.", null, null, 0));
        }
        HttpRequest put;
        try {
            put = HttpRequest.newBuilder(URI.create(uploadUrl)).timeout(settings.readTimeout())
                    .header("Content-Type", image.contentType()).header("User-Agent", "reelgate/1")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(image.bytes())).build();
        } catch (IllegalArgumentException e) {
            return ProviderResult.failed(new ProviderError(Kind.OTHER, "upload_failed", "Not an upload URL: " + uploadUrl,
                    null, null, 0));
        }
        return files.exchange(Call.UPLOAD, put, HttpResponse.BodyHandlers.discarding()).map(r -> fileUrl);
    }

    /** {@code GET {rest}/users/current} with the key ({@link FalCurrentUser}): who fal says the key belongs to. */
    @Override
    public ProviderResult<String> testConnection() {
        ProviderResult<ProviderResult<String>> answer = api.json(Call.RETRIEVE, authorized(restUrl.get() + "/users/current")
                .GET().build(), body -> FalCurrentUser.line(json, body));
        return answer.isOk() ? answer.value() : ProviderResult.failed(answer.error());
    }

    // ------------------------------------------------------------------ HTTP

    private HttpRequest.Builder authorized(String url) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(settings.readTimeout())
                .header("Accept", "application/json").header("User-Agent", "reelgate/1");
        settings.apiKey().ifPresent(key -> builder.header("Authorization", "Key " + key));
        return builder;
    }

    /** How long fal keeps what it makes for us ({@code X-Fal-Object-Lifecycle-Preference}). */
    private void lifecycle(HttpRequest.Builder builder) {
        Duration keep = config.objectExpiration();
        if (!keep.isZero() && !keep.isNegative()) {
            builder.header("X-Fal-Object-Lifecycle-Preference", "{\"expiration_duration_seconds\":" + keep.toSeconds() + "}");
        }
    }
}
