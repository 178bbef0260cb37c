package io.reelgate.provider.vertex;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;

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
import io.reelgate.provider.VideoStatus;

/**
 * Client for Veo on Google Cloud's Vertex AI (REFERENCE.md §8). {@code predictLongRunning} on the
 * regional endpoint of the configured project and location creates an operation; it is polled with
 * {@code fetchPredictOperation} (a plain GET of the operation does not work for Veo) and read as a
 * stream ({@link VertexOperation}). The video comes inline as base64 (decoded while it streams,
 * {@link InlineVideo}) or, with {@code storage-uri}, as a {@code gs://} object fetched through the
 * Cloud Storage JSON API with the same token and optionally deleted once stored.
 *
 * <p>Vertex's own parameters: {@code generateAudio} (sound is optional and priced with and
 * without), {@code seed}, {@code negativePrompt}, {@code personGeneration}, the first frame and the
 * last frame, reference images ({@code ASSET} and {@code STYLE}). The safety filter's {@code raiMediaFilteredCount} is a content refusal with its
 * reasons; {@code RESOURCE_EXHAUSTED} waits as its {@code RetryInfo} says; a retired model and a
 * model the project cannot reach are told apart, the latter kept as a configuration problem for
 * the operator console (as are a broken key file and a missing permission). Status by polling.
 */
public final class VertexVideoProvider extends AdapterBase {

    private static final Logger LOG = Logger.getLogger(VertexVideoProvider.class);
    private static final Pattern OPERATION = Pattern.compile(
            "projects/[^/?#]+/locations/[^/?#]+/publishers/google/models/[^/?#:]+/operations/[A-Za-z0-9_-]+");
    private static final Pattern GCS = Pattern.compile("gs://([^/]+)/(.+)");

    private final ProvidersConfig.VertexSettings vertex;
    private final Supplier<String> endpoint;
    private final Supplier<String> storage;
    private final String project;
    private final VertexCredentials credentials;
    private final ObjectMapper json;
    private final ProviderHttp api;
    private volatile String configurationProblem;

    /**
     * @param endpoint the API host without a path ({@code https://us-central1-aiplatform.googleapis.com},
     *        or the simulator's)
     * @param storage the Cloud Storage JSON API host ({@code https://storage.googleapis.com}, or the simulator's)
     */
    public VertexVideoProvider(String name, ProvidersConfig.Provider settings, ModelCatalog catalog,
            Supplier<String> endpoint, Supplier<String> storage, VertexCredentials credentials, ObjectMapper json, Backoff.Sleeper sleeper, Random random,
            ProviderHttp.CallObserver observer) {
        super(name, settings, catalog, declared());
        this.vertex = settings.vertex();
        this.endpoint = endpoint;
        this.storage = storage;
        this.credentials = credentials;
        this.json = json;
        this.project = vertex.project().filter(p -> !p.isBlank()).or(credentials::project).orElse(null);
        this.api = new ProviderHttp(name, settings, sleeper, random, observer, VertexErrors::read, HttpClient.Redirect.NORMAL);
        if (project == null && credentials.problem() == null) {
            configurationProblem = "No Google Cloud project: set reelgate.providers." + name + ".vertex.project";
            LOG.errorf("Provider %s: %s", name, configurationProblem);
        }
    }

    /** What Veo on Vertex AI can do (REFERENCE.md §8); overridable per provider in configuration. */
    public static Capabilities declared() {
        return new Capabilities(EnumSet.of(Variant.VIDEO), Capabilities.WebhookSigning.NONE, false,
                new Capabilities.ImageInput(Set.of("image/jpeg", "image/png"), false), false, false, false,
                Capabilities.Delivery.RESULT_URL, null, true, 4_000, true);
    }

    /** The regional endpoint of a location ({@code global}: the global one). */
    public static String endpointOf(String location) {
        return "global".equals(location) ? "https://aiplatform.googleapis.com"
                : "https://" + location + "-aiplatform.googleapis.com";
    }

    // ------------------------------------------------------------------ calls

