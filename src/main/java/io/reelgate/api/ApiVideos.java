package io.reelgate.api;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import io.reelgate.budget.Admission;
import io.reelgate.budget.AdmissionRequest;
import io.reelgate.budget.AdmissionResult;
import io.reelgate.budget.Estimate;
import io.reelgate.generation.Claim;
import io.reelgate.generation.CreativeInputs;
import io.reelgate.generation.GenerationService;
import io.reelgate.generation.JobQueries;
import io.reelgate.generation.JobState;
import io.reelgate.generation.JobView;
import io.reelgate.generation.VideoAsset;
import io.reelgate.generation.VideoRemoval;
import io.reelgate.provider.InputImage;
import io.reelgate.provider.ModelCatalog;
import io.reelgate.provider.Variant;
import io.reelgate.videos.ModelMenu;

/**
 * The Videos API over Reelgate's own jobs: creates and remixes go through the same admission,
 * pipeline and ledger as the studio (so budgets, caps, tier limits, allowed models and archived
 * teams apply alike); reads come from the database, never from the provider. A video's id is
 * {@code video_<job id>}; ids of other teams answer 404 like ids that do not exist.
 */
@ApplicationScoped
public class ApiVideos {

    /** A job id as the API shows it: no leading zeros, so each video has exactly one id. */
    private static final Pattern ID = Pattern.compile("video_([1-9]\\d{0,17})");
    /** What OpenAI's API chose when a request left them out. */
    private static final String DEFAULT_SIZE = "720x1280";
    private static final int DEFAULT_SECONDS = 4;

    /**
     * A create as {@link VideoRequests} read it: text exactly as sent, already free of surrounding
     * whitespace and control characters; null for what was left out.
     */
    public record Create(String model, String prompt, String size, Integer seconds, InputImage image,
            String extendsVideo) {
    }

    private final GenerationService generation;
    private final ModelMenu models;
    private final JobQueries jobs;
    private final Admission admission;
    private final ApiConfig config;
    private final VideoRemoval removal;

    ApiVideos(GenerationService generation, ModelMenu models, JobQueries jobs, Admission admission, ApiConfig config,
            VideoRemoval removal) {
        this.removal = removal;
        this.generation = generation;
        this.models = models;
        this.jobs = jobs;
        this.admission = admission;
        this.config = config;
    }

    // ------------------------------------------------------------------ create and remix

    public VideoObject create(ApiCaller.Identity caller, Create create, String idempotencyKey) {
        if (create.prompt() == null || create.prompt().isBlank()) {
            throw ApiException.invalid("prompt", "missing_required_parameter", "Missing required parameter: 'prompt'.");
        }
        if (create.extendsVideo() != null) {
            return extend(caller, create, idempotencyKey);
        }
        ModelMenu.Menu menu = models.forTeam(caller.teamId());
        ModelMenu.Choice choice = choose(menu, create.model());
        ModelCatalog.Model model = choice.model();
        String size = create.size() == null ? (model.offers(DEFAULT_SIZE) ? DEFAULT_SIZE : model.sizes().get(0))
                : create.size();
        int seconds = create.seconds() == null ? (model.seconds().contains(DEFAULT_SECONDS) ? DEFAULT_SECONDS
                : model.seconds().get(0)) : create.seconds();
        model.check(size, seconds).ifPresent(p -> {
            throw ApiException.invalid(p.param(), "invalid_value", p.message() + ".");
        });
        String imageHash = create.image() == null ? null : Idempotency.digest(create.image().bytes());
        GenerationService.Request request = GenerationService.Request.of(caller.teamId(), caller.userId(),
                choice.requestProvider(), model.name(), size, seconds, create.prompt())
                .withImage(Optional.ofNullable(create.image())).fromApiKey(caller.keyId());
        return submit(caller, request, idempotencyKey, Idempotency.hash("create", choice.value(), create.prompt().strip(),
                size, Integer.toString(seconds), imageHash));
    }

    /**
     * A create with {@code reelgate_extends}: a continuation of the team's finished video on its
     * provider, model and size, for the seconds it adds (0: the least its provider adds), refused
     * before anything is reserved when that provider cannot extend it.
     */
    private VideoObject extend(ApiCaller.Identity caller, Create create, String idempotencyKey) {
        String sourceId = create.extendsVideo();
        JobView source = id(sourceId).flatMap(id -> jobs.peek(caller.teamId(), id))
                .orElseThrow(() -> ApiException.invalid("reelgate_extends", "invalid_value", "No video '" + sourceId
                        + "' in your team to extend."));
        String model = source.provider() + "/" + source.model();
        if (create.model() != null && !List.of(model, source.model()).contains(create.model())
                && !create.model().equals(source.modelId())) {
            throw ApiException.invalid("model", "invalid_value", "An extension continues '" + sourceId + "' on its own "
                    + "model, " + model + ", not '" + create.model() + "'; leave model out or send that one.");
        }
        if (create.size() != null && !create.size().equals(source.size())) {
            throw ApiException.invalid("size", "invalid_value", "An extension keeps the size of '" + sourceId + "', "
                    + source.size() + ", not '" + create.size() + "'; leave size out or send that one.");
        }
        if (create.image() != null) {
            throw ApiException.invalid("input_reference", "invalid_value", "An extension continues '" + sourceId
                    + "' from its last moment and takes no input_reference.");
        }
        int seconds = create.seconds() == null ? 0 : create.seconds();
        GenerationService.Request request = GenerationService.Request.of(caller.teamId(), caller.userId(), null, null,
                null, seconds, create.prompt()).withCreative(CreativeInputs.NONE.extending(source.id()))
                .fromApiKey(caller.keyId());
        return submit(caller, request, idempotencyKey, Idempotency.hash("extend", sourceId, create.prompt().strip(),
                Integer.toString(seconds)));
    }

