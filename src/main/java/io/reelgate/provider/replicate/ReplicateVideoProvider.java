package io.reelgate.provider.replicate;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import io.reelgate.provider.ListQuery;
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
import io.reelgate.provider.VideoPage;
import io.reelgate.provider.VideoStatus;

/**
 * Client for Replicate's predictions API (REFERENCE.md §2): one API in front of Veo, Kling, Wan
 * and more, each model with its own input names ({@link ReplicateConfig}). A prediction is
 * created for a named model ({@code /models/{owner}/{name}/predictions}) or a pinned version,
 * tracked by polling or by its {@code completed} webhook (Standard Webhooks), and its output URL
 * is fetched at once without the token: Replicate deletes API outputs an hour after completion.
 *
 * <p>One piece on purpose: one adapter is one provider's wire format (per-model input
 * mapping, prediction states, output URLs, webhooks); what adapters share lives in
 * {@code AdapterBase} and {@code ProviderHttp}.
 */
public final class ReplicateVideoProvider extends AdapterBase {

    private static final Pattern PERCENT = Pattern.compile("(\\d{1,3})%");
    private static final Pattern SECONDS = Pattern.compile("(\\d+)\\s*s");
    /** Replicate keeps API outputs this long after completion (replicate.com/docs/topics/predictions/data-retention). */
    static final Duration OUTPUT_LIFETIME = Duration.ofHours(1);

    private final Supplier<String> baseUrl;
    private final Supplier<String> webhookUrl;
    private final ReplicateConfig inputs;
    private final Pattern moderation;
    private final ObjectMapper json;
    private final ProviderHttp api;
    private final ProviderHttp files;

    /**
     * @param webhookUrl where Replicate should send {@code completed} events, or a supplier of null
     *        when this Reelgate receives no webhooks from it (then jobs are polled)
     */
    public ReplicateVideoProvider(String name, ProvidersConfig.Provider settings, ModelCatalog catalog,
            Supplier<String> baseUrl, Supplier<String> webhookUrl, ReplicateConfig inputs, ObjectMapper json,
            Backoff.Sleeper sleeper, Random random, ProviderHttp.CallObserver observer) {
        super(name, settings, catalog, declared());
        this.baseUrl = baseUrl;
        this.webhookUrl = webhookUrl;
        this.inputs = inputs;
        this.moderation = Pattern.compile(inputs.moderationPattern(), Pattern.CASE_INSENSITIVE);
        this.json = json;
        this.api = new ProviderHttp(name, settings, sleeper, random, observer, this::errorOf, HttpClient.Redirect.NEVER);
        // outputs live on a CDN that may redirect; they are fetched without the API token
        this.files = new ProviderHttp(name, settings, sleeper, random, observer, this::errorOf, HttpClient.Redirect.NORMAL);
    }

    /** What Replicate can do for video models (REFERENCE.md §2); overridable per provider in configuration. */
    public static Capabilities declared() {
        return new Capabilities(EnumSet.of(Variant.VIDEO), Capabilities.WebhookSigning.STANDARD_WEBHOOKS, false,
                new Capabilities.ImageInput(Set.of("image/jpeg", "image/png", "image/webp"), false), true, false, true,
                Capabilities.Delivery.RESULT_URL, OUTPUT_LIFETIME, true, 10_000, true);
    }

    /**
     * From the model's input names ({@link ReplicateConfig.ModelInputs}): a last frame after a first
     * one where it has a last-frame input; asset references up to its maximum, at its reference
     * ratios and lengths, alone (whether the schema takes them with frames is UNCONFIRMED:
     * {@code reelgate.providers.<name>.creative."<model>".references-with-first-frame}). No extension.
     */
    @Override
    protected Creative declaredCreative(String model) {
        ReplicateConfig.ModelInputs in = model == null ? null : inputs.models().get(model);
        if (in == null) {
            return Creative.NONE;
        }
        Creative.References references = in.referenceImages().isEmpty() ? Creative.References.NONE
                : Creative.References.upTo(in.maxReferences(), Reference.Kind.ASSET).onlyAt(
                        in.referenceAspectRatios().orElse(List.of()), in.referenceSeconds().orElse(List.of()));
        return new Creative(references, in.lastFrame().isPresent() ? Creative.LastFrame.WITH_FIRST_FRAME
                : Creative.LastFrame.NONE, Creative.Extension.NONE);
    }

