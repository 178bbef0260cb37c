package io.reelgate.provider.simulator;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The built-in Sora simulator: an implementation of the OpenAI Videos API served by this app under
 * {@code /sim/v1} (on in dev and test, off in production), so the real client runs everywhere.
 *
 * <p>One piece on purpose: one configuration prefix is one mapping, with a nested interface per
 * simulated wire format.
 */
@ConfigMapping(prefix = "reelgate.simulator")
public interface SimulatorConfig {

    /** Serve {@code /sim/v1} and {@code /sim/admin}; when false both answer 404. */
    @WithDefault("false")
    boolean enabled();

    /**
     * Run as the standalone provider simulator ({@code quarkus.profile=simulator}): only {@code /sim/**}
     * is served, every other route answers 404, and the process needs no database, storage or
     * identity provider. Compose and the production end-to-end test reach it over the network.
     */
    @WithDefault("false")
    boolean standalone();

    /**
     * The address clients reach the simulators at, for the URLs they hand out (Veo file URIs,
     * Replicate output and prediction URLs), e.g. {@code http://simulator:8080} in compose. Default:
     * this process's loopback address.
     */
    Optional<String> publicUrl();

    /** Bearer keys the simulated API accepts and answers like OpenAI's own; each key sees only its own videos. */
    List<String> apiKeys();

    /**
     * Further keys, each answered like a server that speaks the API in part, e.g.
     * {@code reelgate.simulator.keys.sk-sim-vllm.behaviour=vllm-omni}: so the real client runs
     * against every behaviour Reelgate supports.
     */
    Map<String, Key> keys();

    /** How a key's server behaves. */
    enum Behaviour {
        /** OpenAI's own API: every variant, signed webhooks, expiring content, remix. */
        SORA,
        /**
         * vLLM-Omni: {@code variant} ignored (every variant is the MP4), no webhooks, no
         * {@code expires_at}, no remix, progress only 0 or 100, content 404 while generating, no
         * content filter (trigger words do nothing).
         */
        VLLM_OMNI,
        /** A strict partial server: the MP4 only (404 for other variants), no webhooks, no {@code expires_at}, no remix. */
        VIDEO_ONLY
    }

    interface Key {
        @WithDefault("sora")
        Behaviour behaviour();

        /** Catalog this key validates against; default {@link #catalog()}. */
        Optional<String> catalog();
    }

    /** Bearer key for {@code /sim/admin} (fault control); defaults to the first API key. */
    Optional<String> adminKey();

    /** Generation requests (create, remix) allowed per key per sliding minute before 429. */
    @WithDefault("60")
    int requestsPerMinute();

    /** How long a new job stays {@code queued}. */
    @WithDefault("2S")
    Duration queueTime();

    /** How long a job stays {@code in_progress} (progress rises over this time). */
    @WithDefault("8S")
    Duration generationTime();

    /** How long content can be downloaded after completion; then 404, like the real API's ~1 h. */
    @WithDefault("1H")
    Duration contentTtl();

    /** Longest prompt accepted, in characters. */
    @WithDefault("10000")
    int maxPromptLength();

    /** Catalog (models, sizes, durations) the simulator validates against. */
    @WithDefault("sora")
    String catalog();

    Render render();

    Replicate replicate();

    Gemini gemini();

    Vertex vertex();

    /**
     * The simulated Vertex AI (Veo) under {@code /sim/vertex}: an OAuth token endpoint for service-account
     * JWTs, {@code predictLongRunning}/{@code fetchPredictOperation}, and the Cloud Storage JSON API for
     * results written to {@code storageUri}.
     */
    interface Vertex {
        /**
         * Service-account key files whose accounts may sign token requests (a path, or {@code classpath:…});
         * the public key is derived from each file's private key.
         */
        @WithDefault("classpath:simulator/vertex-service-account.json")
        List<String> serviceAccountFiles();

