package io.reelgate.provider;

/**
 * A provider that can make a video longer: a new job whose video continues a finished one
 * (xAI's {@code /videos/extensions}). The adapter implements it beside {@link VideoProvider};
 * what it can extend and by how much is in {@link Limits}.
 */
public interface VideoExtender {

    /**
     * The source is a video this provider made and still serves at {@code sourceUrl}; the new job
     * adds {@code seconds} to it and is tracked like any other ({@link VideoProvider#retrieve}).
     */
    record ExtendVideo(String model, String prompt, int seconds, String sourceUrl) {
    }

    /** How long one extension may be. */
    record Limits(int minSeconds, int maxSeconds) {
        public boolean allows(int seconds) {
            return seconds >= minSeconds && seconds <= maxSeconds;
        }
    }

    Limits extensionLimits();

    ProviderResult<RemoteVideo> extend(ExtendVideo request);
}
