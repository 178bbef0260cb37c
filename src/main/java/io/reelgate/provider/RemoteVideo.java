package io.reelgate.provider;

import java.time.Instant;

/**
 * A provider's job as its API reports it, in one shape for every adapter. {@code seconds} is a
 * number (0 when not reported); {@code errorCode}/{@code errorMessage} are set for failed jobs and
 * may hold codes this client has never seen; {@code resultUrl} is where a finished video can be
 * fetched for providers that deliver by URL ({@code expiresAt} says until when, when known);
 * {@code billedMicros} is what the provider says it charged for the job, in micro-dollars (null:
 * it reports no cost, REFERENCE.md §10).
 */
public record RemoteVideo(String id, String model, VideoStatus status, int progress, Instant createdAt,
        Instant completedAt, Instant expiresAt, String size, int seconds, String quality, String prompt,
        String remixedFromVideoId, String errorCode, String errorMessage, String resultUrl, Long billedMicros) {

    /** A job whose provider reports no cost. */
    public RemoteVideo(String id, String model, VideoStatus status, int progress, Instant createdAt,
            Instant completedAt, Instant expiresAt, String size, int seconds, String quality, String prompt,
            String remixedFromVideoId, String errorCode, String errorMessage, String resultUrl) {
        this(id, model, status, progress, createdAt, completedAt, expiresAt, size, seconds, quality, prompt,
                remixedFromVideoId, errorCode, errorMessage, resultUrl, null);
    }

    /** The same job with what the provider billed for it. */
    public RemoteVideo billed(long micros) {
        return new RemoteVideo(id, model, status, progress, createdAt, completedAt, expiresAt, size, seconds, quality,
                prompt, remixedFromVideoId, errorCode, errorMessage, resultUrl, micros);
    }

    public ProviderError.Kind failureKind() {
        return ProviderError.kindOfJobError(errorCode);
    }

    /** Where the finished video is, for {@link VideoProvider#download}. */
    public ResultRef result() {
        return new ResultRef(id, resultUrl);
    }
}