    /**
     * Veo 3.1 GA models (not Lite) per REFERENCE.md §8: up to three references, {@code ASSET} or
     * {@code STYLE} (Vertex only), alone, at 8 s (the model card); every model but Lite: a last frame
     * after a first one. Extension is not offered here yet (it needs the source in Cloud Storage).
     */
    @Override
    protected Creative declaredCreative(String model) {
        if (model == null || model.contains("lite")) {
            return Creative.NONE;
        }
        Creative.References references = model.startsWith("veo-3.1")
                ? Creative.References.upTo(3, Reference.Kind.ASSET, Reference.Kind.STYLE).onlyAt(List.of(), List.of(8))
                : Creative.References.NONE;
        return new Creative(references, Creative.LastFrame.WITH_FIRST_FRAME, Creative.Extension.NONE);
    }

    @Override
    public ProviderResult<RemoteVideo> create(CreateVideo request) {
        Optional<ProviderResult<RemoteVideo>> refused = refused(request);
        if (refused.isPresent()) {
            return refused.get();
        }
        Optional<ProviderError> unusable = unusable();
        if (unusable.isPresent()) {
            return ProviderResult.failed(unusable.get());
        }
        Optional<ModelCatalog.Model> model = catalog.model(request.model());
        Map<String, Object> instance = new LinkedHashMap<>();
        instance.put("prompt", request.prompt());
        VeoMedia.frames(instance, request);
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("sampleCount", 1);
        parameters.put("durationSeconds", request.seconds());
        model.flatMap(m -> m.dimensions(request.size())).ifPresent(d -> {
            parameters.put("aspectRatio", d.aspectRatio());
            parameters.put("resolution", d.resolution());
        });
        parameters.put("generateAudio", model.map(m -> m.hasAudio(request.audio())).orElse(request.audio()));
        if (request.seed() != null) {
            parameters.put("seed", request.seed());
        }
        if (request.negativePrompt() != null) {
            parameters.put("negativePrompt", request.negativePrompt());
        }
        vertex.personGeneration().filter(p -> !p.isBlank()).ifPresent(p -> parameters.put("personGeneration", p));
        vertex.storageUri().filter(u -> !u.isBlank()).ifPresent(u -> parameters.put("storageUri", u.endsWith("/") ? u : u + "/"));
        String body = toJson(json, Map.of("instances", List.of(instance), "parameters", parameters));
        ProviderResult<RemoteVideo> result = authorized(token -> api.json(Call.CREATE,
                post(modelPath(request.model()) + ":predictLongRunning", body, token), text -> {
                    String operation = json.readTree(text).path("name").asText("");
                    if (!OPERATION.matcher(operation).matches()) {
                        throw new IOException("the answer names no operation: " + text.substring(0, Math.min(200, text.length())));
                    }
                    return new RemoteVideo(operation, request.model(), VideoStatus.QUEUED, 0, Instant.now(), null, null,
                            request.size(), request.seconds(), null, request.prompt(), null, null, null, null);
                }));
        if (result.isOk()) {
            configurationProblem = null;
            return result;
        }
        return ProviderResult.failed(explained(result.error(), request.model()));
    }

    @Override
    public ProviderResult<RemoteVideo> retrieve(String videoId) {
        if (videoId == null || !OPERATION.matcher(videoId).matches()) {
            return ProviderResult.failed(new ProviderError(Kind.NOT_FOUND, "not_an_operation", "'" + videoId
                    + "' is not a Vertex AI operation name.", null, null, 404));
        }
        Optional<ProviderError> unusable = unusable();
        if (unusable.isPresent()) {
            return ProviderResult.failed(unusable.get());
        }
        return fetchOperation(Call.RETRIEVE, videoId, in -> VertexOperation.read(in).toRemote());
    }