        /**
         * The {@code aud} values a token request may carry besides this simulator's own token URL:
         * google-auth-library-java always signs Google's token URL, even with another token server URI.
         */
        @WithDefault("https://oauth2.googleapis.com/token")
        List<String> tokenAudiences();

        /** Lifetime of the access tokens issued ({@code expires_in}); Google's is 3599 s. */
        @WithDefault("3599S")
        Duration tokenLifetime();

        /** The only project the service accounts may use; any other answers 403 PERMISSION_DENIED. */
        @WithDefault("reelgate-dev")
        String project();

        /** Catalog whose models, lengths and shapes it accepts. */
        @WithDefault("vertex")
        String catalog();

        /** Models answered with 404 "is no longer available" (Google retires model ids). */
        @WithDefault("veo-3.0-generate-001,veo-3.0-fast-generate-001,veo-2.0-generate-001")
        List<String> retiredModels();

        /** Prompt phrases whose operation ends with an {@code error} (google.rpc.Status code 13). */
        @WithDefault("operation-error-trigger")
        List<String> errorWords();

        /** {@code predictLongRunning} calls allowed per model per sliding minute before 429 (Google: 50). */
        @WithDefault("10000")
        int requestsPerMinute();
    }

    OpenRouter openRouter();

    /**
     * The simulated OpenRouter video API ({@code /sim/openrouter/api/v1}), for providers with
     * {@code type=openrouter} and {@code simulated=true}. Prompt phrases (case-insensitive) steer a
     * job: what it is billed, whether credits run out, and how it ends. Its models list
     * ({@code GET /videos/models}) is the catalog, unless the admin switch
     * {@code PUT /sim/openrouter/admin/list-prices} ({@code {"model": "usd per second"}}) lists other
     * prices or an extra model, for testing an operator's catalog refresh.
     */
    interface OpenRouter {
        /** Bearer keys it accepts; each sees only its own jobs. */
        @WithDefault("sk-or-sim-reelgate-dev")
        List<String> apiKeys();

        /** The workspace signing secret its webhooks are signed with ({@code X-OpenRouter-Signature}). */
        @WithDefault("openrouter-simulator-dev-secret")
        String webhookSecret();

        /** Catalog whose models, lengths, shapes and list prices it accepts and bills from. */
        @WithDefault("openrouter")
        String catalog();

        /** {@code usage.cost} of a completed job as a multiple of its list price (seconds × price per second). */
        @WithDefault("1")
        java.math.BigDecimal costFactor();

        /** Prompt phrases whose job is billed {@link #belowFactor()} times the list price. */
        @WithDefault("bill-below")
        List<String> belowWords();

        @WithDefault("0.5")
        java.math.BigDecimal belowFactor();

        /** Prompt phrases whose job is billed {@link #aboveFactor()} times the list price. */
        @WithDefault("bill-above")
        List<String> aboveWords();

        @WithDefault("1.5")
        java.math.BigDecimal aboveFactor();

        /** Prompt phrases whose completed job reports {@code usage.cost: null}. */
        @WithDefault("bill-unknown")
        List<String> unbilledWords();

        /** Prompt phrases whose create is refused with 402 (out of credits), as {@code FaultPlan.paymentRequiredNext} does. */
        @WithDefault("out-of-credits")
        List<String> outOfCreditsWords();

        /** Prompt phrases whose job ends {@code cancelled}. */
        @WithDefault("job-cancelled-trigger")
        List<String> cancelledWords();

        /** Prompt phrases whose job ends {@code expired}. */
        @WithDefault("job-expired-trigger")
        List<String> expiredWords();
    }

    Runway runway();

    /**
     * The simulated Runway task API ({@code /sim/runway/v1}: Bearer key and the required
     * {@code X-Runway-Version}; pre-signed outputs at {@code /sim/runway/outputs}, upload targets at
     * {@code /sim/runway/upload}), for providers with {@code type=runway} and {@code simulated=true}.
     */
    interface Runway {
        /** Bearer keys it accepts; each sees only its own tasks. */
        @WithDefault("runway-sim-reelgate-dev")
        List<String> apiKeys();