    public VideoObject remix(ApiCaller.Identity caller, String videoId, String prompt, String idempotencyKey) {
        JobView source = job(caller, videoId);
        if (prompt == null || prompt.isBlank()) {
            throw ApiException.invalid("prompt", "missing_required_parameter", "Missing required parameter: 'prompt'.");
        }
        GenerationService.Request request = GenerationService.Request.of(caller.teamId(), caller.userId(), null, null,
                null, 0, prompt).withRemixOf(source.id()).fromApiKey(caller.keyId());
        return submit(caller, request, idempotencyKey, Idempotency.hash("remix", videoId, prompt.strip()));
    }

    /**
     * Submits with the Idempotency-Key as the claim: a retry with the same key and request answers
     * with the first one's video (concurrent retries wait for it); nothing is reserved twice.
     */
    private VideoObject submit(ApiCaller.Identity caller, GenerationService.Request request, String key,
            String requestHash) {
        GenerationService.Submitted submitted = generation.submit(request,
                Claim.idempotencyKey(caller.keyId(), caller.teamId(), key, requestHash, config.idempotencyTtl()));
        if (submitted instanceof GenerationService.Repeat repeat) {
            if (!repeat.sameRequest()) {
                throw new ApiException(409, "invalid_request_error", "idempotency_key_reused", null,
                        "This Idempotency-Key was used for a different request in the last 24 hours; send a "
                                + "new key for a new request.");
            }
            return view(jobs.ofTeam(caller.teamId(), repeat.jobId()).orElseThrow());
        }
        if (submitted instanceof GenerationService.Refused refused) {
            throw refusal(caller, request, refused);
        }
        return view(((GenerationService.Queued) submitted).job());
    }

    /** Refusals as OpenAI's API answers them. */
    private ApiException refusal(ApiCaller.Identity caller, GenerationService.Request request,
            GenerationService.Refused refused) {
        AdmissionResult.Rejected r = refused.rejection();
        if (r == null) {
            String param = switch (refused.reason()) {
                case "image" -> "input_reference";
                case "remixOf" -> "video_id";
                case "extends" -> "reelgate_extends";
                default -> refused.reason();
            };
            return ApiException.invalid(param, "invalid_value", refused.message());
        }
        return switch (r.reason()) {
            case INVALID_PARAMETERS -> ApiException.invalid(r.param(), "invalid_value", r.message());
            case TEAM_ARCHIVED -> new ApiException(403, "invalid_request_error", "team_archived", null, r.message());
            case BUDGET_EXCEEDED, MEMBER_CAP_EXCEEDED -> new ApiException(429, "insufficient_quota", "insufficient_quota",
                    null, r.message());
            case DAILY_LIMIT, RATE_LIMITED -> rateLimited(caller, request, r);
        };
    }

    private ApiException rateLimited(ApiCaller.Identity caller, GenerationService.Request request,
            AdmissionResult.Rejected r) {
        Duration wait = r.retryAfter() == null ? Duration.ofSeconds(1) : r.retryAfter();
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        ApiException e = new ApiException(429, "requests", "rate_limit_exceeded", null, r.message())
                .header("Retry-After", Long.toString(seconds)).header("retry-after-ms", Long.toString(wait.toMillis()));
        if (request.provider() != null) {
            Estimate estimate = admission.estimate(new AdmissionRequest(caller.teamId(), caller.userId(),
                    request.provider(), request.model(), request.size(), request.seconds(), false));
            boolean daily = r.reason() == AdmissionResult.Reason.DAILY_LIMIT;
            e.header("x-ratelimit-limit-requests", Integer.toString(daily ? estimate.perDay() : estimate.perMinute()))
                    .header("x-ratelimit-remaining-requests", "0")
                    .header("x-ratelimit-reset-requests", seconds + "s");
        }
        return e;
    }

    private ModelMenu.Choice choose(ModelMenu.Menu menu, String model) {
        if (model == null) {
            return menu.first();
        }
        return menu.find(model).orElseThrow(() -> ApiException.invalid("model", "invalid_value",
                "Invalid value: '" + model + "'. Your team may use: " + String.join(", ", menu.values()) + "."));
    }

