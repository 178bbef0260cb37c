package io.reelgate.provider;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;

/**
 * Video providers by name, e.g. {@code reelgate.providers.openai.api-key}. Each speaks one wire
 * format ({@link #type}) and declares what it can do ({@link Capabilities}). docs/providers.md
 * lists every provider's variables and capabilities.
 *
 * <p>One piece on purpose: one configuration prefix is one mapping, with a nested interface per
 * wire format's own settings, so every key of a provider is found in one file.
 */
@ConfigMapping(prefix = "reelgate.providers")
public interface ProvidersConfig {

    @WithParentName
    Map<String, Provider> providers();

    /** The wire format a provider speaks, which picks its adapter. */
    enum Type {
        /** The OpenAI Videos API shape ({@code /videos}), in full or in part; see {@link OpenAiPreset}. */
        OPENAI,
        /** The built-in Sora simulator: the OpenAI shape at this app's {@code /sim/v1} (same as {@code openai} + {@code simulated}). */
        SIMULATOR,
        /** Replicate's predictions API ({@code https://api.replicate.com/v1}); model inputs are mapped per model ({@code reelgate.replicate.*}). */
        REPLICATE,
        /** Google's Gemini API: Veo through {@code predictLongRunning} operations ({@code https://generativelanguage.googleapis.com/v1beta}). */
        GEMINI,
        /**
         * Veo on Google Cloud's Vertex AI ({@code https://{location}-aiplatform.googleapis.com}): OAuth2
         * tokens from a service account or Application Default Credentials; see {@link VertexSettings}.
         */
        VERTEX,
        /**
         * OpenRouter's video API ({@code https://openrouter.ai/api/v1/videos}): many upstream models
         * behind one key, the cost it charged reported per job, HMAC-signed webhooks checked by the
         * adapter; see {@link OpenRouterSettings}.
         */
        OPENROUTER,
        /**
         * fal.ai's queue API ({@code https://queue.fal.run}, {@code Authorization: Key …}): one API in
         * front of Veo, Kling, Seedance and more; endpoint inputs are mapped per model
         * ({@code reelgate.fal.*}); webhooks are Ed25519-signed and checked against fal's JWKS.
         */
        FAL,
        /**
         * Runway's task API ({@code https://api.dev.runwayml.com}, Bearer key plus the required
         * {@code X-Runway-Version}): Gen-4.5, Gen-4 Turbo and partner models (Veo 3.1, Seedance),
         * prices in credits; see {@link RunwaySettings}.
         */
        RUNWAY,
        /**
         * xAI's Grok Imagine video API ({@code https://api.x.ai/v1}): create, poll by
         * {@code request_id}, extend; the REST shapes are UNCONFIRMED, so paths and field names are
         * configuration ({@link XaiSettings}).
         */
        XAI
    }

    /** Servers that speak the OpenAI Videos API shape in part, each with its own capabilities and auth. */
    enum OpenAiPreset {
        /** OpenAI's own API as it was (shut down 2026-09-24): every variant, webhooks, remix, list, delete. */
        SORA,
        /** vLLM-Omni ({@code vllm serve … --omni}): MP4 only ({@code variant} ignored), no webhooks, no remix. */
        VLLM_OMNI,
        /** LiteLLM proxy's {@code /v1/videos} (e.g. its Veo route): MP4 only, no webhooks, remix, list or delete. */
        LITELLM,
        /** Bifrost gateway's {@code /v1/videos}: MP4 only, no webhooks; ids carry the upstream provider. */
        BIFROST,
        /** Azure OpenAI's v1 video API: {@code api-key} header, base {@code https://<resource>.openai.azure.com/openai/v1}. */
        AZURE
    }

    /** How the API key is sent. */
    enum AuthScheme {
        /** {@code Authorization: Bearer <key>}. */
        BEARER,
        /** {@code api-key: <key>} (Azure OpenAI). */
        API_KEY
    }

    interface Provider {
        /** Whether teams can use this provider. */
        @WithDefault("true")
        boolean enabled();

        @WithDefault("openai")
        Type type();

        /** Name shown to people. */
        Optional<String> label();

        /** API base URL including its version path (e.g. {@code https://api.openai.com/v1}); default: the provider's own. */
        Optional<String> baseUrl();

        /** Talk to this app's simulator of the provider's wire format instead of the real service (dev and test). */
        @WithDefault("false")
        boolean simulated();

        /** API key (env {@code REELGATE_PROVIDERS_<NAME>_API_KEY}). */
        Optional<String> apiKey();

        /** Optional {@code OpenAI-Organization} header. */
        Optional<String> organization();

        /** Optional {@code OpenAI-Project} header. */
        Optional<String> project();