    @Override
    public ProviderResult<RemoteVideo> create(CreateVideo request) {
        Optional<ProviderResult<RemoteVideo>> refused = refused(request);
        if (refused.isPresent()) {
            return refused.get();
        }
        ReplicateConfig.ModelInputs in = inputs.models().get(request.model());
        Optional<ModelCatalog.Model> model = catalog.model(request.model());
        if (in == null || model.isEmpty()) {
            return ProviderResult.failed(new ProviderError(Kind.INVALID_REQUEST, "unknown_model", "No input mapping for "
                    + request.model() + " (reelgate.replicate.models.\"" + request.model() + "\".*).", "model", null, 0));
        }
        Map<String, Object> input = new LinkedHashMap<>();
        input.put(in.prompt(), request.prompt());
        in.duration().ifPresent(d -> input.put(d, duration(request.seconds(), in.durationFormat())));
        model.get().dimensions(request.size()).ifPresent(dims -> {
            in.aspectRatio().ifPresent(a -> input.put(a, dims.aspectRatio()));
            in.resolution().ifPresent(r -> input.put(r, dims.resolution()));
        });
        if (request.inputReference().isPresent()) {
            if (in.firstFrame().isEmpty()) {
                return ProviderResult.failed(ProviderError.unsupported(name, "start " + request.model() + " from an image"));
            }
            input.put(in.firstFrame().get(), request.inputReference().get().dataUri());
        }
        if (request.lastFrame().isPresent() && in.lastFrame().isEmpty()
                || !request.references().isEmpty() && in.referenceImages().isEmpty()) {
            // configured as creative but without an input to carry it
            return ProviderResult.failed(ProviderError.unsupported(name, "send these images to " + request.model()
                    + " (no last-frame or reference-images input is configured)"));
        }
        request.lastFrame().ifPresent(image -> input.put(in.lastFrame().get(), image.dataUri()));
        if (!request.references().isEmpty()) {
            input.put(in.referenceImages().get(), request.references().stream().map(r -> r.image().dataUri()).toList());
        }
        if (model.get().audioChoice()) {
            in.audio().ifPresent(a -> input.put(a, request.audio()));
        }
        if (request.negativePrompt() != null) {
            in.negativePrompt().ifPresent(n -> input.put(n, request.negativePrompt()));
        }
        in.fixed().forEach((k, v) -> input.put(k, literal(v)));
        Map<String, Object> body = new LinkedHashMap<>();
        String path;
        if (in.version().isPresent()) {
            body.put("version", in.version().get());
            path = "/predictions";
        } else {
            String[] ownerName = request.model().split("/", 2);
            path = "/models/" + encode(ownerName[0]) + "/" + encode(ownerName.length > 1 ? ownerName[1] : "") + "/predictions";
        }
        body.put("input", input);
        String hook = webhookUrl.get();
        if (hook != null) {
            body.put("webhook", hook);
            body.put("webhook_events_filter", List.of("completed"));
        }
        HttpRequest http = request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(toJson(json, body))).build();
        return api.json(Call.CREATE, http, this::prediction);
    }

    @Override
    public ProviderResult<RemoteVideo> retrieve(String videoId) {
        return api.json(Call.RETRIEVE, request("/predictions/" + encode(videoId)).GET().build(), this::prediction);
    }

    @Override
    public ProviderResult<VideoContent> download(ResultRef result, Variant variant) {
        if (variant != Variant.VIDEO) {
            return ProviderResult.failed(ProviderError.unsupported(name, "deliver a " + variant.apiName()));
        }
        return files.publicDownload(result.url(), "The prediction has no output URL.");
    }

    /** {@code after} is the previous page's {@code next} URL (kept in {@link VideoPage#lastId()}). */
    @Override
    public ProviderResult<VideoPage> list(ListQuery query) {
        String url = query.after() != null && query.after().startsWith(baseUrl.get() + "/") ? query.after()
                : baseUrl.get() + "/predictions";
        HttpRequest http = authorized(HttpRequest.newBuilder(URI.create(url))).GET().build();
        return api.json(Call.LIST, http, body -> {
            ApiPrediction.Page page = json.readValue(body, ApiPrediction.Page.class);
            List<RemoteVideo> videos = page.results() == null ? List.of()
                    : page.results().stream().map(this::toRemote).toList();
            return new VideoPage(videos, videos.isEmpty() ? null : videos.get(0).id(), page.next(), page.next() != null);
        });
    }

    @Override
    public ProviderResult<Boolean> cancel(String videoId) {
        HttpRequest http = request("/predictions/" + encode(videoId) + "/cancel")
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        return api.json(Call.CANCEL, http, body -> true);
    }

    /**
     * {@code GET /v1/account} (replicate-python {@code account.py}, {@code accounts.current()}): who the
     * token belongs to, e.g. "account reelgate-sim (organization, Reelgate simulator)".
     */
    @Override
    public ProviderResult<String> testConnection() {
        return api.json(Call.RETRIEVE, request("/account").GET().build(), body -> {
            JsonNode account = json.readTree(body);
            if (!account.path("username").isTextual()) {
                throw new IOException("no username in the account");
            }
            String name = account.path("name").asText("");
            return "account " + account.path("username").asText() + " (" + account.path("type").asText("user")
                    + (name.isBlank() ? "" : ", " + name) + ")";
        });
    }

    /** The account's webhook signing secret ({@code GET /v1/webhooks/default/secret}). */
    public ProviderResult<String> webhookSecret() {
        return api.json(Call.SECRET, request("/webhooks/default/secret").GET().build(),
                body -> json.readValue(body, ApiPrediction.Secret.class).key());
    }

    /**
     * A webhook's body is the prediction itself: a terminal one is a completion event for the
     * pipeline; others (start, output, logs) are not.
     */
    @Override
    public Optional<VideoEvent> webhookEvent(String webhookId, byte[] body) throws IOException {
        ApiPrediction p = json.readValue(body, ApiPrediction.class);
        if (p.id() == null || p.status() == null) {
            throw new IOException("not a prediction");
        }
        String type = switch (p.status()) {
            case "succeeded" -> VideoEvent.COMPLETED;
            case "failed", "canceled", "aborted" -> VideoEvent.FAILED;
            default -> null;
        };
        if (type == null) {
            return Optional.empty();
        }
        Instant at = instant(p.completedAt());
        return Optional.of(new VideoEvent(name, webhookId, null, type, p.id(), at == null ? Instant.now() : at));
    }

    // ------------------------------------------------------------------ mapping

    private RemoteVideo prediction(String body) throws IOException {
        return toRemote(json.readValue(body, ApiPrediction.class));
    }

    RemoteVideo toRemote(ApiPrediction p) {
        VideoStatus status = switch (p.status() == null ? "" : p.status()) {
            case "starting" -> VideoStatus.QUEUED;
            case "succeeded" -> VideoStatus.COMPLETED;
            case "failed", "canceled", "aborted" -> VideoStatus.FAILED;
            default -> VideoStatus.IN_PROGRESS;
        };
        String code = null;
        String message = null;
        if (status == VideoStatus.FAILED) {
            message = p.error();
            code = switch (p.status()) {
                case "canceled" -> "canceled";
                case "aborted" -> "aborted";
                default -> message != null && moderation.matcher(message).find() ? "moderation_blocked"
                        : "prediction_failed";
            };
            if (message == null) {
                message = "The prediction ended " + p.status() + ".";
            }
        }
        String url = outputUrl(p.output());
        boolean removed = Boolean.TRUE.equals(p.dataRemoved());
        if (status == VideoStatus.COMPLETED && url == null && !removed) {
            status = VideoStatus.FAILED;
            code = "no_output";
            message = "The prediction succeeded without an output video.";
        }
        Instant completed = instant(p.completedAt());
        // Replicate removed the output (an hour after completion): the video is gone
        Instant expires = removed ? (completed != null ? completed : Instant.now()) : null;
        ReplicateConfig.ModelInputs in = p.model() == null ? null : inputs.models().get(p.model());
        String prompt = text(p.input(), in == null ? "prompt" : in.prompt());
        int seconds = in == null || in.duration().isEmpty() ? 0 : seconds(text(p.input(), in.duration().get()));
        return new RemoteVideo(p.id(), p.model(), status, progress(status, p.logs()), instant(p.createdAt()), completed,
                expires, size(p, in), seconds, null, prompt, null, code, message, url);
    }

    /** The size the inputs ask for, as the catalog names it (for finding a lost create again). */
    private String size(ApiPrediction p, ReplicateConfig.ModelInputs in) {
        Optional<ModelCatalog.Model> model = catalog.model(p.model());
        if (model.isEmpty() || in == null) {
            return null;
        }
        String aspect = in.aspectRatio().map(a -> text(p.input(), a)).orElse(null);
        String resolution = in.resolution().map(r -> text(p.input(), r)).orElse(null);
        return model.get().dimensions().stream()
                .filter(d -> (aspect == null || d.aspectRatio().equals(aspect))
                        && (resolution == null || d.resolution().equalsIgnoreCase(resolution)))
                .map(ModelCatalog.Dimensions::size).findFirst().orElse(null);
    }

    private static String outputUrl(JsonNode output) {
        if (output == null || output.isNull()) {
            return null;
        }
        if (output.isTextual()) {
            return output.asText();
        }
        if (output.isArray()) {
            for (JsonNode item : output) {
                String url = outputUrl(item);
                if (url != null) {
                    return url;
                }
            }
            return null;
        }
        if (output.isObject()) {
            for (String field : List.of("video", "url", "output")) {
                String url = outputUrl(output.get(field));
                if (url != null) {
                    return url;
                }
            }
        }
        return null;
    }

    /** Replicate has no progress field; many models print a percentage in their logs. */
    private static int progress(VideoStatus status, String logs) {
        if (status == VideoStatus.COMPLETED) {
            return 100;
        }
        if (logs == null || status != VideoStatus.IN_PROGRESS) {
            return 0;
        }
        String tail = logs.length() > 2000 ? logs.substring(logs.length() - 2000) : logs;
        Matcher m = PERCENT.matcher(tail);
        int last = 0;
        while (m.find()) {
            last = Integer.parseInt(m.group(1));
        }
        return Math.max(0, Math.min(99, last));
    }

    /** {@code {"detail": "Request was throttled. Your rate limit resets in ~30s."}}, and validation details. */
    private ProviderError errorOf(int status, String body, Duration retryAfter) {
        String detail = null;
        try {
            ApiPrediction.Problem problem = json.readValue(body, ApiPrediction.Problem.class);
            if (problem.detail() != null) {
                detail = problem.detail().isTextual() ? problem.detail().asText() : problem.detail().toString();
            } else if (problem.title() != null) {
                detail = problem.title();
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: keep the raw text
        }
        String message = detail != null ? detail : ProviderHttp.fallbackMessage(status, body);
        Kind kind = ProviderHttp.kindOf(status);
        Duration hint = retryAfter;
        if (kind == Kind.RATE_LIMITED && hint == null && detail != null) {
            Matcher m = SECONDS.matcher(detail);
            if (m.find()) {
                hint = Duration.ofSeconds(Long.parseLong(m.group(1)));
            }
        }
        String code = status == 402 ? "insufficient_credit" : status == 429 ? "rate_limit_exceeded" : "http_" + status;
        return new ProviderError(status == 402 ? Kind.OTHER : kind, code, message, null, hint, status);
    }

    private HttpRequest.Builder request(String path) {
        return authorized(HttpRequest.newBuilder(URI.create(baseUrl.get() + path)));
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder builder) {
        builder.timeout(settings.readTimeout()).header("Accept", "application/json").header("User-Agent", "reelgate/1");
        settings.apiKey().ifPresent(key -> builder.header("Authorization", "Bearer " + key));
        return builder;
    }

    private static Object duration(int seconds, ReplicateConfig.DurationFormat format) {
        return switch (format) {
            case INTEGER -> seconds;
            case STRING -> Integer.toString(seconds);
            case SECONDS_SUFFIX -> seconds + "s";
        };
    }

    /** A fixed input as JSON: {@code true}/{@code false} and numbers as such, everything else as text. */
    private static Object literal(String value) {
        String v = value.trim();
        if (v.equals("true") || v.equals("false")) {
            return Boolean.parseBoolean(v);
        }
        try {
            return v.contains(".") ? (Object) Double.parseDouble(v) : (Object) Long.parseLong(v);
        } catch (NumberFormatException e) {
            return value;
        }
    }

    private static int seconds(String text) {
        if (text == null) {
            return 0;
        }
        Matcher m = Pattern.compile("\\d+").matcher(text);
        return m.find() ? Integer.parseInt(m.group()) : 0;
    }

    private static String text(Map<String, JsonNode> input, String key) {
        JsonNode node = input == null ? null : input.get(key);
        return node == null || node.isNull() ? null : node.asText();
    }

    private static Instant instant(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            try {
                return java.time.OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException again) {
                return null;
            }
        }
    }
}