        /** {@code X-Runway-Version} values it accepts; without the header, or another value, it answers 400. */
        @WithDefault("2024-11-06")
        List<String> versions();

        /** Catalog whose models, lengths and ratios it accepts. */
        @WithDefault("runway")
        String catalog();

        /** Tasks of one key that run at once; more wait {@code THROTTLED} (Runway's tier 1: 1–2). */
        @WithDefault("2")
        int concurrency();

        /** How long an output URL stays valid once a task read hands it out (Runway: 24–48 h). */
        @WithDefault("24H")
        Duration outputTtl();

        /** Models only {@code image_to_video} takes. */
        @WithDefault("gen4_turbo")
        List<String> imageOnlyModels();

        /** Models that take a last frame (never without a first). */
        @WithDefault("veo3.1,veo3.1_fast")
        List<String> lastFrameModels();

        /** Models whose schema has {@code seed} and {@code contentModeration}; others refuse them. */
        @WithDefault("gen4.5,gen4_turbo")
        List<String> seedModels();

        /** Prompt phrases whose task fails {@code INPUT_PREPROCESSING.SAFETY.THIRD_PARTY} (a partner model's filter). */
        @WithDefault("third-party-refusal")
        List<String> thirdPartyRefusalWords();

        /** Ratios {@code text_to_video} takes per model where fewer than the catalog's (e.g. {@code gen4.5}). */
        Map<String, List<String>> textRatios();

        /** Largest {@code data:} URI in {@code promptImage}, in characters (Runway: 5 MB). */
        @WithDefault("5000000")
        int maxDataUriLength();

        /** Prompt phrases whose task fails {@code INTERNAL.BAD_OUTPUT.CODE01} (a quality rejection). */
        @WithDefault("bad-output-trigger")
        List<String> badOutputWords();

        /** Prompt phrases whose first handed-out output URL has already expired (a later read gets a fresh one). */
        @WithDefault("short-lived-output")
        List<String> shortLivedOutputWords();
    }

    Xai xai();

    /**
     * The simulated xAI video API ({@code /sim/xai/v1}, the REST shape of REFERENCE.md §5; results
     * at {@code /sim/xai/files}), for providers with {@code type=xai} and {@code simulated=true}.
     */
    interface Xai {
        /** Bearer keys it accepts; each sees only its own requests. */
        @WithDefault("xai-sim-reelgate-dev")
        List<String> apiKeys();

        /** Catalog whose models, lengths, shapes and list prices it accepts and bills from. */
        @WithDefault("xai")
        String catalog();

        /** Prompt phrases whose request ends {@code expired}. */
        @WithDefault("job-expired-trigger")
        List<String> expiredWords();

        /** Prompt phrases whose request ends {@code failed} with an error. */
        @WithDefault("job-failed-trigger")
        List<String> failedWords();
    }

    Fal fal();

    /**
     * The simulated fal.ai ({@code /sim/fal}: the queue at {@code /queue}, storage uploads at
     * {@code /rest}, outputs at {@code /cdn}, webhook keys at {@code /.well-known/jwks.json}), for
     * providers with {@code type=fal} and {@code simulated=true}.
     */
    interface Fal {
        /** Keys it accepts ({@code Authorization: Key …}); each sees only its own requests. */
        @WithDefault("fal-sim-reelgate-dev")
        List<String> apiKeys();

        /** Requests of one key that run at once; more wait {@code IN_QUEUE} with a queue position (fal: 2 for new accounts). */
        @WithDefault("2")
        int concurrency();

        /** The user id in the webhooks' {@code X-Fal-Webhook-User-Id}. */
        @WithDefault("sim-fal-user")
        String userId();

        /** Delivery attempts per webhook (fal: 10 over 2 hours). */
        @WithDefault("10")
        int webhookAttempts();

        /** First retry delay of a webhook; doubles per attempt. */
        @WithDefault("15S")
        Duration webhookRetryBase();