        /** Name of the model catalog and price book this provider offers ({@link CatalogsConfig}). */
        @WithDefault("sora")
        String catalog();

        @WithDefault("10S")
        Duration connectTimeout();

        /** Time allowed for a response to start (headers); downloads then stream without it. */
        @WithDefault("60S")
        Duration readTimeout();

        /** Retries after a 429, 5xx or connection failure, each after exponential backoff with full jitter. */
        @WithDefault("4")
        int maxRetries();

        /** Total time one call may spend waiting between retries. */
        @WithDefault("30S")
        Duration retryBudget();

        /** First backoff step; doubles each retry up to {@link #backoffCap()}. */
        @WithDefault("1S")
        Duration backoffBase();

        @WithDefault("16S")
        Duration backoffCap();

        /**
         * The organisation's own limit on generation requests (create, remix) to this provider per
         * minute, shared by all Reelgate instances (the dispatcher's token bucket).
         */
        @WithDefault("50")
        int upstreamRequestsPerMinute();

        /**
         * Standard Webhooks signing secrets ({@code whsec_…}, or raw) for this provider's webhooks;
         * list two during a rotation. Without one, Reelgate polls even where the provider could
         * send webhooks.
         */
        Optional<List<String>> webhookSecrets();

        /**
         * Fetch the webhook signing secret from the provider's API instead of configuring it
         * (Replicate: {@code GET /v1/webhooks/default/secret}, cached; fetched again when a delivery
         * does not verify, so a rotation is picked up).
         */
        @WithDefault("false")
        boolean webhookSecretFromApi();

        /** OpenAI-shape servers: which one this is ({@code sora}, {@code vllm-omni}, {@code litellm}, {@code bifrost}, {@code azure}). */
        @WithDefault("sora")
        OpenAiPreset preset();

        /** How the key is sent; default: the preset's ({@code api-key} for Azure, {@code bearer} otherwise). */
        Optional<AuthScheme> authScheme();

        /** An {@code api-version} query parameter added to every call (Azure's preview APIs need one). */
        Optional<String> apiVersion();

        /** Overrides of what the adapter or preset declares the provider can do. */
        CapabilityOverrides capabilities();

        /**
         * Whether an output this provider's filter removed is charged (does the provider bill it?);
         * default {@code reelgate.budget.charge-moderation-blocked}.
         */
        Optional<Boolean> chargeModerationBlocked();

        /**
         * Model ids the provider has retired, each with what to use instead, named when the provider
         * refuses one, e.g. {@code …replaced-models."veo-3.0-generate-001"=veo-3.1-generate-001}.
         */
        Map<String, String> replacedModels();

        /**
         * Creative control per model (reference images, last frame, extension) on top of what the
         * adapter declares ({@link Creative}), for rules REFERENCE.md leaves UNCONFIRMED, e.g.
         * {@code reelgate.providers.veo.creative."veo-3.1-generate-preview".reference-seconds=8}.
         */
        Map<String, CreativeOverrides> creative();

        /** Vertex AI only ({@code type=vertex}): project, location, credentials and result storage. */
        VertexSettings vertex();

        /** OpenRouter only ({@code type=openrouter}): how results are fetched and failures read. */
        OpenRouterSettings openrouter();

        /** Runway only ({@code type=runway}): API version, polling pace, uploads. */
        RunwaySettings runway();

        /** xAI only ({@code type=xai}): the REST paths and field names (UNCONFIRMED shapes). */
        XaiSettings xai();
    }

    /**
     * How a {@code type=runway} provider talks to Runway (REFERENCE.md §4), e.g.
     * {@code reelgate.providers.runway.runway.version=2024-11-06}.
     */
    interface RunwaySettings {
        /** The required {@code X-Runway-Version} header (the official SDK's default). */
        @WithDefault("2024-11-06")
        String version();

        /**
         * No task is polled more often than this (Runway asks for 5 s or more): a status read sooner
         * is answered from the last one instead of calling Runway.
         */
        @WithDefault("5S")
        Duration minPollInterval();

        /**
         * Images up to this size travel inline as data URIs (Runway takes ≤ 5 MB); larger ones go
         * through Runway's upload flow ({@code POST /v1/uploads}, then the returned {@code runwayUri}).
         */
        @WithDefault("5000000")
        int maxDataUriBytes();

        /** Models that take a {@code negativePrompt} (Runway's Veo models); others get none. */
        @WithDefault("veo3.1,veo3.1_fast,veo3")
        List<String> negativePromptModels();

        /** Models that take a {@code seed} (and {@code contentModeration}); others get none. */
        @WithDefault("gen4.5,gen4_turbo")
        List<String> seedModels();

