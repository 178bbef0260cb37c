package io.reelgate.provider.runway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
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
import io.reelgate.provider.VideoStatus;

/**
 * Client for Runway's task API (REFERENCE.md §4): Gen-4.5, Gen-4 Turbo and the partner models
 * Runway sells (Veo 3.1, Seedance) behind one key. Every call carries the Bearer key and the
 * required {@code X-Runway-Version}. A video is made by {@code POST /v1/text_to_video} or, with a
 * first and/or last frame ({@code promptImage} with positions; inline data URIs up to
 * {@link ProvidersConfig.RunwaySettings#maxDataUriBytes()}, larger images through Runway's upload
 * flow), {@code POST /v1/image_to_video}, with camelCase bodies, an integer {@code duration} and the
 * {@code ratio} as {@code W:H}. Tasks are polled ({@code GET /v1/tasks/{id}}, never sooner than
 * {@link ProvidersConfig.RunwaySettings#minPollInterval()}; Runway sends no webhooks): a
 * {@code THROTTLED} task waits at Runway like a queued one, a {@code SUCCEEDED} one has pre-signed
 * output URLs fetched without the key — read again for fresh ones when they have expired — and a
 * {@code FAILED} one its {@code failureCode} ({@link RunwayErrors#jobErrorCode}). {@code DELETE}
 * cancels a running task and deletes a finished one.
 */
public final class RunwayVideoProvider extends AdapterBase {

    private static final Logger LOG = Logger.getLogger(RunwayVideoProvider.class);
    private static final int KEPT_POLLS = 10_000;

    /** The last status read of a task and when ({@link System#nanoTime()}), for the polling pace. */
    private record Polled(long atNanos, RemoteVideo remote) {
    }