    // ------------------------------------------------------------------ reads, delete

    public VideoObject retrieve(ApiCaller.Identity caller, String videoId) {
        return view(job(caller, videoId));
    }

    /** The team's videos (every member's, from the API and the studio), newest first unless {@code asc}. */
    public VideoList list(ApiCaller.Identity caller, int limit, String after, boolean ascending) {
        if (limit < 1 || limit > 100) {
            throw ApiException.invalid("limit", "invalid_value", "limit must be between 1 and 100.");
        }
        Long cursor = null;
        if (after != null) {
            cursor = id(after).orElseThrow(() -> ApiException.invalid("after", "invalid_value", "No video '" + after
                    + "' to continue after."));
        }
        List<JobView> rows = jobs.byId(caller.teamId(), cursor, ascending, limit + 1);
        boolean more = rows.size() > limit;
        return VideoList.of(rows.stream().limit(limit).map(this::view).toList(), more);
    }

    /** The stored asset of a finished video. */
    public VideoAsset content(ApiCaller.Identity caller, String videoId, String variantName) {
        Variant variant;
        try {
            variant = Variant.fromApiName(variantName == null ? "video" : variantName);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("variant", "invalid_value", "Invalid value: '" + variantName
                    + "'. Supported values are: 'video', 'thumbnail', and 'spritesheet'.");
        }
        JobView job = job(caller, videoId);
        if (job.state() != JobState.COMPLETED) {
            throw new ApiException(404, "invalid_request_error", "video_not_ready", null, "Video '" + videoId + "' is "
                    + status(job) + "; its content is available once it is completed.");
        }
        return jobs.asset(caller.teamId(), job.id(), variant).orElseThrow(() -> new ApiException(404,
                "invalid_request_error", "variant_not_available", "variant", "This video has no " + variant.apiName()
                        + "."));
    }

    /**
     * Deletes a finished video from storage (and at its provider where it can delete). A video still
     * being made is canceled first; when it cannot stop at once the answer says to delete it later.
     */
    public DeletedVideo delete(ApiCaller.Identity caller, String videoId) {
        JobView job = job(caller, videoId);
        if (!job.state().terminal() && generation.cancel(caller.teamId(), job.id()) != GenerationService.Cancel.CANCELED) {
            throw new ApiException(409, "invalid_request_error", "video_in_progress", null, "Video '" + videoId
                    + "' is still being made; it is being canceled. Delete it once its status is failed.");
        }
        removal.delete(caller.teamId(), job.id());
        return DeletedVideo.of(videoId);
    }

    /**
     * The caller's team's job: one read, outside a transaction (a status poll commits nothing). An
     * API request reads its job once, so the request's persistence context never holds a stale copy.
     */
    private JobView job(ApiCaller.Identity caller, String videoId) {
        return id(videoId).flatMap(id -> jobs.peek(caller.teamId(), id))
                .orElseThrow(() -> ApiException.notFound(videoId));
    }

    private static Optional<Long> id(String videoId) {
        if (videoId == null) {
            return Optional.empty();
        }
        var m = ID.matcher(videoId);
        return m.matches() ? Optional.of(Long.parseLong(m.group(1))) : Optional.empty();
    }

    // ------------------------------------------------------------------ the video object

    /** A job as OpenAI's video object: {@code seconds} a string, times in Unix seconds, never an expiry. */
    public VideoObject view(JobView job) {
        String status = status(job);
        int progress = switch (status) {
            case "completed" -> 100;
            case "in_progress" -> job.state() == JobState.SUBMITTED ? Math.max(1, Math.min(99, job.progress())) : 99;
            default -> 0;
        };
        VideoObject.VideoError error = !"failed".equals(status) ? null : new VideoObject.VideoError(
                job.state() == JobState.CANCELED ? "canceled" : job.errorCode() == null ? "failed" : job.errorCode(),
                job.errorMessage() == null ? (job.state() == JobState.CANCELED ? "The video was canceled."
                        : "The video could not be made.") : job.errorMessage());
        return new VideoObject("video_" + job.id(), "video", job.modelId() != null ? job.modelId() : job.model(), status, progress, job.createdAt().getEpochSecond(),
                job.state() == JobState.COMPLETED && job.finishedAt() != null ? job.finishedAt().getEpochSecond() : null, null,
                job.size(), Integer.toString(job.actualSeconds() != null ? job.actualSeconds() : job.seconds()), "standard",
                job.prompt(), job.remixOfJobId() == null ? null : "video_" + job.remixOfJobId(), error,
                job.extendsJobId() == null ? null : "video_" + job.extendsJobId());
    }

    static String status(JobView job) {
        return switch (job.state()) {
            case ADMITTED, SUBMITTING -> "queued";
            case SUBMITTED -> "queued".equals(job.providerStatus()) ? "queued" : "in_progress";
            case INGESTING, DERIVING -> "in_progress";
            case COMPLETED -> "completed";
            case FAILED, CANCELED -> "failed";
        };
    }
}