        /** Models that take a last frame ({@code promptImage} with {@code position: "last"}), always with a first. */
        @WithDefault("veo3.1,veo3.1_fast")
        List<String> lastFrameModels();

        /**
         * Models that take reference images (Seedance: "reference images, no position"), sent as
         * {@code referenceImages: [{uri}]}; the field's name is UNCONFIRMED
         * ({@link #referenceImagesField()}), as are how many (see {@code creative."<model>".max-references}).
         */
        @WithDefault("seedance2,seedance2_fast,seedance2_mini")
        List<String> referenceModels();

        @WithDefault("referenceImages")
        String referenceImagesField();

        /** Models that make a video only from a first frame ({@code image_to_video} only). */
        @WithDefault("gen4_turbo")
        List<String> imageOnlyModels();

        /**
         * Ratios {@code text_to_video} takes per model, where fewer than {@code image_to_video}
         * (e.g. {@code …text-ratios.gen4\.5=1280:720,720:1280}); a text-only request in another
         * ratio is refused before anything is sent.
         */
        Map<String, List<String>> textRatios();

        /**
         * How long an output URL stays valid when nothing says (Runway: 24–48 h); a download that
         * finds it expired reads the task again for a fresh one.
         */
        @WithDefault("24H")
        Duration outputTtl();
    }

    /**
     * The REST shape of a {@code type=xai} provider (REFERENCE.md §5). xAI's official SDK speaks
     * gRPC, and these REST names are what independent clients use (UNCONFIRMED against docs.x.ai):
     * every one is configuration with those values as defaults, e.g.
     * {@code reelgate.providers.xai.xai.create-path=/videos/generations}.
     */
    interface XaiSettings {
        /** Create a video ({@code POST}), answering {@code {"request_id": …}}. */
        @WithDefault("/videos/generations")
        String createPath();

        /** Extend a video ({@code POST}) with {@code {model, prompt, duration, video: {url}}}. */
        @WithDefault("/videos/extensions")
        String extendPath();

        /** A request's status ({@code GET}); {@code {id}} is replaced by the request id. */
        @WithDefault("/videos/{id}")
        String statusPath();

        /** Field names of the create body. */
        @WithDefault("duration")
        String durationField();

        @WithDefault("aspect_ratio")
        String aspectRatioField();

        @WithDefault("resolution")
        String resolutionField();

        /** The first frame: {@code {"<field>": {"<image-url-field>": "data:…"}}}. */
        @WithDefault("image")
        String imageField();

        @WithDefault("url")
        String imageUrlField();

        /**
         * Reference images: {@code {"<field>": [{"<image-url-field>": "data:…"}, …]}} (the SDK has
         * {@code reference_images}; their REST shape and how many a model takes are UNCONFIRMED, see
         * {@code creative."<model>".max-references}).
         */
        @WithDefault("reference_images")
        String referenceImagesField();

        @WithDefault("generate_audio")
        String audioField();

        /** The create answer's id field. */
        @WithDefault("request_id")
        String requestIdField();

        /** JSON pointers into a status answer. */
        @WithDefault("/status")
        String statusPointer();

        @WithDefault("/video/url")
        String videoUrlPointer();

        @WithDefault("/video/respect_moderation")
        String moderationPointer();

        @WithDefault("/progress")
        String progressPointer();

        /** What xAI charged, in ticks of 1e-10 USD. */
        @WithDefault("/usage/cost_in_usd_ticks")
        String costPointer();

        /** The longest extension one request adds, in seconds (the SDK: 1–10 s). */
        @WithDefault("10")
        int maxExtensionSeconds();
    }

    /**
     * How a {@code type=openrouter} provider reads OpenRouter's answers, e.g.
     * {@code reelgate.providers.openrouter.openrouter.prefer-signed-urls=true}.
     */
    interface OpenRouterSettings {
        /**
         * Fetch a finished video from the signed {@code urls[]} of its status (no API key sent) when
         * there are any, instead of {@code GET /videos/{id}/content} with the key. Their lifetime is
         * UNCONFIRMED, so the content endpoint stays the default and the fallback.
         */
        @WithDefault("false")
        boolean preferSignedUrls();

        /**
         * A failed job's {@code error} is free text; one that matches this (case-insensitive)
         * pattern is taken as a content refusal ({@code moderation_blocked}). OpenRouter's wording
         * is UNCONFIRMED.
         */
        @WithDefault("moderat|content policy|safety|flagged|nsfw|prohibited")
        String moderationPattern();
    }

    /**
     * Where and as whom a {@code type=vertex} provider calls Vertex AI, e.g.
     * {@code reelgate.providers.vertex.vertex.project=my-project}.
     */
    interface VertexSettings {
        /** The Google Cloud project billed for the videos; default: the project of the key file or ADC. */
        Optional<String> project();