    private final Supplier<String> baseUrl;
    private final ProvidersConfig.RunwaySettings runway;
    private final ObjectMapper json;
    private final ProviderHttp api;
    private final ProviderHttp files;
    private final Map<String, Polled> polls = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Polled> eldest) {
            return size() > KEPT_POLLS;
        }
    });

    /** @param baseUrl Runway's API host without the version path, e.g. {@code https://api.dev.runwayml.com} */
    public RunwayVideoProvider(String name, ProvidersConfig.Provider settings, ModelCatalog catalog,
            Supplier<String> baseUrl, ObjectMapper json, Backoff.Sleeper sleeper, Random random,
            ProviderHttp.CallObserver observer) {
        super(name, settings, catalog, declared());
        this.baseUrl = baseUrl;
        this.runway = settings.runway();
        this.json = json;
        RunwayErrors errors = new RunwayErrors(name, json);
        this.api = new ProviderHttp(name, settings, sleeper, random, observer, errors, HttpClient.Redirect.NEVER);
        // output URLs and upload targets are other hosts: never with the key, redirects allowed
        this.files = new ProviderHttp(name, settings, sleeper, random, observer, errors, HttpClient.Redirect.NORMAL);
    }

    /**
     * What Runway can do (REFERENCE.md §4): first and last frames, sound on the models that choose,
     * a negative prompt on its Veo models, cancel and delete; no webhooks, list or remix; outputs by
     * URL for 24–48 hours; prompts up to 1,000 UTF-16 units.
     */
    public static Capabilities declared() {
        return new Capabilities(EnumSet.of(Variant.VIDEO), Capabilities.WebhookSigning.NONE, false,
                new Capabilities.ImageInput(Set.of("image/jpeg", "image/png", "image/webp"), false), false, true, true,
                Capabilities.Delivery.RESULT_URL, Duration.ofHours(24), true, 1000, true);
    }

    @Override
    public Optional<ProviderError> refusal(CreateVideo request) {
        Optional<ModelCatalog.Model> model = catalog.model(request.model());
        if (model.isEmpty()) {
            return Optional.empty(); // admission names the unknown model
        }
        String label = model.get().label();
        if (runway.imageOnlyModels().contains(request.model()) && request.inputReference().isEmpty()) {
            return refuse("image", label + " makes a video from a first frame: add an image, or choose another model.");
        }
        List<String> textRatios = runway.textRatios().getOrDefault(request.model(), List.of());
        if (request.inputReference().isEmpty() && request.lastFrame().isEmpty() && !textRatios.isEmpty()
                && request.size() != null && !textRatios.contains(ratio(request.size()))) {
            return refuse("size", "Without a first frame, " + label + " makes only "
                    + ModelCatalog.or(textRatios.stream().map(r -> r.replace(':', 'x')).toList()) + " videos.");
        }
        if (request.negativePrompt() != null && !runway.negativePromptModels().contains(request.model())) {
            return refuse("negativePrompt", label + " takes no negative prompt; say in the prompt what to leave out.");
        }
        return super.refusal(request);
    }

    /**
     * A last frame ({@code promptImage} position {@code last}) after a first one on
     * {@code last-frame-models}; up to three asset references, alone, on {@code reference-models}
     * (how many and with what is UNCONFIRMED: {@code creative."<model>".*}). No extension.
     */
    @Override
    protected Creative declaredCreative(String model) {
        return new Creative(runway.referenceModels().contains(model) ? Creative.References.upTo(3, Reference.Kind.ASSET)
                : Creative.References.NONE, runway.lastFrameModels().contains(model) ? Creative.LastFrame.WITH_FIRST_FRAME
                        : Creative.LastFrame.NONE, Creative.Extension.NONE);
    }

    private static Optional<ProviderError> refuse(String param, String message) {
        return Optional.of(new ProviderError(Kind.INVALID_REQUEST, "invalid_request", message, param, null, 0));
    }

    @Override
    public ProviderResult<RemoteVideo> create(CreateVideo request) {
        ProviderResult<ModelCatalog.Model> model = modelFor(request);
        if (!model.isOk()) {
            return ProviderResult.failed(model.error());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", request.model());
        List<Map<String, Object>> images = new ArrayList<>();
        for (var frame : List.of(Map.entry("first", request.inputReference()), Map.entry("last", request.lastFrame()))) {
            if (frame.getValue().isPresent()) {
                ProviderResult<String> uri = uri(frame.getValue().get(), frame.getKey());
                if (!uri.isOk()) {
                    return ProviderResult.failed(uri.error());
                }
                images.add(Map.of("uri", uri.value(), "position", frame.getKey()));
            }
        }
        if (!images.isEmpty()) {
            body.put("promptImage", images);
        }
        List<Map<String, Object>> references = new ArrayList<>();
        for (int i = 0; i < request.references().size(); i++) {
            ProviderResult<String> uri = uri(request.references().get(i).image(), "reference-" + (i + 1));
            if (!uri.isOk()) {
                return ProviderResult.failed(uri.error());
            }
            references.add(Map.of("uri", uri.value()));
        }
        if (!references.isEmpty()) {
            body.put(runway.referenceImagesField(), references);
        }
        body.put("promptText", request.prompt());
        if (request.size() != null) {
            body.put("ratio", ratio(request.size()));
        }
        body.put("duration", request.seconds());
        if (model.value().audioChoice()) {
            body.put("audio", request.audio());
        }
        if (request.negativePrompt() != null) {
            body.put("negativePrompt", request.negativePrompt());
        }
        if (request.seed() != null && runway.seedModels().contains(request.model())) {
            body.put("seed", request.seed()); // the others' schemas have none: Runway would refuse it
        }
        String path = images.isEmpty() ? "/v1/text_to_video" : "/v1/image_to_video";
        HttpRequest http = authorized(baseUrl.get() + path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(toJson(json, body))).build();
        return api.json(Call.CREATE, http, text -> {
            String id = json.readTree(text).path("id").asText("");
            if (id.isBlank()) {
                LOG.warnf("%s: a create answer without a task id: %s", name, ProviderHttp.fallbackMessage(200, text));
                throw new IOException("no task id in the create answer");
            }
            return new RemoteVideo(id, request.model(), VideoStatus.QUEUED, 0, Instant.now(), null, null, request.size(),
                    request.seconds(), null, request.prompt(), null, null, null, null);
        });
    }

    /** {@code 1280x720} → {@code 1280:720}, Runway's spelling of a size. */
    static String ratio(String size) {
        return size.replace('x', ':');
    }

    /** The task's status; read from Runway at most once per {@link ProvidersConfig.RunwaySettings#minPollInterval()}. */
    @Override
    public ProviderResult<RemoteVideo> retrieve(String videoId) {
        Polled last = polls.get(videoId);
        if (last != null && System.nanoTime() - last.atNanos() < runway.minPollInterval().toNanos()) {
            return ProviderResult.ok(last.remote());
        }
        return read(videoId);
    }

    private ProviderResult<RemoteVideo> read(String videoId) {
        HttpRequest http = authorized(baseUrl.get() + "/v1/tasks/" + encode(videoId)).GET().build();
        ProviderResult<RemoteVideo> result = api.json(Call.RETRIEVE, http,
                text -> toRemote(json.readValue(text, RunwayTask.class), text));
        if (result.isOk()) {
            polls.put(videoId, new Polled(System.nanoTime(), result.value()));
        }
        return result;
    }

    RemoteVideo toRemote(RunwayTask task, String raw) {
        String word = task.status() == null ? "" : task.status();
        Instant now = Instant.now();
        return switch (word) {
            // THROTTLED: queued at the organisation's concurrency limit; it starts by itself, charged once
            case "PENDING", "THROTTLED" -> remote(task, VideoStatus.QUEUED, 0, null, null, null, null);
            case "RUNNING" -> remote(task, VideoStatus.IN_PROGRESS, percent(task.progress()), null, null, null, null);
            case "SUCCEEDED" -> {
                String url = task.firstOutput();
                if (url == null) {
                    LOG.warnf("%s: task %s succeeded without an output: %s", name, task.id(), excerpt(raw));
                    yield remote(task, VideoStatus.FAILED, 0, "no_output", "Runway finished the task without a video.",
                            null, now);
                }
                yield remote(task, VideoStatus.COMPLETED, 100, null, null, url, now);
            }
            case "FAILED" -> {
                String code = RunwayErrors.jobErrorCode(task.failureCode());
                String failure = task.failure() == null || task.failure().isBlank() ? "The task failed at Runway."
                        : task.failure();
                yield remote(task, VideoStatus.FAILED, 0, code, task.failureCode() == null ? failure
                        : failure + " (" + task.failureCode() + ")", null, now);
            }
            case "CANCELLED", "CANCELED" -> remote(task, VideoStatus.FAILED, 0, "canceled", "The task was cancelled at Runway.",
                    null, now);
            default -> {
                LOG.warnf("%s: task %s has an unknown status, taken as still running: %s", name, task.id(), excerpt(raw));
                yield remote(task, VideoStatus.IN_PROGRESS, 0, null, null, null, null);
            }
        };
    }

    private RemoteVideo remote(RunwayTask task, VideoStatus status, int progress, String code, String message, String url,
            Instant completed) {
        Instant expires = url == null ? null : Instant.now().plus(runway.outputTtl());
        return new RemoteVideo(task.id(), null, status, progress, null, completed, expires, null, 0, null, null, null, code,
                message, url);
    }

    /** Runway's {@code progress} is a fraction (0–1; a value above 1 is read as a percentage), below 100 while running. */
    static int percent(Double progress) {
        if (progress == null || progress.isNaN() || progress < 0) {
            return 0;
        }
        double pct = progress <= 1.0 ? progress * 100 : progress;
        return (int) Math.min(99, Math.round(pct));
    }

    /** The output from its pre-signed URL, without the key; an expired URL is replaced by a fresh one from the task. */
    @Override
    public ProviderResult<VideoContent> download(ResultRef result, Variant variant) {
        if (variant != Variant.VIDEO) {
            return ProviderResult.failed(ProviderError.unsupported(name, "deliver a " + variant.apiName()));
        }
        ProviderResult<VideoContent> first = files.publicDownload(result.url(), "The task has no output URL.");
        if (first.isOk() || !(first.error().kind() == Kind.NOT_FOUND || first.error().kind() == Kind.UNAUTHORIZED)) {
            return first;
        }
        ProviderResult<RemoteVideo> fresh = read(result.videoId());
        if (!fresh.isOk() || fresh.value().resultUrl() == null || fresh.value().resultUrl().equals(result.url())) {
            return first;
        }
        LOG.infof("%s: the output URL of %s had expired; fetching the fresh one", name, result.videoId());
        return files.publicDownload(fresh.value().resultUrl(), "The task has no output URL.");
    }

    @Override
    public ProviderResult<Boolean> cancel(String videoId) {
        return deleteTask(videoId, Call.CANCEL);
    }

    @Override
    public ProviderResult<Boolean> delete(String videoId) {
        return deleteTask(videoId, Call.DELETE);
    }

    /** {@code DELETE /v1/tasks/{id}}: cancels a task still pending, throttled or running, deletes a finished one. */
    private ProviderResult<Boolean> deleteTask(String videoId, Call call) {
        HttpRequest http = authorized(baseUrl.get() + "/v1/tasks/" + encode(videoId)).DELETE().build();
        ProviderResult<Boolean> done = api.exchange(call, http, HttpResponse.BodyHandlers.ofString()).map(r -> true);
        polls.remove(videoId);
        return done;
    }

    /** Runway has no webhooks. */
    @Override
    public Optional<VideoEvent> webhookEvent(String webhookId, byte[] body) throws IOException {
        throw new IOException("Runway sends no webhooks");
    }

    // ------------------------------------------------------------------ images

    /** An inline data URI when small enough, else an upload's {@code runwayUri}. */
    private ProviderResult<String> uri(InputImage image, String position) {
        long encoded = 4L * ((image.bytes().length + 2) / 3) + ("data:" + image.contentType() + ";base64,").length();
        if (encoded <= runway.maxDataUriBytes()) {
            return ProviderResult.ok(image.dataUri());
        }
        return upload(image, position);
    }

    /**
     * Runway's upload flow: {@code POST /v1/uploads} ({@code type: ephemeral}) answers an
     * {@code uploadUrl} with form {@code fields}; the file is posted there as a multipart form
     * (without the key), and the {@code runwayUri} stands for it in the create.
     */
    private ProviderResult<String> upload(InputImage image, String position) {
        Map<String, Object> ask = Map.of("filename", position + "." + image.format().extension(), "type", "ephemeral");
        HttpRequest http = authorized(baseUrl.get() + "/v1/uploads").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(toJson(json, ask))).build();
        ProviderResult<JsonNode> started = api.json(Call.UPLOAD, http, json::readTree);
        if (!started.isOk()) {
            return ProviderResult.failed(started.error());
        }
        String uploadUrl = started.value().path("uploadUrl").asText(null);
        String runwayUri = started.value().path("runwayUri").asText(null);
        if (uploadUrl == null || runwayUri == null) {
            LOG.warnf("%s: an upload answer without uploadUrl or runwayUri: %s", name, excerpt(started.value().toString()));
            return ProviderResult.failed(new ProviderError(Kind.OTHER, "upload_failed",
                    "Runway did not say where to upload the image.", null, null, 0));
        }
        String boundary = "reelgate-" + UUID.randomUUID();
        ByteArrayOutputStream form = new ByteArrayOutputStream(image.bytes().length + 2048);
        started.value().path("fields").fields().forEachRemaining(f -> part(form, boundary,
                "Content-Disposition: form-data; name=\"" + f.getKey() + "\"", f.getValue().asText().getBytes(
                        StandardCharsets.UTF_8)));
        part(form, boundary, "Content-Disposition: form-data; name=\"file\"; filename=\"" + position + "."
                + image.format().extension() + "\"\r\nContent-Type: " + image.contentType(), image.bytes());
        form.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        HttpRequest post;
        try {
            post = HttpRequest.newBuilder(URI.create(uploadUrl)).timeout(settings.readTimeout())
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary).header("User-Agent", "reelgate/1")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(form.toByteArray())).build();
        } catch (IllegalArgumentException e) {
            return ProviderResult.failed(new ProviderError(Kind.OTHER, "upload_failed", "Not an upload URL: " + uploadUrl,
                    null, null, 0));
        }
        return files.exchange(Call.UPLOAD, post, HttpResponse.BodyHandlers.discarding()).map(r -> runwayUri);
    }

    private static void part(ByteArrayOutputStream form, String boundary, String headers, byte[] value) {
        form.writeBytes(("--" + boundary + "\r\n" + headers + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        form.writeBytes(value);
        form.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    /** {@code GET /v1/organization}: the credit balance ({@link RunwayOrganization}). */
    @Override
    public ProviderResult<String> testConnection() {
        return api.json(Call.RETRIEVE, authorized(baseUrl.get() + "/v1/organization").GET().build(),
                body -> RunwayOrganization.line(json, body));
    }

    // ------------------------------------------------------------------ HTTP

    private HttpRequest.Builder authorized(String url) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(settings.readTimeout())
                .header("Accept", "application/json").header("User-Agent", "reelgate/1")
                .header("X-Runway-Version", runway.version());
        settings.apiKey().ifPresent(key -> builder.header("Authorization", "Bearer " + key));
        return builder;
    }

    private static String excerpt(String raw) {
        return raw == null ? "" : raw.length() > 500 ? raw.substring(0, 500) + "…" : raw;
    }
}