    /**
     * The video: a {@code gs://} result through the Cloud Storage JSON API, or the inline bytes of the
     * operation (fetched again and decoded while they stream).
     */
    @Override
    public ProviderResult<VideoContent> download(ResultRef result, Variant variant) {
        if (variant != Variant.VIDEO) {
            return ProviderResult.failed(ProviderError.unsupported(name, "deliver a " + variant.apiName()));
        }
        Optional<ProviderError> unusable = unusable();
        if (unusable.isPresent()) {
            return ProviderResult.failed(unusable.get());
        }
        if (result.url() == null) {
            if (result.videoId() == null || !OPERATION.matcher(result.videoId()).matches()) {
                return ProviderResult.failed(new ProviderError(Kind.NOT_FOUND, "no_video", "No video to download.", null,
                        null, 404));
            }
            return fetchOperation(Call.DOWNLOAD, result.videoId(),
                    in -> new VideoContent(InlineVideo.open(in), "video/mp4", OptionalLong.empty()));
        }
        Matcher gcs = GCS.matcher(result.url());
        if (!gcs.matches()) {
            return ProviderResult.failed(new ProviderError(Kind.OTHER, "bad_video_uri", "The video's location is not a "
                    + "gs:// URI: " + result.url(), null, null, 0));
        }
        ProviderResult<HttpResponse<InputStream>> response = authorized(token -> api.exchange(Call.DOWNLOAD,
                authorize(HttpRequest.newBuilder(URI.create(objectUrl(gcs.group(1), gcs.group(2)) + "?alt=media")), token)
                        .header("Accept", "*/*").GET().build(), HttpResponse.BodyHandlers.ofInputStream()));
        return response.map(VideoContent::of);
    }

    /** Deletes a {@code gs://} result from the bucket once stored, where configured; a failure is only logged. */
    @Override
    public void ingested(ResultRef result) {
        Matcher gcs = result.url() == null ? null : GCS.matcher(result.url());
        if (!vertex.deleteAfterIngest() || gcs == null || !gcs.matches() || unusable().isPresent()) {
            return;
        }
        ProviderResult<HttpResponse<String>> deleted = authorized(token -> api.exchange(Call.DELETE,
                authorize(HttpRequest.newBuilder(URI.create(objectUrl(gcs.group(1), gcs.group(2)))), token).DELETE().build(),
                HttpResponse.BodyHandlers.ofString()));
        if (!deleted.isOk() && deleted.error().kind() != Kind.NOT_FOUND) {
            LOG.warnf("Provider %s: %s is stored, but deleting it from the bucket failed: %s", name, result.url(),
                    deleted.error().message());
        }
    }

    @Override
    public Optional<VideoEvent> webhookEvent(String webhookId, byte[] body) throws IOException {
        throw new IOException("Vertex AI sends no webhooks (only Pub/Sub messages)");
    }

    @Override
    public Optional<Account> account() {
        String problem = credentials.problem() != null ? credentials.problem()
                : credentials.refreshProblem() != null ? credentials.refreshProblem() : configurationProblem;
        String details = "project " + (project == null ? "(none)" : project) + ", location " + vertex.location()
                + vertex.storageUri().filter(u -> !u.isBlank()).map(u -> ", results in " + u).orElse(", results inline");
        return Optional.of(new Account(credentials.identity() == null ? "no credentials" : credentials.identity(), details,
                credentials.lastRefresh(), problem));
    }

    // ------------------------------------------------------------------ HTTP

    /** A call with the current token; on a 401, once more with a fresh one. */
    private <T> ProviderResult<T> authorized(Function<String, ProviderResult<T>> call) {
        String token;
        try {
            token = credentials.token();
        } catch (IOException e) {
            return ProviderResult.failed(tokenFailure(e));
        }
        ProviderResult<T> result = call.apply(token);
        if (result.isOk() || result.error().httpStatus() != 401) {
            return result;
        }
        LOG.infof("Provider %s: the access token was refused; getting a new one", name);
        try {
            token = credentials.refreshAfterRejection(token);
        } catch (IOException e) {
            return ProviderResult.failed(tokenFailure(e));
        }
        return call.apply(token);
    }

    /** A token for the service account, then its first catalog model ({@link VertexConnection}). */
    @Override
    public ProviderResult<String> testConnection() {
        return unusable().map(ProviderResult::<String>failed).orElseGet(() -> VertexConnection.test(credentials, api, json,
                endpoint.get() + "/" + vertex.apiVersion(), settings.readTimeout(), catalog, project, vertex.location()));
    }