        /** The region ({@code us-central1}, …), or {@code global} for the global endpoint (Veo there is UNCONFIRMED). */
        @WithDefault("us-central1")
        String location();

        /**
         * A service-account key file (JSON; {@code classpath:…} for one in the jar); without it,
         * Application Default Credentials ({@code GOOGLE_APPLICATION_CREDENTIALS}, gcloud, the metadata
         * server with GKE workload identity).
         */
        Optional<String> credentialsFile();

        /** The REST version in the path: Google's docs use {@code v1}, the python SDK {@code v1beta1}. */
        @WithDefault("v1")
        String apiVersion();

        /**
         * {@code gs://bucket/prefix/}: Vertex writes the videos there and Reelgate downloads them with
         * the same credentials (needs {@code storage.objects.get}); without it, videos come back inline
         * as base64 in the operation (streamed, never held whole in memory).
         */
        Optional<String> storageUri();

        /** Delete a result from the bucket once Reelgate has stored its copy (needs {@code storage.objects.delete}). */
        @WithDefault("false")
        boolean deleteAfterIngest();

        /** {@code dont_allow}, {@code allow_adult} or {@code allow_all}; default: Vertex's own (region-dependent). */
        Optional<String> personGeneration();

        /** The OAuth2 token endpoint instead of the key file's (the simulator's in dev and test). */
        Optional<String> tokenUri();

        /** The Cloud Storage JSON API host; default {@code https://storage.googleapis.com}. */
        Optional<String> storageBaseUrl();
    }

    /**
     * Each value replaces the adapter's or preset's declaration, e.g.
     * {@code reelgate.providers.local.capabilities.variants=video} or {@code …remix=false}.
     */
    interface CapabilityOverrides {
        /** Variants the provider serves: {@code video}, {@code thumbnail}, {@code spritesheet}. */
        Optional<List<String>> variants();

        /** {@code none} or {@code standard-webhooks}. */
        Optional<Capabilities.WebhookSigning> webhooks();

        Optional<Boolean> remix();

        /** {@code false}: the provider takes no first-frame image. */
        Optional<Boolean> imageInput();

        /** Media types of first-frame images the provider takes, e.g. {@code image/jpeg,image/png}. */
        Optional<List<String>> imageFormats();

        /** Whether the image must have exactly the requested size. */
        Optional<Boolean> imageMustMatchSize();

        /** Whether it lists jobs (Reelgate uses it to find a create whose answer was lost). */
        Optional<Boolean> list();

        /** Whether a stored video can be deleted at the provider. */
        Optional<Boolean> delete();

        /** Whether a running job can be canceled at the provider. */
        Optional<Boolean> cancel();

        /** {@code download-endpoint} or {@code result-url}. */
        Optional<Capabilities.Delivery> delivery();

        /** How long a finished video stays downloadable when the provider does not say. */
        Optional<Duration> resultTtl();

        /** Whether its videos have sound. */
        Optional<Boolean> audio();

        /** Longest prompt it takes, in characters. */
        Optional<Integer> maxPromptLength();

        /** Whether it takes a negative prompt. */
        Optional<Boolean> negativePrompt();
    }

    /**
     * One model's creative control, each value replacing the adapter's declaration ({@link Creative}),
     * e.g. {@code reelgate.providers.xai.creative."grok-imagine-video".max-references=3}.
     */
    interface CreativeOverrides {
        /** How many reference images one request may carry (0: none). */
        Optional<Integer> maxReferences();

        /** Which kinds: {@code asset}, {@code style}. */
        Optional<List<Reference.Kind>> referenceKinds();

        /** Whether references may come with a first frame. */
        Optional<Boolean> referencesWithFirstFrame();

        /** Whether references may come with a last frame. */
        Optional<Boolean> referencesWithLastFrame();

        /** The only aspect ratios of a video with references, e.g. {@code 16:9}. */
        Optional<List<String>> referenceAspectRatios();

        /** The only lengths of a video with references, e.g. {@code 8}. */
        Optional<List<Integer>> referenceSeconds();

        /** Whether the model can end on a given image. */
        Optional<Boolean> lastFrame();

        /** Whether a last frame needs a first frame. */
        Optional<Boolean> lastFrameNeedsFirstFrame();

        /** Whether the provider extends this model's videos. */
        Optional<Boolean> extension();

        /** The least seconds one extension adds. */
        Optional<Integer> extensionMinSeconds();

        /** The most seconds one extension adds. */
        Optional<Integer> extensionMaxSeconds();

        /** The longest source video it extends, in seconds. */
        Optional<Integer> extensionMaxSourceSeconds();
    }
}
