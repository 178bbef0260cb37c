package io.reelgate.provider;

/**
 * The port to a video generation service. Every call returns a typed {@link ProviderResult}: the
 * expected failures of SPEC §2 (sentinel block, rate limit, invalid parameters, ...) are values the
 * pipeline acts on, not exceptions. What a provider can do at all is in {@link #capabilities()};
 * calls it cannot do answer {@link ProviderError.Kind#UNSUPPORTED}. Implementations: the OpenAI
 * Videos API shape ({@code openai/}, with presets for servers that speak it in part).
 */
public interface VideoProvider {

    /** The configured name, e.g. {@code openai} or {@code simulator}. */
    String name();

    /** The models, sizes, durations and prices this provider offers. */
    ModelCatalog catalog();

    /** What this provider can do (declared by the adapter or preset, overridden by configuration). */
    Capabilities capabilities();

    ProviderResult<RemoteVideo> create(CreateVideo request);

    /**
     * What the provider would refuse of this request by its own rules (a model that needs a first
     * frame, a ratio its text-to-video endpoint does not take), said before anything is reserved:
     * an {@link ProviderError.Kind#INVALID_REQUEST} with the {@code param} and a sentence for people.
     */
    default java.util.Optional<ProviderError> refusal(CreateVideo request) {
        return java.util.Optional.empty();
    }

    /**
     * What {@code model} can do for creative control: reference images (how many, which kinds, with
     * what), a last frame, extension ({@link Creative}); {@link Creative#NONE} where nothing is known.
     */
    default Creative creative(String model) {
        return Creative.NONE;
    }

    ProviderResult<RemoteVideo> remix(String videoId, String prompt);

    ProviderResult<RemoteVideo> retrieve(String videoId);

    /** Opens one variant of a completed video as a stream; the caller closes it. */
    ProviderResult<VideoContent> download(ResultRef result, Variant variant);

    ProviderResult<VideoPage> list(ListQuery query);

    /** Stops a job that is still running (where the provider can). */
    ProviderResult<Boolean> cancel(String videoId);

    /** Deletes the provider's copy of a video (where the provider keeps one and can delete it). */
    ProviderResult<Boolean> delete(String videoId);

    /**
     * Checks a delivery signed the provider's own way ({@link Capabilities.WebhookSigning#OWN}):
     * signature, timestamp tolerance and key rotation are the adapter's; the resource then reads the
     * event with {@link #webhookEvent} under the returned delivery id.
     */
    default WebhookDelivery.Check verifyWebhook(WebhookDelivery delivery) {
        return WebhookDelivery.Check.refused(StandardWebhooks.Verdict.BAD_SIGNATURE);
    }

    /**
     * Whether a finished job's status says what the provider billed for it
     * ({@link RemoteVideo#billedMicros}): the pipeline then reads that status once even after a
     * completion webhook, so the bill reaches settlement.
     */
    default boolean reportsBill() {
        return false;
    }

    /**
     * The video is safely in Reelgate's storage: a provider that keeps results in the organisation's
     * own storage may drop its copy now (Vertex's bucket, when configured). Best effort, never fails.
     */
    default void ingested(ResultRef result) {
    }

    /**
     * As whom and where this provider is called, for the operator console (never a secret), and a
     * configuration problem seen at start or on a call; empty where the API key is all there is.
     */
    default java.util.Optional<Account> account() {
        return java.util.Optional.empty();
    }

    /**
     * The cheapest authenticated call this provider has, for the operator console's "Test connection":
     * on success one line saying what the provider answered (who the key belongs to, a balance, how many
     * models it lists), never a secret; on failure the provider's error (401/403 → {@link ProviderError.Kind#UNAUTHORIZED}
     * or what the adapter's error mapping gives). One attempt or the adapter's short retry policy: a wrong
     * key answers at once. Every adapter makes its own call (docs/providers.md, "Test connection"); this
     * default only answers for providers that are not adapters.
     */
    default ProviderResult<String> testConnection() {
        return ProviderResult.failed(ProviderError.unsupported(name(), "test its connection"));
    }

    /**
     * @param identity who the provider sees, e.g. a service account's email
     * @param details project, location and the like
     * @param lastRefresh when the last access token was obtained (null: none yet)
     * @param problem what stops the provider from working, in one sentence (null: nothing known)
     */
    record Account(String identity, String details, java.time.Instant lastRefresh, String problem) {
    }

    /**
     * The pipeline's event in a verified webhook body of this provider, or empty for events that
     * are not about a finished video; throws when the body is not this provider's webhook at all.
     */
    java.util.Optional<VideoEvent> webhookEvent(String webhookId, byte[] body) throws java.io.IOException;
}