        /** Catalog whose models, lengths and shapes the simulated endpoints accept (with {@code reelgate.fal.models}). */
        @WithDefault("fal")
        String catalog();
    }

    /** The simulated Gemini API ({@code /sim/gemini/v1beta}), for providers with {@code type=gemini} and {@code simulated=true}. */
    interface Gemini {
        /** API keys it accepts ({@code x-goog-api-key}); each sees only its own operations. */
        @WithDefault("sim-gemini-reelgate-dev")
        List<String> apiKeys();

        /** Send static {@code video.generated} webhooks, signed with {@link #webhookSecret()}. */
        @WithDefault("true")
        boolean webhooks();

        /** Where to send them; default this app's {@code /webhooks/veo}. */
        Optional<String> webhookUrl();

        @WithDefault("whsec_Z2VtaW5pLXNpbXVsYXRvci1kZXYtc2VjcmV0LTAwMDE=")
        String webhookSecret();

        /** Models answered with 404 "is no longer available" (Google retires model ids). */
        Optional<List<String>> retiredModels();

        /** Prompt phrases whose operation ends with an {@code error} (google.rpc.Status INTERNAL). */
        @WithDefault("operation-error-trigger")
        List<String> errorWords();

        /** Prompt phrases whose video comes inline as base64 instead of by URI. */
        @WithDefault("inline-video")
        List<String> inlineWords();

        /** Catalog whose models, lengths and shapes it accepts. */
        @WithDefault("veo")
        String catalog();
    }

    /** The simulated Replicate API ({@code /sim/replicate/v1}), for providers with {@code type=replicate} and {@code simulated=true}. */
    interface Replicate {
        /** Bearer tokens it accepts; each sees only its own predictions. */
        @WithDefault("r8-sim-reelgate-dev")
        List<String> apiTokens();

        /** The account's webhook signing secret, served at {@code GET /webhooks/default/secret}. */
        @WithDefault("whsec_cmVwbGljYXRlLXNpbXVsYXRvci1kZXYtc2VjcmV0LTAx")
        String webhookSecret();

        /** How long outputs stay downloadable after completion (Replicate: one hour), then {@code data_removed}. */
        @WithDefault("1H")
        Duration outputTtl();

        /** Catalog whose models, lengths and shapes the simulated models accept. */
        @WithDefault("replicate")
        String catalog();
    }

    Webhook webhook();

    Triggers triggers();

    interface Render {
        /**
         * Longest side of rendered frames in pixels. Output keeps the requested aspect ratio at this
         * reduced resolution (documented fidelity trade-off: pure-Java H.264 costs ~30 ms per 640x360 frame).
         */
        @WithDefault("640")
        int maxDimension();

        /** Frames per second of rendered clips; duration is exact at any rate. */
        @WithDefault("12")
        int fps();

        /** Render cache directory; identical render inputs reuse earlier output. Default: target/embedded/sim-cache. */
        Optional<String> cacheDir();

        /** Clips rendered in parallel. */
        @WithDefault("2")
        int threads();
    }

    interface Webhook {
        /** Send signed {@code video.completed}/{@code video.failed} webhooks. */
        @WithDefault("true")
        boolean enabled();

        /** Where to send them; default this app's {@code /webhooks/openai} on the loopback interface. */
        Optional<String> url();

        /** Standard Webhooks secret ({@code whsec_…}) used to sign. */
        String secret();

        /** Delivery attempts per event (the real API retries for up to 72 h). */
        @WithDefault("8")
        int maxAttempts();

        /** First retry delay; doubles per attempt. */
        @WithDefault("1S")
        Duration retryBase();
    }

    interface Triggers {
        /** Prompt phrases (case-insensitive) rejected at create with {@code sentinel_block}. */
        List<String> sentinelWords();

        /** Prompt phrases whose generation fails at the end with {@code moderation_blocked}. */
        List<String> moderationWords();
    }
}