    private <T> ProviderResult<T> fetchOperation(Call call, String operation, StreamReader<T> reader) {
        String model = operation.substring(0, operation.indexOf("/operations/"));
        String body = toJson(json, Map.of("operationName", operation));
        ProviderResult<HttpResponse<InputStream>> response = authorized(token -> api.exchange(call,
                post("/" + vertex.apiVersion() + "/" + model + ":fetchPredictOperation", body, token),
                HttpResponse.BodyHandlers.ofInputStream()));
        if (!response.isOk()) {
            return ProviderResult.failed(response.error());
        }
        InputStream in = response.value().body();
        try {
            T value = reader.read(in);
            if (!(value instanceof VideoContent)) {
                in.close();
            }
            return ProviderResult.ok(value);
        } catch (IOException | RuntimeException e) {
            closeQuietly(in);
            LOG.warnf("%s %s: unreadable operation %s: %s", name, call, operation, e.getMessage());
            return ProviderResult.failed(new ProviderError(Kind.OTHER, "unreadable_response",
                    "The operation could not be read: " + e.getMessage(), null, null, 200));
        }
    }

    /** Reads a 2xx body as it streams. */
    private interface StreamReader<T> {
        T read(InputStream body) throws IOException;
    }

    private HttpRequest post(String path, String body, String token) {
        return authorize(HttpRequest.newBuilder(URI.create(endpoint.get() + path)), token)
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
    }

    private HttpRequest.Builder authorize(HttpRequest.Builder builder, String token) {
        return builder.timeout(settings.readTimeout()).header("Authorization", "Bearer " + token)
                .header("User-Agent", "reelgate/1");
    }

    private String modelPath(String model) {
        return "/" + vertex.apiVersion() + "/projects/" + encode(project) + "/locations/" + encode(vertex.location())
                + "/publishers/google/models/" + encode(model);
    }

    /** The JSON API's object URL: the object name is one path segment, its slashes encoded. */
    private String objectUrl(String bucket, String object) {
        return storage.get() + "/storage/v1/b/" + encode(bucket) + "/o/" + encode(object).replace("+", "%20");
    }

    /** A refused create, said so that the user and the operator know what to do. */
    private ProviderError explained(ProviderError error, String model) {
        switch (error.code()) {
            case "model_retired" -> {
                String replacement = settings.replacedModels().get(model);
                return new ProviderError(error.kind(), error.code(), "Google has retired " + model + " on Vertex AI"
                        + (replacement == null ? "." : "; use " + replacement + " instead."), error.param(), null,
                        error.httpStatus());
            }
            case "model_not_found" -> {
                problem("Model " + model + " was not found in project " + project + " (" + vertex.location()
                        + "), or the project has no access to it: check the catalog's model id and the project's Vertex AI "
                        + "model access");
                return new ProviderError(error.kind(), error.code(), "This provider's Google Cloud project cannot use "
                        + model + " (not found, or no access): an operator must fix the configuration.", null, null,
                        error.httpStatus());
            }
            case "permission_denied" -> {
                problem(credentials.identity() + " may not generate videos in project " + project + ": " + error.message());
                return new ProviderError(error.kind(), error.code(), "Vertex AI refused this provider's service account "
                        + "(permission denied): an operator must grant it the Vertex AI User role.", null, null,
                        error.httpStatus());
            }
            default -> {
                return error;
            }
        }
    }

    /** Credentials or settings that rule every call out: refused at once, nothing is sent. */
    private Optional<ProviderError> unusable() {
        String problem = credentials.problem() != null ? credentials.problem()
                : project == null ? configurationProblem : null;
        return problem == null ? Optional.empty()
                : Optional.of(new ProviderError(Kind.OTHER, "credentials_invalid", problem
                        + ". Nothing was sent to Google; an operator must fix the provider's configuration.", null, null, 0));
    }

    /** No token: a refused key ({@code invalid_grant}) is final, anything else may pass. */
    private ProviderError tokenFailure(IOException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("invalid_grant") || message.contains("invalid_client") || message.contains("unauthorized_client")
                || message.contains("Invalid JWT")) {
            return new ProviderError(Kind.OTHER, "credentials_invalid", "Google refused this provider's service-account "
                    + "key (" + credentials.refreshProblem() + "). An operator must fix the key.", null, null, 401);
        }
        return ProviderHttp.unavailable("No access token from Google: " + credentials.refreshProblem());
    }

    private void problem(String problem) {
        if (!problem.equals(configurationProblem)) {
            LOG.errorf("Provider %s: %s", name, problem);
        }
        configurationProblem = problem;
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
