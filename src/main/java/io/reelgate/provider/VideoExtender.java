package io.reelgate.provider;

/**
 * A provider that can make a video longer: a new job whose video continues a finished one
 * (xAI's {@code /videos/extensions}, Veo's {@code video} input on the Gemini API, fal's
 * {@code extend-video}, OpenRouter's {@code previous_job_id}). The adapter implements it beside
 * {@link VideoProvider}; what it can extend and by how much is said per model by
 * {@link Creative.Extension}.
 */
public interface VideoExtender {

    /**
     * The source is a video this provider made and still serves at {@code sourceUrl} (its job
     * {@code sourceId}, where the provider extends by job; {@code sourceSeconds} long, 0 when not
     * known); the new job adds {@code seconds} to it and is tracked like any other
     * ({@link VideoProvider#retrieve}).
     */
    record ExtendVideo(String model, String prompt, int seconds, String sourceUrl, String sourceId, int sourceSeconds) {
        public ExtendVideo(String model, String prompt, int seconds, String sourceUrl) {
            this(model, prompt, seconds, sourceUrl, null, 0);
        }
    }

    /** How long one extension may be. */
    record Limits(int minSeconds, int maxSeconds) {
    }

    ProviderResult<RemoteVideo> extend(ExtendVideo request);
}
